/**
 * Messages between the page and the model worker. Every request carries an
 * id, and every response to it repeats that id. Responses with id 0 are
 * notices the worker sends on its own.
 */

import type { SerializedModelError } from './errors';
import type { ModelManifest } from './manifest';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

/**
 * The graph's `cam` output for one image: each cell's contribution to the
 * calibrated malignant logit, row-major, top row first.
 */
export interface CamGrid {
  rows: number;
  columns: number;
  values: number[];
}

/** Outputs of one analysis, as the contract defines them. */
export interface Prediction {
  /** Calibrated probability that the lesion is malignant, 0-1. */
  malignant: number;
  /** Calibrated probability of each diagnosis, in `manifest.labels` order. */
  diagnosis: number[];
  /** Out-of-distribution score, or null if the model has none. */
  ood: number | null;
  /** Class-activation map; absent in predictions made without it. */
  cam?: CamGrid;
  backend: BackendName;
  /** Wall-clock time of the model call, in milliseconds. */
  inferenceMs: number;
}

/** Outcome of trying one backend that was not used. */
export interface SkippedBackend {
  backend: BackendName;
  reason: string;
}

export interface LoadedModelInfo {
  backend: BackendName;
  /** Backends tried before `backend`, with why each was not used. */
  skipped: SkippedBackend[];
  /**
   * True when some model files could not be stored for offline use,
   * usually because storage is full.
   */
  notStored?: boolean;
}

/**
 * Memory of the TensorFlow.js engine where the model runs, from
 * `tf.memory()`. The GPU fields are null on backends other than WebGL.
 */
export interface ModelMemory {
  numTensors: number;
  /** Bytes of all live tensors, weights included. */
  numBytes: number;
  /** Bytes of the WebGL textures that back live tensors. */
  numBytesInGPU: number | null;
  /** Bytes of all WebGL textures the backend has allocated, free ones too. */
  numBytesInGPUAllocated: number | null;
  /** Bytes of the textures kept in the backend's pool for reuse. */
  numBytesInGPUFree: number | null;
}

export type WorkerRequest =
  | {
      id: number;
      type: 'load';
      manifest: ModelManifest;
      /** Absolute URL of the model folder, ending in `/`. */
      modelBaseUrl: string;
      /** Absolute URL of the folder with the WASM backend's files. */
      wasmBaseUrl: string;
      backends: BackendName[];
    }
  | {
      id: number;
      type: 'analyse';
      /** Model input, `size * size * 3` RGB values in 0-255. */
      image: Float32Array;
      metadata: Float32Array;
    }
  | { id: number; type: 'cancel'; requestId: number }
  | { id: number; type: 'memory' };

export type WorkerResponse =
  | { id: number; type: 'progress'; loadedBytes: number; totalBytes: number }
  | { id: number; type: 'loaded'; info: LoadedModelInfo }
  | { id: number; type: 'analysed'; prediction: Prediction }
  | { id: number; type: 'memory'; memory: ModelMemory }
  | { id: number; type: 'error'; error: SerializedModelError }
  | { id: 0; type: 'backend-changed'; backend: BackendName; reason: string };

/** Id of notices, which respond to no request. */
export const NOTICE_ID = 0;

/**
 * Global key under which src/model/worker.ts leaves its `serve` function
 * when it is imported on the main thread. A global, because the production
 * build renames the worker bundle's exports.
 */
export const MODEL_SERVER_KEY = Symbol.for('oncoscan.model-server');
