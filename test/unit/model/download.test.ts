import { describe, expect, it, vi } from 'vitest';

import {
  downloadModelFiles,
  toModelArtifacts,
} from '../../../src/model/download';
import { parseManifest } from '../../../src/model/parse-manifest';
import { modelCacheName } from '../../../src/shared/cache-names';
import { ModelError } from '../../../src/shared/errors';
import { FakeCacheStorage } from '../../helpers/fake-cache';
import { buildFakeModel } from '../../helpers/fake-model.mjs';
import { fakeModelFetch, MODEL_BASE_URL } from '../../helpers/fake-server';

function setUp() {
  const server = fakeModelFetch();
  const manifest = parseManifest(server.model.manifest);
  const cacheStorage = new FakeCacheStorage();
  return { server, manifest, cacheStorage };
}

describe('downloadModelFiles', () => {
  it('reports bytes up to the manifest total', async () => {
    const { server, manifest, cacheStorage } = setUp();
    const progress: [number, number][] = [];
    await downloadModelFiles(MODEL_BASE_URL, manifest, {
      fetchFunction: server.fetchFunction,
      cacheStorage,
      onProgress: (loaded, total) => progress.push([loaded, total]),
    });
    const total = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
    expect(progress[0]).toEqual([0, total]);
    expect(progress.at(-1)).toEqual([total, total]);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    }
  });

  it('serves the second load from the versioned cache', async () => {
    const { server, manifest, cacheStorage } = setUp();
    const options = { fetchFunction: server.fetchFunction, cacheStorage };
    await downloadModelFiles(MODEL_BASE_URL, manifest, options);
    const networkRequests = server.requested.length;

    const files = await downloadModelFiles(MODEL_BASE_URL, manifest, options);

    expect(networkRequests).toBe(manifest.files.length);
    expect(server.requested).toHaveLength(networkRequests);
    expect(files.size).toBe(manifest.files.length);
    expect(await cacheStorage.keys()).toEqual([
      modelCacheName(manifest.version),
    ]);
  });

  it('replaces a damaged cached file', async () => {
    const { server, manifest, cacheStorage } = setUp();
    const cache = await cacheStorage.open(modelCacheName(manifest.version));
    await cache.put(
      `${MODEL_BASE_URL}model.json`,
      new Response('{"damaged": true}'),
    );

    const files = await downloadModelFiles(MODEL_BASE_URL, manifest, {
      fetchFunction: server.fetchFunction,
      cacheStorage,
    });

    expect(server.requested).toContain(`${MODEL_BASE_URL}model.json`);
    const text = new TextDecoder().decode(files.get('model.json'));
    expect(JSON.parse(text).format).toBe('graph-model');
  });

  it('rejects a file whose hash differs', async () => {
    const { server, manifest } = setUp();
    const tampered = structuredClone(manifest);
    tampered.files[1]!.sha256 = '0'.repeat(64);

    const error = await downloadModelFiles(MODEL_BASE_URL, tampered, {
      fetchFunction: server.fetchFunction,
      cacheStorage: null,
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('integrity-failed');
    expect((error as ModelError).message).toMatch(
      /group1-shard1of1.bin is \d+ bytes with SHA-256 [0-9a-f]{64}, but the manifest lists/,
    );
  });

  it('reports the HTTP status of a missing file', async () => {
    const { server, manifest } = setUp();
    const missing = structuredClone(manifest);
    missing.files.push({ path: 'absent.bin', bytes: 1, sha256: 'a'.repeat(64) });

    const error = await downloadModelFiles(MODEL_BASE_URL, missing, {
      fetchFunction: server.fetchFunction,
      cacheStorage: null,
    }).catch((e: unknown) => e);

    expect((error as ModelError).code).toBe('download-failed');
    expect((error as ModelError).message).toMatch(/absent.bin failed with HTTP 404/);
  });

  it('reports a network failure with what to do', async () => {
    const { manifest } = setUp();
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;

    const error = await downloadModelFiles(MODEL_BASE_URL, manifest, {
      fetchFunction: offline,
      cacheStorage: null,
    }).catch((e: unknown) => e);

    expect((error as ModelError).code).toBe('download-failed');
    expect((error as ModelError).message).toMatch(/Check the connection/);
  });

  it('explains a damaged copy it cannot replace', async () => {
    const { server, manifest, cacheStorage } = setUp();
    const options = { fetchFunction: server.fetchFunction, cacheStorage };
    await downloadModelFiles(MODEL_BASE_URL, manifest, options);
    const shard = manifest.files[1]!.path;
    const cache = await cacheStorage.open(modelCacheName(manifest.version));
    await cache.put(`${MODEL_BASE_URL}${shard}`, new Response('damaged'));

    const error = await downloadModelFiles(MODEL_BASE_URL, manifest, {
      ...options,
      fetchFunction: offlineFetch,
    }).catch((e: unknown) => e);

    expect((error as ModelError).code).toBe('download-failed');
    expect((error as ModelError).message).toMatch(
      new RegExp(
        `^The stored copy of model file ${shard} is damaged \\(its SHA-256 ` +
          'differs from the model manifest\\), and downloading it again ' +
          'failed\\. Connect to the internet and reload the page to repair it',
      ),
    );
    expect(await cache.match(`${MODEL_BASE_URL}${shard}`)).toBeUndefined();
  });

  it('explains a file missing from the cache', async () => {
    const { server, manifest, cacheStorage } = setUp();
    const options = { fetchFunction: server.fetchFunction, cacheStorage };
    await downloadModelFiles(MODEL_BASE_URL, manifest, options);
    const shard = manifest.files[1]!.path;
    const cache = await cacheStorage.open(modelCacheName(manifest.version));
    await cache.delete(`${MODEL_BASE_URL}${shard}`);

    const error = await downloadModelFiles(MODEL_BASE_URL, manifest, {
      ...options,
      fetchFunction: offlineFetch,
    }).catch((e: unknown) => e);

    expect((error as ModelError).message).toMatch(
      new RegExp(`^Model file ${shard} is missing from this device's storage`),
    );
  });

  it('loads from memory when the cache is full', async () => {
    const { server, manifest, cacheStorage } = setUp();
    const cache = await cacheStorage.open(modelCacheName(manifest.version));
    cache.put = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const notStored: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation(() => {});

    const files = await downloadModelFiles(MODEL_BASE_URL, manifest, {
      fetchFunction: server.fetchFunction,
      cacheStorage: { open: async () => cache } as unknown as CacheStorage,
      onCacheWriteFailed: (path) => notStored.push(path),
    });

    expect(files.size).toBe(manifest.files.length);
    expect(notStored).toEqual(manifest.files.map((file) => file.path));
  });
});

const offlineFetch = (async () => {
  throw new TypeError('Failed to fetch');
}) as typeof fetch;

describe('toModelArtifacts', () => {
  it('joins the shards listed in model.json', async () => {
    const { server, manifest } = setUp();
    const files = await downloadModelFiles(MODEL_BASE_URL, manifest, {
      fetchFunction: server.fetchFunction,
      cacheStorage: null,
    });
    const artifacts = await toModelArtifacts(files);
    expect(artifacts.format).toBe('graph-model');
    expect(artifacts.weightSpecs?.map((w) => w.name)).toContain('w_malignant');
  });

  it('rejects a shard the manifest does not list', async () => {
    const { files } = buildFakeModel();
    const buffers = new Map([
      ['model.json', new Uint8Array(files.get('model.json')!).buffer],
    ]);
    await expect(toModelArtifacts(buffers)).rejects.toThrow(
      /lists weight shard group1-shard1of1.bin/,
    );
  });
});
