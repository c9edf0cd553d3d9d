/**
 * The interface the bench page puts on `window` for the bench harness
 * (bench/main.ts). The app never loads the bench page.
 */

import type {
  BackendName,
  ModelMemory,
  SkippedBackend,
} from '../shared/messages';

/** Property of `window` that contains the `BenchPageApi`. */
export const BENCH_API_KEY = 'oncoscanBench';

/** Query parameter with the path of the model folder, e.g. `/model/`. */
export const MODEL_PARAMETER = 'model';

export interface BenchModelInfo {
  name: string;
  version: string;
  /** Sum of the sizes of the files the manifest lists, in bytes. */
  manifestBytes: number;
  /** Side of the square input image, in pixels. */
  inputSize: number;
  backend: BackendName;
  skipped: SkippedBackend[];
  where: 'worker' | 'main-thread';
  /** `performance.now()` when the model was ready: ms since navigation. */
  readyAtMs: number;
}

export interface BenchPageApi {
  /** Settles once the model is loaded and warmed up, or failed to load. */
  ready: Promise<BenchModelInfo>;
  /**
   * Runs `runs` analyses one after another, each on a new synthetic image,
   * and returns the model time of each (`Prediction.inferenceMs`).
   */
  analyse(runs: number): Promise<number[]>;
  memory(): Promise<ModelMemory>;
}
