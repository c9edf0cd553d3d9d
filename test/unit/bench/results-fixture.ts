// A bench run's results with round numbers, for tests of the report and
// the docs page. No figure here was measured.

import type {
  BenchResults,
  MemorySample,
  ModelFigures,
} from '../../../bench/results';

export function memorySample(
  analyses: number,
  numTensors: number,
  webglBytes: number,
  heapBytes: number,
): MemorySample {
  return {
    analyses,
    model: {
      numTensors,
      numBytes: webglBytes / 2,
      numBytesInGPU: webglBytes / 2,
      numBytesInGPUAllocated: webglBytes,
      numBytesInGPUFree: webglBytes / 2,
    },
    jsHeap: {
      page: { usedBytes: heapBytes / 4, backingStorageBytes: heapBytes / 4 },
      workers: {
        usedBytes: heapBytes / 4,
        backingStorageBytes: heapBytes / 4,
      },
    },
  };
}

function figures(
  name: string,
  downloadBytes: number,
  medianMs: number,
): ModelFigures {
  return {
    name,
    version: '1.0.0',
    manifestBytes: downloadBytes,
    inputSize: 224,
    backend: 'webgl',
    where: 'worker',
    startPage: 'app',
    starts: [
      {
        coldMs: 4_000,
        warmMs: 1_000,
        coldNetworkBytes: downloadBytes,
        warmNetworkBytes: 0,
      },
    ],
    coldStartMs: 4_000,
    warmStartMs: 1_000,
    downloadBytes,
    inferenceTimesMs: [medianMs, medianMs],
    inference: {
      runs: 2,
      medianMs,
      p90Ms: medianMs * 1.5,
      minMs: medianMs,
      maxMs: medianMs * 2,
    },
    memory: [
      memorySample(0, 120, 50_000_000, 10_000_000),
      memorySample(100, 120, 50_000_000, 10_500_000),
    ],
  };
}

/** Results in which every target is met. */
export function fakeResults(): BenchResults {
  return {
    format: 1,
    startedAt: '2026-01-02T03:04:05.000Z',
    durationS: 1200,
    machine: {
      cpuModel: 'Example CPU',
      cores: 2,
      memoryBytes: 24 * 2 ** 30,
      os: 'Debian GNU/Linux 12 (bookworm), Linux 6.1',
      node: 'v20.20.2',
      loadAverage: 1.5,
    },
    browser: {
      version: '156.0.8078.114',
      userAgent: 'Mozilla/5.0 HeadlessChrome/156.0.0.0',
      webglVendor: 'Google Inc. (Google)',
      webglRenderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))',
    },
    settings: {
      startRuns: 3,
      warmUpRuns: 3,
      timedRuns: 50,
      memoryRuns: 100,
      memorySampleEvery: 25,
      quick: false,
    },
    appJavaScript: {
      gzipBytes: 350_000,
      files: [{ path: 'assets/index.js', bytes: 900_000, gzipBytes: 350_000 }],
    },
    shipped: figures('oncoscan-example', 4_700_000, 500),
    baseline: {
      ...figures('first-design', 95_000_000, 6_000),
      startPage: 'bench page',
    },
    targets: [],
    predict: null,
  };
}
