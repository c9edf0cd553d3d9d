// @vitest-environment jsdom
// (workbox-core reads `self` when it loads.)
import { describe, expect, it } from 'vitest';

import { modelCacheName } from '../../../src/shared/cache-names';
import { deleteStaleModelCaches } from '../../../src/sw/model-cache';
import { FakeCacheStorage } from '../../helpers/fake-cache';

describe('deleteStaleModelCaches', () => {
  it('keeps the current model cache and other caches', async () => {
    const storage = new FakeCacheStorage();
    for (const name of [
      modelCacheName('1.0.0'),
      modelCacheName('1.1.0'),
      modelCacheName('2.0.0'),
      'workbox-precache-v2-http://127.0.0.1/',
    ]) {
      await storage.open(name);
    }

    const deleted = await deleteStaleModelCaches(
      modelCacheName('2.0.0'),
      storage,
    );

    expect(deleted).toEqual([modelCacheName('1.0.0'), modelCacheName('1.1.0')]);
    expect(await storage.keys()).toEqual([
      modelCacheName('2.0.0'),
      'workbox-precache-v2-http://127.0.0.1/',
    ]);
  });
});
