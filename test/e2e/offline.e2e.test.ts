/**
 * First visit online, then the same analysis with the server stopped and
 * the browser offline: the service worker must serve the app shell and the
 * cached model.
 */

import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  analysePhoto,
  openSession,
  waitForModel,
  type Session,
} from './browser';
import { startPreview, type PreviewServer } from './preview-server';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0025964.jpg', import.meta.url),
);

/**
 * Largest difference between the online and offline probability of the
 * same photo on the same backend, in 0-1 units.
 */
const REPEAT_TOLERANCE = 1e-4;

describe('offline use', () => {
  let server: PreviewServer;
  let session: Session;
  let online: number;

  beforeAll(async () => {
    // A server of its own, so this file can stop it.
    server = await startPreview();
    session = await openSession();
  });

  afterAll(async () => {
    await session?.close();
    await server?.stop();
  });

  it('analyses a photo on the first visit', async () => {
    const { page } = session;
    await page.goto(server.baseUrl);
    await waitForModel(page);
    // No note means the worker runs on WebGL.
    expect(await page.getByTestId('backend-note').count()).toBe(0);

    online = await analysePhoto(page, PHOTO);

    expect(online).toBeGreaterThanOrEqual(0);
    expect(online).toBeLessThanOrEqual(1);
  });

  it('analyses again with no network', async () => {
    const { page, context } = session;
    const activated = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state;
    });
    expect(activated).toBe('activated');

    await server.stop();
    await context.setOffline(true);
    const navigation = await page.reload();
    expect(navigation?.fromServiceWorker()).toBe(true);
    await waitForModel(page);

    const offline = await analysePhoto(page, PHOTO);

    expect(Math.abs(offline - online)).toBeLessThan(REPEAT_TOLERANCE);
  });

  it('requested nothing outside its own origin', () => {
    const origin = new URL(server.baseUrl).origin;
    const foreign = session.requests.filter(
      (url) =>
        new URL(url).origin !== origin &&
        !url.startsWith('blob:') &&
        !url.startsWith('data:'),
    );
    expect(foreign).toEqual([]);
    expect(session.requests.length).toBeGreaterThan(0);
  });

  it('logged no errors', () => {
    expect(session.errors).toEqual([]);
  });
});
