import { describe, expect, it, vi } from 'vitest';

import { loadManifest } from '../../../src/model/load-manifest';
import { modelCacheName } from '../../../src/shared/cache-names';
import { FakeCacheStorage } from '../../helpers/fake-cache';
import { fakeModelFetch, MODEL_BASE_URL } from '../../helpers/fake-server';

describe('loadManifest', () => {
  it('stores the manifest in its version cache', async () => {
    const server = fakeModelFetch();
    const cacheStorage = new FakeCacheStorage();

    const manifest = await loadManifest(MODEL_BASE_URL, {
      fetchFunction: server.fetchFunction,
      cacheStorage,
    });

    const cache = await cacheStorage.open(modelCacheName(manifest.version));
    const stored = await cache.match(`${MODEL_BASE_URL}manifest.json`);
    expect(stored).toBeDefined();
    expect((await stored!.json()).version).toBe(manifest.version);
  });

  it('loads when the cache is full', async () => {
    const server = fakeModelFetch();
    const full = {
      open: async () => ({
        put: async () => {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        },
      }),
    } as unknown as CacheStorage;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const manifest = await loadManifest(MODEL_BASE_URL, {
      fetchFunction: server.fetchFunction,
      cacheStorage: full,
    });

    expect(manifest.version).toBe(server.model.manifest.version);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('reports a missing manifest with its URL', async () => {
    const server = fakeModelFetch();
    await expect(
      loadManifest('http://127.0.0.1:4173/elsewhere/', {
        fetchFunction: server.fetchFunction,
        cacheStorage: null,
      }),
    ).rejects.toMatchObject({
      code: 'manifest-invalid',
      message:
        'Loading the model manifest from ' +
        'http://127.0.0.1:4173/elsewhere/manifest.json failed with HTTP 404',
    });
  });

  it('reports a manifest that is not JSON', async () => {
    const notJson = (async () => new Response('<html>')) as typeof fetch;
    await expect(
      loadManifest(MODEL_BASE_URL, {
        fetchFunction: notJson,
        cacheStorage: null,
      }),
    ).rejects.toMatchObject({
      code: 'manifest-invalid',
      message: expect.stringMatching(/is not valid JSON/),
    });
  });
});
