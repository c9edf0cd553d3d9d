/**
 * React state of the model: manifest, download progress, the loaded
 * backend and the bridge that analyses photos.
 */

import { useCallback, useEffect, useRef, useState } from 'react';

import type { ModelBridge } from '../model/bridge';
import {
  createModelBridge,
  loadModelWithFallback,
} from '../model/create-bridge';
import { loadManifest } from '../model/load-manifest';
import { defaultModelUrls } from '../model/bridge';
import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import type {
  BackendName,
  LoadedModelInfo,
  Prediction,
} from '../shared/messages';

export type ModelState =
  | { status: 'manifest' }
  | {
      status: 'downloading';
      manifest: ModelManifest;
      loadedBytes: number;
      totalBytes: number;
    }
  | {
      status: 'ready';
      manifest: ModelManifest;
      info: LoadedModelInfo;
      /** Reason the model runs slower than usual, or null. */
      backendNote: string | null;
      /** Why the app will not work offline yet, or null. */
      storageNote?: string | null;
    }
  | { status: 'failed'; message: string; manifest: ModelManifest | null };

const BACKEND_NAMES: Record<BackendName, string> = {
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript',
};

/** Returns a note that explains a backend other than WebGL, or null. */
export function backendNote(backend: BackendName): string | null {
  if (backend === 'webgl') {
    return null;
  }
  return (
    `WebGL is not available, so the model runs on ` +
    `${BACKEND_NAMES[backend]}. Analysis is slower but gives the same kind ` +
    'of result.'
  );
}

/** Shown when model files could not be stored for offline use. */
export const NOT_STORED_NOTE =
  'The model could not be saved on this device, usually because storage ' +
  'is full, so OncoScan works now but needs the network next time. Free ' +
  'up space, then reload the page to use it offline.';

export interface ModelHandle {
  state: ModelState;
  analyse: (
    image: Float32Array,
    metadata: Float32Array,
    signal?: AbortSignal,
  ) => Promise<Prediction>;
}

export function useModel(): ModelHandle {
  const [state, setState] = useState<ModelState>({ status: 'manifest' });
  const bridgeRef = useRef<ModelBridge | null>(null);

  useEffect(() => {
    let active = true;
    let bridge: ModelBridge | null = null;
    let manifest: ModelManifest | null = null;

    const run = async () => {
      manifest = await loadManifest(defaultModelUrls().modelBaseUrl);
      if (!active) {
        return;
      }
      const loadedManifest = manifest;
      setState({
        status: 'downloading',
        manifest: loadedManifest,
        loadedBytes: 0,
        totalBytes: 0,
      });

      bridge = await createModelBridge();
      if (!active) {
        bridge.dispose();
        return;
      }

      const loaded = await loadModelWithFallback(
        bridge,
        loadedManifest,
        (loadedBytes, totalBytes) => {
          if (active) {
            setState({
              status: 'downloading',
              manifest: loadedManifest,
              loadedBytes,
              totalBytes,
            });
          }
        },
      );
      bridge = loaded.bridge;
      if (!active) {
        loaded.bridge.dispose();
        return;
      }

      bridgeRef.current = loaded.bridge;
      loaded.bridge.onBackendChange((backend, reason) => {
        setState((current) =>
          current.status === 'ready'
            ? {
                ...current,
                info: { ...current.info, backend },
                backendNote: `${reason} (${BACKEND_NAMES[backend]}).`,
              }
            : current,
        );
      });

      setState({
        status: 'ready',
        manifest: loadedManifest,
        info: loaded.info,
        backendNote: backendNote(loaded.info.backend),
        storageNote: loaded.info.notStored ? NOT_STORED_NOTE : null,
      });
    };

    run().catch((error: unknown) => {
      console.error('Loading the model failed', error);
      if (active) {
        const message =
          error instanceof ModelError || error instanceof Error
            ? error.message
            : String(error);
        setState({ status: 'failed', message, manifest });
      }
    });

    return () => {
      active = false;
      bridge?.dispose();
      bridgeRef.current = null;
    };
  }, []);

  const analyse = useCallback<ModelHandle['analyse']>(
    (image, metadata, signal) => {
      const bridge = bridgeRef.current;
      if (!bridge) {
        return Promise.reject(
          new ModelError('not-loaded', 'The model is still loading'),
        );
      }
      return bridge.analyse(image, metadata, signal);
    },
    [],
  );

  return { state, analyse };
}
