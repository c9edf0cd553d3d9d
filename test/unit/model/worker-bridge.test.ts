import { afterEach, describe, expect, it, vi } from 'vitest';

import { serve } from '../../../src/model/model-server';
import { parseManifest } from '../../../src/model/parse-manifest';
import { WorkerBridge } from '../../../src/model/worker-bridge';
import { ModelError } from '../../../src/shared/errors';
import { fakeModelFetch, MODEL_BASE_URL } from '../../helpers/fake-server';

/** Analyses in the bridge-level tensor-leak check. */
const LEAK_CHECK_RUNS = 4;

/**
 * The real model server and bridge, joined by a `MessageChannel` the way
 * the main-thread fallback joins them, on the CPU backend.
 */
function connect() {
  const server = fakeModelFetch();
  vi.stubGlobal('fetch', server.fetchFunction);
  const manifest = parseManifest(server.model.manifest);
  const channel = new MessageChannel();
  serve(channel.port2 as unknown as Parameters<typeof serve>[0]);
  const bridge = new WorkerBridge(
    channel.port1 as unknown as ConstructorParameters<typeof WorkerBridge>[0],
    { modelBaseUrl: MODEL_BASE_URL, wasmBaseUrl: 'unused/' },
    ['cpu'],
    'main-thread',
  );
  const { size } = manifest.input;
  const inputs = () => ({
    image: new Float32Array(size * size * 3).fill(120),
    metadata: new Float32Array(manifest.metadata.length),
  });
  return { bridge, manifest, inputs };
}

describe('WorkerBridge with the model server', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('loads with progress and analyses', async () => {
    const { bridge, manifest, inputs } = connect();
    const progress: number[] = [];

    const info = await bridge.load(manifest, (loaded) => progress.push(loaded));
    const { image, metadata } = inputs();
    const prediction = await bridge.analyse(image, metadata);

    expect(info.backend).toBe('cpu');
    expect(progress.length).toBeGreaterThan(1);
    expect(prediction.diagnosis).toHaveLength(7);
    expect(prediction.malignant).toBeGreaterThan(0);
    bridge.dispose();
  });

  it('keeps the tensor count level over analyses', async () => {
    const { bridge, manifest, inputs } = connect();
    await bridge.load(manifest);
    const first = inputs();
    await bridge.analyse(first.image, first.metadata);
    const before = await bridge.numTensors();

    for (let run = 0; run < LEAK_CHECK_RUNS; run++) {
      const { image, metadata } = inputs();
      await bridge.analyse(image, metadata);
    }

    expect(await bridge.numTensors()).toBe(before);
    bridge.dispose();
  });

  it('reports the memory of the loaded model', async () => {
    const { bridge, manifest } = connect();
    const empty = await bridge.memory();
    await bridge.load(manifest);

    const loaded = await bridge.memory();

    expect(empty.numTensors).toBe(0);
    expect(loaded.numTensors).toBeGreaterThan(0);
    expect(loaded.numBytes).toBeGreaterThan(0);
    // The CPU backend has no textures.
    expect(loaded.numBytesInGPU).toBeNull();
    expect(await bridge.numTensors()).toBe(loaded.numTensors);
    bridge.dispose();
  });

  it('passes errors through with their code', async () => {
    const { bridge, inputs } = connect();
    const { image, metadata } = inputs();

    const error = await bridge.analyse(image, metadata).catch((e) => e);

    expect(error).toBeInstanceOf(ModelError);
    expect(error.code).toBe('not-loaded');
    bridge.dispose();
  });

  it('rejects an aborted analysis at once', async () => {
    const { bridge, manifest, inputs } = connect();
    await bridge.load(manifest);
    const controller = new AbortController();
    const { image, metadata } = inputs();

    const pending = bridge.analyse(image, metadata, controller.signal);
    controller.abort();

    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    // The bridge still works after an abort.
    const next = inputs();
    const prediction = await bridge.analyse(next.image, next.metadata);
    expect(prediction.diagnosis).toHaveLength(7);
    bridge.dispose();
  });

  it('rejects an analysis whose signal is already aborted', async () => {
    const { bridge, inputs } = connect();
    const { image, metadata } = inputs();
    await expect(
      bridge.analyse(image, metadata, AbortSignal.abort()),
    ).rejects.toMatchObject({ code: 'aborted' });
    bridge.dispose();
  });

  it('rejects requests after dispose', async () => {
    const { bridge, manifest } = connect();
    bridge.dispose();
    await expect(bridge.load(manifest)).rejects.toMatchObject({
      code: 'aborted',
      message: 'The model bridge was disposed',
    });
  });
});

describe('WorkerBridge with a failing worker', () => {
  it('rejects pending requests when the worker fails', async () => {
    const listeners = new Map<string, (event: Event) => void>();
    const worker = {
      postMessage: vi.fn(),
      addEventListener: (type: string, listener: (event: Event) => void) =>
        listeners.set(type, listener),
      terminate: vi.fn(),
    };
    const bridge = new WorkerBridge(
      worker,
      { modelBaseUrl: MODEL_BASE_URL, wasmBaseUrl: 'unused/' },
      ['cpu'],
    );
    const manifest = parseManifest(fakeModelFetch().model.manifest);

    const pending = bridge.load(manifest);
    listeners.get('error')!({ message: 'SyntaxError in worker' } as ErrorEvent);

    await expect(pending).rejects.toMatchObject({
      code: 'worker-failed',
      message: 'The model worker stopped: SyntaxError in worker',
    });
  });
});
