import { createRequire } from 'node:module';
import { dirname } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { LesionModel } from '../../../src/model/engine';
import { parseManifest } from '../../../src/model/parse-manifest';
import {
  CONTEXT_LOST_REASON,
  ModelRuntime,
  toModelMemory,
} from '../../../src/model/runtime';
import type { BackendName } from '../../../src/shared/messages';
import { fakeModelFetch, MODEL_BASE_URL } from '../../helpers/fake-server';

/** Folder of the WASM backend's binaries, which Node reads from disk. */
const WASM_FOLDER = `${dirname(
  createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
)}/`;

/** Largest difference between backends' probabilities, in 0-1 units. */
const BACKEND_TOLERANCE = 1e-4;

function setUp(
  backends: BackendName[],
  isContextLost: () => boolean = () => false,
) {
  const server = fakeModelFetch();
  vi.stubGlobal('fetch', server.fetchFunction);
  const manifest = parseManifest(server.model.manifest);
  const changes: [BackendName, string][] = [];
  const runtime = new ModelRuntime({
    backends,
    wasmBaseUrl: WASM_FOLDER,
    onBackendChange: (backend, reason) => changes.push([backend, reason]),
    isContextLost,
  });
  const { size } = manifest.input;
  const image = new Float32Array(size * size * 3).fill(90);
  const metadata = new Float32Array(manifest.metadata.length);
  return { runtime, manifest, changes, image, metadata };
}

describe('ModelRuntime', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('skips a backend that cannot start', async () => {
    const { runtime, manifest } = setUp(['webgl', 'cpu']);

    const info = await runtime.load(manifest, MODEL_BASE_URL);

    expect(info.backend).toBe('cpu');
    expect(info.skipped.map((s) => s.backend)).toEqual(['webgl']);
    expect(info.skipped[0]!.reason).not.toBe('');
    runtime.dispose();
  });

  it('rejects analysis before load', async () => {
    const { runtime, image, metadata } = setUp(['cpu']);
    await expect(runtime.analyse(image, metadata)).rejects.toMatchObject({
      code: 'not-loaded',
    });
  });

  // One test, because a backend moved away from stays so for the process.
  it('moves to the next backend after context loss', async () => {
    const { runtime, manifest, changes, image, metadata } = setUp([
      'wasm',
      'cpu',
    ]);
    const info = await runtime.load(manifest, MODEL_BASE_URL);
    expect(info.backend).toBe('wasm');
    const onWasm = await runtime.analyse(image, metadata);

    runtime.handleContextLost();
    const onCpu = await runtime.analyse(image, metadata);

    expect(onWasm.backend).toBe('wasm');
    expect(onCpu.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(changes).toEqual([['cpu', CONTEXT_LOST_REASON]]);
    expect(Math.abs(onCpu.malignant - onWasm.malignant)).toBeLessThan(
      BACKEND_TOLERANCE,
    );

    // The tensor count stays level on the new backend.
    const before = runtime.numTensors();
    for (let run = 0; run < 3; run++) {
      await runtime.analyse(image, metadata);
    }
    expect(runtime.numTensors()).toBe(before);

    // With no backend left, a second loss is reported, not retried forever.
    runtime.handleContextLost();
    await expect(runtime.analyse(image, metadata)).rejects.toMatchObject({
      code: 'backend-failed',
    });
    runtime.dispose();
  });

  it('repeats an analysis that ran during context loss', async () => {
    const { runtime, manifest, changes, image, metadata } = setUp([
      'wasm',
      'cpu',
    ]);
    await runtime.load(manifest, MODEL_BASE_URL);
    const predict = vi.spyOn(LesionModel.prototype, 'predict');
    // The context goes while this analysis runs, and it reads back zeros.
    predict.mockImplementationOnce(async () => {
      runtime.handleContextLost();
      return {
        malignant: 0,
        diagnosis: [0, 0, 0, 0, 0, 0, 0],
        ood: null,
        backend: 'wasm',
        inferenceMs: 0,
      };
    });

    const prediction = await runtime.analyse(image, metadata);

    expect(prediction.backend).toBe('cpu');
    expect(prediction.diagnosis).toHaveLength(7);
    expect(changes).toEqual([['cpu', CONTEXT_LOST_REASON]]);
    predict.mockRestore();
    runtime.dispose();
  });

  it('repeats an analysis before the loss event', async () => {
    let lost = false;
    // Reads the loss once, as the next backend has no WebGL context.
    const isContextLost = () => {
      const wasLost = lost;
      lost = false;
      return wasLost;
    };
    const { runtime, manifest, changes, image, metadata } = setUp(
      ['wasm', 'cpu'],
      isContextLost,
    );
    await runtime.load(manifest, MODEL_BASE_URL);
    const predict = vi.spyOn(LesionModel.prototype, 'predict');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // The context is lost but its event has not arrived: zeros come back.
    predict.mockImplementationOnce(async () => {
      lost = true;
      return {
        malignant: 0,
        diagnosis: [0, 0, 0, 0, 0, 0, 0],
        ood: null,
        backend: 'wasm',
        inferenceMs: 0,
      };
    });

    const prediction = await runtime.analyse(image, metadata);

    expect(prediction.backend).toBe('cpu');
    expect(changes).toEqual([['cpu', CONTEXT_LOST_REASON]]);
    expect(warn).toHaveBeenCalledWith(
      'The WebGL context was lost during an analysis',
    );
    predict.mockRestore();
    warn.mockRestore();
    runtime.dispose();
  });

  it('stops waiting on a lost context', async () => {
    const { runtime, manifest, changes, image, metadata } = setUp([
      'wasm',
      'cpu',
    ]);
    await runtime.load(manifest, MODEL_BASE_URL);
    const predict = vi.spyOn(LesionModel.prototype, 'predict');
    // The read-back never settles, as on a context lost midway.
    predict.mockImplementationOnce(() => {
      setTimeout(() => runtime.handleContextLost(), 0);
      return new Promise(() => {});
    });

    const prediction = await runtime.analyse(image, metadata);

    expect(prediction.backend).toBe('cpu');
    expect(changes).toEqual([['cpu', CONTEXT_LOST_REASON]]);
    predict.mockRestore();
    runtime.dispose();
  });
});

describe('toModelMemory', () => {
  it('keeps the WebGL fields', () => {
    const memory = toModelMemory({
      numTensors: 3,
      numDataBuffers: 3,
      numBytes: 1200,
      unreliable: false,
      reasons: [],
      numBytesInGPU: 1024,
      numBytesInGPUAllocated: 4096,
      numBytesInGPUFree: 3072,
    });

    expect(memory).toEqual({
      numTensors: 3,
      numBytes: 1200,
      numBytesInGPU: 1024,
      numBytesInGPUAllocated: 4096,
      numBytesInGPUFree: 3072,
    });
  });

  it('sets GPU fields to null elsewhere', () => {
    const memory = toModelMemory({
      numTensors: 2,
      numDataBuffers: 2,
      numBytes: 800,
      unreliable: false,
      reasons: [],
    });

    expect(memory.numBytesInGPU).toBeNull();
    expect(memory.numBytesInGPUAllocated).toBeNull();
    expect(memory.numBytesInGPUFree).toBeNull();
  });
});
