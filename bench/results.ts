/**
 * The JSON file a bench run writes to bench/results/, from which
 * bench/markdown.ts writes docs/benchmarks.md.
 */

import type { BackendName, ModelMemory } from '../src/shared/messages';
import type { TimeSummary } from './stats';

/** Version of this layout; a change that breaks readers increments it. */
export const RESULTS_FORMAT = 1;

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  node: string;
  /** One-minute load average when the run started (0 on Windows). */
  loadAverage: number;
}

export interface BrowserInfo {
  /** Full Chromium version from `navigator.userAgentData`. */
  version: string;
  userAgent: string;
  /** Unmasked WebGL vendor and renderer strings of the page. */
  webglVendor: string;
  webglRenderer: string;
}

export interface JavaScriptFile {
  path: string;
  bytes: number;
  gzipBytes: number;
}

export interface StartRun {
  /** Navigation start to model ready, in milliseconds. */
  coldMs: number;
  warmMs: number;
  /** Response bytes of the model folder from the network, cold and warm. */
  coldNetworkBytes: number;
  warmNetworkBytes: number;
}

/** `Runtime.getHeapUsage` of the DevTools protocol, after a collection. */
export interface HeapUsage {
  /** V8 heap in use, in bytes. */
  usedBytes: number;
  /** Contents of ArrayBuffers and external strings, in bytes. */
  backingStorageBytes: number;
}

export interface JsHeap {
  page: HeapUsage;
  /** Sum over the page's dedicated workers, which are the model worker. */
  workers: HeapUsage;
}

export interface MemorySample {
  /** Analyses run since the first sample. */
  analyses: number;
  model: ModelMemory;
  jsHeap: JsHeap;
}

export interface ModelFigures {
  name: string;
  version: string;
  /** Sum of the file sizes the manifest lists, in bytes. */
  manifestBytes: number;
  inputSize: number;
  backend: BackendName;
  where: 'worker' | 'main-thread';
  /** Page that measured the starts: the app, or the bench page. */
  startPage: 'app' | 'bench page';
  starts: StartRun[];
  /** Medians over `starts`. */
  coldStartMs: number;
  warmStartMs: number;
  /** Network bytes of the model folder in the first cold start. */
  downloadBytes: number;
  /** Model time of each analysis after warm-up, in milliseconds. */
  inferenceTimesMs: number[];
  /** Summary of the first `settings.timedRuns` analyses. */
  inference: TimeSummary;
  memory: MemorySample[];
}

export interface BenchSettings {
  /** Cold and warm starts per model, each cold start in a new profile. */
  startRuns: number;
  /** Analyses after loading that neither timings nor memory include. */
  warmUpRuns: number;
  timedRuns: number;
  /** Analyses between the first and last memory sample. */
  memoryRuns: number;
  memorySampleEvery: number;
  /** True for a short development run, whose figures are not published. */
  quick: boolean;
}

export interface TargetResult {
  id: string;
  description: string;
  value: number;
  /** Whether `value` must be at most (`max`) or at least (`min`) `limit`. */
  bound: 'max' | 'min';
  limit: number;
  unit: 'bytes' | 'times' | 'tensors';
  met: boolean;
}

export interface BenchResults {
  format: typeof RESULTS_FORMAT;
  /** ISO 8601 time the run started. */
  startedAt: string;
  durationS: number;
  machine: MachineInfo;
  browser: BrowserInfo;
  settings: BenchSettings;
  appJavaScript: { gzipBytes: number; files: JavaScriptFile[] };
  shipped: ModelFigures;
  baseline: ModelFigures;
  targets: TargetResult[];
  /** Last line `npm run bench:predict` printed, or null without it. */
  predict: string | null;
}
