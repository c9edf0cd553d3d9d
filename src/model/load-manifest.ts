import { modelCacheName } from '../shared/cache-names';
import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import { parseManifest } from './parse-manifest';

export const MANIFEST_FILE = 'manifest.json';

export interface LoadManifestOptions {
  /** Defaults to `globalThis.caches`; `null` skips caching. */
  cacheStorage?: CacheStorage | null;
  fetchFunction?: typeof fetch;
}

/**
 * Fetches and validates the model manifest, then stores it in the model
 * cache of its version, so the service worker can serve it offline.
 */
export async function loadManifest(
  modelBaseUrl: string,
  options: LoadManifestOptions = {},
): Promise<ModelManifest> {
  const fetchFunction = options.fetchFunction ?? globalThis.fetch.bind(globalThis);
  const url = new URL(MANIFEST_FILE, modelBaseUrl).href;

  let response: Response;
  try {
    response = await fetchFunction(url, { cache: 'no-cache' });
  } catch (error) {
    throw ModelError.wrap(
      error,
      'download-failed',
      'Loading the model manifest failed. Check the connection and ' +
        'reload; after one complete visit the app works offline',
    );
  }
  if (!response.ok) {
    throw new ModelError(
      'manifest-invalid',
      `Loading the model manifest from ${url} failed with HTTP ` +
        `${response.status}`,
    );
  }

  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw ModelError.wrap(
      error,
      'manifest-invalid',
      `The model manifest at ${url} is not valid JSON`,
    );
  }
  const manifest = parseManifest(json);

  const cacheStorage =
    options.cacheStorage === undefined
      ? (globalThis.caches ?? null)
      : options.cacheStorage;
  if (cacheStorage) {
    try {
      const cache = await cacheStorage.open(modelCacheName(manifest.version));
      await cache.put(
        url,
        new Response(text, { headers: { 'Content-Type': 'application/json' } }),
      );
    } catch (error) {
      // Full storage must not stop a model that is already cached, or
      // that can still run from memory; the model download reports it.
      console.warn('Storing the model manifest in the cache failed', error);
    }
  }
  return manifest;
}
