/**
 * The one interface the UI uses to reach the model, wherever it runs.
 */

import type { ModelManifest } from '../shared/manifest';
import type {
  BackendName,
  LoadedModelInfo,
  ModelMemory,
  Prediction,
} from '../shared/messages';
import type { ProgressListener } from './download';

export type BackendChangeListener = (
  backend: BackendName,
  reason: string,
) => void;

export interface ModelBridge {
  readonly where: 'worker' | 'main-thread';
  /** Downloads and loads the model; `onProgress` gets bytes so far. */
  load(
    manifest: ModelManifest,
    onProgress?: ProgressListener,
  ): Promise<LoadedModelInfo>;
  /** Analyses one preprocessed image, rejecting with `aborted` on abort. */
  analyse(
    image: Float32Array,
    metadata: Float32Array,
    signal?: AbortSignal,
  ): Promise<Prediction>;
  /** Number of live tensors where the model runs, for leak checks. */
  numTensors(): Promise<number>;
  /** TensorFlow.js memory where the model runs, for leak checks. */
  memory(): Promise<ModelMemory>;
  /** Registers a listener for backend switches and returns its remover. */
  onBackendChange(listener: BackendChangeListener): () => void;
  dispose(): void;
}

/** URLs the model code needs, resolved against the page. */
export interface ModelUrls {
  modelBaseUrl: string;
  wasmBaseUrl: string;
}

export function defaultModelUrls(): ModelUrls {
  const base = new URL(import.meta.env.BASE_URL, location.href);
  return {
    modelBaseUrl: new URL('model/', base).href,
    wasmBaseUrl: new URL('tfjs-wasm/', base).href,
  };
}
