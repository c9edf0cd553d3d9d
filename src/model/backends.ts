/**
 * Start-up of TensorFlow.js backends in order of preference. Each backend
 * package is imported only when it is tried, so a browser with WebGL never
 * downloads the WASM or CPU code.
 */

import * as tf from '@tensorflow/tfjs-core';

import { ModelError } from '../shared/errors';
import type { BackendName, SkippedBackend } from '../shared/messages';

export interface BackendSettings {
  /** Absolute URL of the folder that serves the WASM backend's files. */
  wasmBaseUrl: string;
}

async function registerBackend(
  name: BackendName,
  settings: BackendSettings,
): Promise<void> {
  switch (name) {
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Threads need cross-origin isolation, which the app does not set up,
      // so only the single-threaded binaries are served.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      wasm.setWasmPaths(settings.wasmBaseUrl);
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return;
  }
}

/**
 * Makes the first backend of `candidates` that starts the active one, and
 * returns it with the reasons the earlier candidates were skipped.
 */
export async function activateBackend(
  candidates: readonly BackendName[],
  settings: BackendSettings,
): Promise<{ backend: BackendName; skipped: SkippedBackend[] }> {
  const skipped: SkippedBackend[] = [];
  for (const backend of candidates) {
    try {
      await registerBackend(backend, settings);
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { backend, skipped };
      }
      skipped.push({ backend, reason: `${backend} failed to initialise` });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      skipped.push({ backend, reason: detail });
    }
  }
  if (skipped.length === 0) {
    throw new ModelError('backend-failed', 'No TensorFlow.js backend is left');
  }
  const reasons = skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
  throw new ModelError(
    'backend-failed',
    `No TensorFlow.js backend could be started (${reasons})`,
  );
}

/** The part of a WebGL context this module uses. */
interface LosableContext {
  isContextLost(): boolean;
}

/** The active WebGL backend's context, or null on other backends. */
function webglContext(): LosableContext | null {
  if (tf.getBackend() !== 'webgl') {
    return null;
  }
  // The WebGL backend exposes its context as `gpgpu.gl`.
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl?: LosableContext };
  };
  return backend.gpgpu?.gl ?? null;
}

/**
 * Whether the active WebGL backend's context is lost now. The
 * `webglcontextlost` event arrives in a later task, so an analysis that
 * ends right after the loss must ask this to know its outputs are void.
 */
export function isWebglContextLost(): boolean {
  return webglContext()?.isContextLost() ?? false;
}

/**
 * Calls `listener` once if the active WebGL backend loses its context.
 * Returns a function that removes the listener. For other backends it
 * does nothing.
 */
export function onWebglContextLost(listener: () => void): () => void {
  if (tf.getBackend() !== 'webgl') {
    return () => {};
  }
  // The WebGL backend exposes its context as `gpgpu.gl`.
  const backend = tf.backend() as unknown as {
    gpgpu?: { gl?: { canvas?: EventTarget } };
  };
  const canvas = backend.gpgpu?.gl?.canvas;
  if (!canvas || typeof canvas.addEventListener !== 'function') {
    return () => {};
  }
  const handler = () => listener();
  canvas.addEventListener('webglcontextlost', handler, { once: true });
  return () => canvas.removeEventListener('webglcontextlost', handler);
}
