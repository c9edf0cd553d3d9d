/**
 * Cache Storage names shared by the page, the model worker and the service
 * worker, which must agree on them.
 */

export const MODEL_CACHE_PREFIX = 'oncoscan-model-';

/** Returns the name of the cache that stores one model version's files. */
export function modelCacheName(modelVersion: string): string {
  return `${MODEL_CACHE_PREFIX}${modelVersion}`;
}
