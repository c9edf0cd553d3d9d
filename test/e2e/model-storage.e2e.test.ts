/**
 * The model files in Chromium's Cache Storage: a damaged shard is found
 * by its SHA-256 from the model manifest and downloaded again when
 * online, explained when offline. Full storage keeps what is stored, and
 * the page explains why the model could not be saved.
 */

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { modelCacheName } from '../../src/shared/cache-names';
import type { ModelManifest } from '../../src/shared/manifest';
import {
  analysePhoto,
  MODEL_READY_TIMEOUT_MS,
  openSession,
  waitForModel,
  type Session,
} from './browser';
import { cachedSha256 } from './cache-storage';
import { startPreview, type PreviewServer } from './preview-server';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0025964.jpg', import.meta.url),
);

/**
 * Largest difference between two probabilities of the same photo on the
 * same backend, in 0-1 units.
 */
const REPEAT_TOLERANCE = 1e-4;

/** Origin quota while storage is "full", in bytes: below any model file. */
const FULL_QUOTA_BYTES = 1024;

/** Flips one byte of a cached model file, keeping its length. */
function damageCachedFile(page: Page, cacheName: string, url: string) {
  return page.evaluate(
    async ({ cacheName, url }) => {
      const cache = await caches.open(cacheName);
      const response = await cache.match(url);
      if (!response) {
        throw new Error(`${url} is not in ${cacheName}`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      await cache.put(url, new Response(bytes, { headers: response.headers }));
    },
    { cacheName, url },
  );
}

describe('model storage', () => {
  let server: PreviewServer;
  let session: Session;
  let cdp: CDPSession;
  let manifest: ModelManifest;
  let cacheName: string;
  let shardUrl: string;
  let shardHash: string;
  let first: number;

  beforeAll(async () => {
    manifest = JSON.parse(
      await readFile(
        new URL('../../public/model/manifest.json', import.meta.url),
        'utf8',
      ),
    );
    cacheName = modelCacheName(manifest.version);
    // The first weight shard, after model.json.
    const shard = manifest.files.find((file) => file.path.endsWith('.bin'))!;
    shardHash = shard.sha256;
    // A server of its own, so this file can stop it.
    server = await startPreview();
    shardUrl = new URL(`model/${shard.path}`, server.baseUrl).href;
    session = await openSession();
    cdp = await session.context.newCDPSession(session.page);
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  /** Sets or, with null, resets the origin's storage quota. */
  async function setQuota(bytes: number | null) {
    const origin = new URL(server.baseUrl).origin;
    await cdp.send(
      'Storage.overrideQuotaForOrigin',
      bytes === null ? { origin } : { origin, quotaSize: bytes },
    );
  }

  it('stores every model file on the first visit', async () => {
    const { page } = session;
    await page.goto(server.baseUrl);
    await waitForModel(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    first = await analysePhoto(page, PHOTO);

    expect(await cachedSha256(page, cacheName, shardUrl)).toBe(shardHash);
  });

  it('downloads a damaged shard again online', async () => {
    const { page } = session;
    await damageCachedFile(page, cacheName, shardUrl);
    expect(await cachedSha256(page, cacheName, shardUrl)).not.toBe(shardHash);
    const requestsBefore = session.requests.length;

    await page.reload();
    await waitForModel(page);

    expect(session.requests.slice(requestsBefore)).toContain(shardUrl);
    expect(await cachedSha256(page, cacheName, shardUrl)).toBe(shardHash);
    const again = await analysePhoto(page, PHOTO);
    expect(Math.abs(again - first)).toBeLessThan(REPEAT_TOLERANCE);
  });

  it('keeps the stored model when storage is full', async () => {
    const { page } = session;
    await setQuota(FULL_QUOTA_BYTES);

    await page.reload();
    await waitForModel(page);

    expect(await page.getByTestId('storage-note').count()).toBe(0);
    expect(await cachedSha256(page, cacheName, shardUrl)).toBe(shardHash);
    const again = await analysePhoto(page, PHOTO);
    expect(Math.abs(again - first)).toBeLessThan(REPEAT_TOLERANCE);
  });

  it('explains a model that full storage drops', async () => {
    const { page } = session;
    await page.evaluate(
      async ({ cacheName, url }) => (await caches.open(cacheName)).delete(url),
      { cacheName, url: shardUrl },
    );

    await page.reload();
    await waitForModel(page);

    expect(await page.getByTestId('storage-note').innerText()).toBe(
      'The model could not be saved on this device, usually because ' +
        'storage is full, so OncoScan works now but needs the network next ' +
        'time. Free up space, then reload the page to use it offline.',
    );
    expect(await cachedSha256(page, cacheName, shardUrl)).toBeNull();
    const again = await analysePhoto(page, PHOTO);
    expect(Math.abs(again - first)).toBeLessThan(REPEAT_TOLERANCE);
  });

  it('stores the model again once there is space', async () => {
    const { page } = session;
    await setQuota(null);

    await page.reload();
    await waitForModel(page);

    expect(await page.getByTestId('storage-note').count()).toBe(0);
    expect(await cachedSha256(page, cacheName, shardUrl)).toBe(shardHash);
  });

  it('explains a damaged shard offline', async () => {
    const { page, context } = session;
    await damageCachedFile(page, cacheName, shardUrl);
    await server.stop();
    await context.setOffline(true);

    await page.reload();
    const failed = page.locator('.model-status.error');
    await failed.waitFor({ timeout: MODEL_READY_TIMEOUT_MS });

    const path = shardUrl.split('/').at(-1);
    expect(await failed.innerText()).toMatch(
      new RegExp(
        `The stored copy of model file ${path} is damaged \\(its SHA-256 ` +
          'differs from the model manifest\\), and downloading it again ' +
          'failed\\. Connect to the internet and reload the page to repair it',
      ),
    );
    expect(
      await page.getByRole('button', { name: 'Reload the page' }).isVisible(),
    ).toBe(true);
    expect(
      await page.getByRole('button', { name: 'Analyse' }).isDisabled(),
    ).toBe(true);
  });
});
