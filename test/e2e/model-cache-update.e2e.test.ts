/**
 * The model caches across an app update: when the second build's service
 * worker activates, it deletes the cache of an older model version and
 * keeps the current one with every model file. Offline, its model route
 * then serves a model file from that cache.
 *
 * The page's downloader and the service worker's model route use one
 * cache, named after the model version, so no file can be in one and not
 * in the other. The offline check therefore fetches a file with the
 * network gone and the HTTP cache bypassed, so only the service worker
 * can serve it.
 */

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { modelCacheName } from '../../src/shared/cache-names';
import type { ModelManifest } from '../../src/shared/manifest';
import {
  acceptUpdate,
  BUILD_TIMEOUT_MS,
  buildNextVersion,
  replacePreview,
} from './app-update';
import { openSession, waitForModel, type Session } from './browser';
import { cachedSha256 } from './cache-storage';
import { startPreview, type PreviewServer } from './preview-server';

/** Version string of the second build, shown in the app's footer. */
const NEXT_VERSION = '0.0.0-model-cache-test';

/** A model version older than any shipped one, for the stale cache. */
const STALE_MODEL_VERSION = '0.0.0-stale';

/** Returns the names of the origin's caches. */
function cacheKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => caches.keys());
}

describe('model caches across an app update', () => {
  let manifest: ModelManifest;
  let nextBuild: string;
  let server: PreviewServer | undefined;
  let session: Session;

  beforeAll(async () => {
    manifest = JSON.parse(
      await readFile(
        new URL('../../public/model/manifest.json', import.meta.url),
        'utf8',
      ),
    );
    nextBuild = await mkdtemp(join(tmpdir(), 'oncoscan-next-build-'));
    await buildNextVersion(nextBuild, NEXT_VERSION);
    session = await openSession();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await rm(nextBuild, { recursive: true, force: true });
  });

  it('deletes older model caches on activation', async () => {
    expect(STALE_MODEL_VERSION).not.toBe(manifest.version);
    const currentCache = modelCacheName(manifest.version);
    const staleCache = modelCacheName(STALE_MODEL_VERSION);
    server = await startPreview();
    const { page } = session;
    await page.goto(server.baseUrl);
    await waitForModel(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // A returning visit, so the update waits for the user's consent.
    await page.reload();
    await waitForModel(page);
    await page.evaluate(
      async ({ staleCache, url }) => {
        const cache = await caches.open(staleCache);
        await cache.put(url, new Response('{}'));
      },
      { staleCache, url: `${server.baseUrl}model/model.json` },
    );
    expect(await cacheKeys(page)).toContain(staleCache);

    server = await replacePreview(server, nextBuild);
    await acceptUpdate(page);

    await expect
      .poll(() => page.locator('.app-version').innerText())
      .toBe(`OncoScan ${NEXT_VERSION}`);
    await expect.poll(() => cacheKeys(page)).not.toContain(staleCache);
    expect(await cacheKeys(page)).toContain(currentCache);
    for (const file of manifest.files) {
      const url = `${server.baseUrl}model/${file.path}`;
      expect(await cachedSha256(page, currentCache, url)).toBe(file.sha256);
    }
  });

  it('serves a model file offline from its cache', async () => {
    const { page, context } = session;
    await waitForModel(page);
    const shard = manifest.files.find((file) => file.path.endsWith('.bin'))!;
    const url = `${server!.baseUrl}model/${shard.path}`;
    await server!.stop();
    await context.setOffline(true);

    const [response, status] = await Promise.all([
      page.waitForResponse(url),
      page.evaluate(
        async (url) => (await fetch(url, { cache: 'no-store' })).status,
        url,
      ),
    ]);
    const sha256 = createHash('sha256')
      .update(await response.body())
      .digest('hex');

    expect(response.fromServiceWorker()).toBe(true);
    expect(status).toBe(200);
    expect(sha256).toBe(shard.sha256);
  });
});
