import { describe, expect, it, vi } from 'vitest';

import type { ModelBridge } from '../../../src/model/bridge';
import { loadModelWithFallback } from '../../../src/model/create-bridge';
import { parseManifest } from '../../../src/model/parse-manifest';
import { ModelError } from '../../../src/shared/errors';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const manifest = parseManifest(buildFakeModel().manifest);
const capabilities = { worker: true, offscreenWebgl: true, documentWebgl: true };
const urls = { modelBaseUrl: 'http://127.0.0.1/model/', wasmBaseUrl: 'x/' };

function failingBridge(error: Error): ModelBridge {
  return {
    where: 'worker',
    load: vi.fn().mockRejectedValue(error),
    analyse: vi.fn(),
    numTensors: vi.fn(),
    memory: vi.fn(),
    onBackendChange: vi.fn(),
    dispose: vi.fn(),
  };
}

describe('loadModelWithFallback', () => {
  it('does not retry after the bridge was disposed', async () => {
    const bridge = failingBridge(
      new ModelError('aborted', 'The model bridge was disposed'),
    );
    await expect(
      loadModelWithFallback(bridge, manifest, () => {}, capabilities, urls),
    ).rejects.toMatchObject({ code: 'aborted' });
    expect(bridge.dispose).not.toHaveBeenCalled();
  });

  it('passes on a model error without retrying', async () => {
    const bridge = failingBridge(
      new ModelError('integrity-failed', 'model.json differs'),
    );
    await expect(
      loadModelWithFallback(bridge, manifest, () => {}, capabilities, urls),
    ).rejects.toMatchObject({ code: 'integrity-failed' });
  });

  it('returns the first bridge when it loads', async () => {
    const info = { backend: 'webgl' as const, skipped: [] };
    const bridge = failingBridge(new Error('unused'));
    bridge.load = vi.fn().mockResolvedValue(info);
    const loaded = await loadModelWithFallback(
      bridge,
      manifest,
      () => {},
      capabilities,
      urls,
    );
    expect(loaded).toEqual({ bridge, info });
  });
});
