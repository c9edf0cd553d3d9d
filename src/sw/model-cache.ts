/// <reference lib="webworker" />
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { Route } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

import { MODEL_CACHE_PREFIX } from '../shared/cache-names';

/**
 * Serves same-origin requests under `modelFolder` from `cacheName` first,
 * storing each successful network response there. The page's downloader
 * writes the same cache, so files fetched before this worker took control
 * are found too.
 */
export function modelRoute(modelFolder: string, cacheName: string): Route {
  return new Route(
    ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith(modelFolder),
    new CacheFirst({
      cacheName,
      plugins: [new CacheableResponsePlugin({ statuses: [200] })],
    }),
  );
}

/** Deletes every model cache except `currentCache`. */
export async function deleteStaleModelCaches(
  currentCache: string,
  cacheStorage: CacheStorage = caches,
): Promise<string[]> {
  const stale = (await cacheStorage.keys()).filter(
    (name) => name.startsWith(MODEL_CACHE_PREFIX) && name !== currentCache,
  );
  await Promise.all(stale.map((name) => cacheStorage.delete(name)));
  return stale;
}
