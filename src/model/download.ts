/**
 * Download of the model files listed in the manifest, with byte progress,
 * size and SHA-256 checks, and a copy in Cache Storage. The cache is named
 * after `manifest.version`, so the service worker serves the same files
 * offline and drops them when the model changes.
 */

import { modelCacheName } from '../shared/cache-names';
import { ModelError } from '../shared/errors';
import type { ModelFile, ModelManifest } from '../shared/manifest';
import { sha256Hex } from './artifacts';

export { sha256Hex, toModelArtifacts } from './artifacts';

export type ProgressListener = (loadedBytes: number, totalBytes: number) => void;

export interface DownloadOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Defaults to `globalThis.caches`; `null` skips caching. */
  cacheStorage?: CacheStorage | null;
  fetchFunction?: typeof fetch;
  /**
   * Called when a downloaded file could not be stored in the cache,
   * usually because storage is full. Loading goes on from memory.
   */
  onCacheWriteFailed?: (path: string, error: unknown) => void;
}

/** Why a file had to be downloaded although the cache exists. */
type CacheMiss = 'damaged' | 'missing' | 'first-download';

async function verifyFile(file: ModelFile, data: ArrayBuffer): Promise<void> {
  const actual = await sha256Hex(data);
  if (data.byteLength !== file.bytes || actual !== file.sha256) {
    throw new ModelError(
      'integrity-failed',
      `Model file ${file.path} is ${data.byteLength} bytes with SHA-256 ` +
        `${actual}, but the manifest lists ${file.bytes} bytes with ` +
        `${file.sha256}. Reload the page to download it again.`,
    );
  }
}

/** Reads a response body, calling `onBytes` with each chunk's length. */
async function readBody(
  response: Response,
  onBytes: (count: number) => void,
): Promise<ArrayBuffer> {
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    onBytes(buffer.byteLength);
    return buffer;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(value);
    length += value.byteLength;
    onBytes(value.byteLength);
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out.buffer;
}

/** Explains a failed download, by what the cache held of the file. */
function downloadFailedContext(file: ModelFile, miss: CacheMiss): string {
  switch (miss) {
    case 'damaged':
      return (
        `The stored copy of model file ${file.path} is damaged (its ` +
        'SHA-256 differs from the model manifest), and downloading it ' +
        'again failed. Connect to the internet and reload the page to ' +
        'repair it'
      );
    case 'missing':
      return (
        `Model file ${file.path} is missing from this device's storage, ` +
        'and downloading it again failed. Connect to the internet and ' +
        'reload the page to repair it'
      );
    case 'first-download':
      return (
        `Downloading model file ${file.path} failed. Check the connection ` +
        'and reload; after one complete visit the app works offline'
      );
  }
}

async function fetchFromNetwork(
  url: string,
  file: ModelFile,
  miss: CacheMiss,
  fetchFunction: typeof fetch,
  signal: AbortSignal | undefined,
  onBytes: (count: number) => void,
): Promise<{ data: ArrayBuffer; contentType: string }> {
  let response: Response;
  try {
    response = await fetchFunction(url, { signal });
  } catch (error) {
    if (signal?.aborted) {
      throw new ModelError('aborted', 'The model download was cancelled');
    }
    throw ModelError.wrap(
      error,
      'download-failed',
      downloadFailedContext(file, miss),
    );
  }
  if (!response.ok) {
    throw new ModelError(
      'download-failed',
      `Downloading model file ${file.path} failed with HTTP ` +
        `${response.status} ${response.statusText}`.trim(),
    );
  }
  const data = await readBody(response, onBytes);
  const contentType =
    response.headers.get('Content-Type') ?? 'application/octet-stream';
  return { data, contentType };
}

/**
 * Returns the contents of every file in `manifest.files`, keyed by path,
 * taking each from the model cache when a verified copy is there.
 */
export async function downloadModelFiles(
  modelBaseUrl: string,
  manifest: ModelManifest,
  options: DownloadOptions = {},
): Promise<Map<string, ArrayBuffer>> {
  const fetchFunction = options.fetchFunction ?? globalThis.fetch.bind(globalThis);
  const cacheStorage =
    options.cacheStorage === undefined
      ? (globalThis.caches ?? null)
      : options.cacheStorage;
  const cache = cacheStorage
    ? await cacheStorage.open(modelCacheName(manifest.version))
    : null;

  const totalBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  let loadedBytes = 0;
  const report = (count: number) => {
    loadedBytes += count;
    options.onProgress?.(loadedBytes, totalBytes);
  };
  options.onProgress?.(0, totalBytes);

  const contents = new Map<string, ArrayBuffer>();
  // Once one file came from the cache, a later file absent from it was
  // lost from storage rather than never downloaded.
  let foundCached = false;
  for (const file of manifest.files) {
    const url = new URL(file.path, modelBaseUrl).href;
    const cached = await cache?.match(url);
    let miss: CacheMiss = foundCached ? 'missing' : 'first-download';
    if (cached) {
      foundCached = true;
      const data = await cached.arrayBuffer();
      try {
        await verifyFile(file, data);
        contents.set(file.path, data);
        report(data.byteLength);
        continue;
      } catch (error) {
        // A stale or damaged copy: drop it and download the file again.
        console.warn(`Cached model file ${file.path} is invalid`, error);
        miss = 'damaged';
        await cache?.delete(url);
      }
    }

    const before = loadedBytes;
    const { data, contentType } = await fetchFromNetwork(
      url,
      file,
      miss,
      fetchFunction,
      options.signal,
      report,
    );
    await verifyFile(file, data);
    // Count exactly the listed size, whatever the transfer reported.
    loadedBytes = before + file.bytes;
    try {
      await cache?.put(
        url,
        new Response(data.slice(0), {
          headers: { 'Content-Type': contentType },
        }),
      );
    } catch (error) {
      console.warn(`Storing model file ${file.path} in the cache failed`, error);
      options.onCacheWriteFailed?.(file.path, error);
    }
    contents.set(file.path, data);
  }
  return contents;
}
