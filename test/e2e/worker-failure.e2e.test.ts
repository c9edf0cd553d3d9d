/**
 * A model worker that fails to start: the app must load the same module on
 * the page's thread and analyse there.
 */

import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  analysePhoto,
  openSession,
  waitForModel,
  type Session,
} from './browser';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0024698.jpg', import.meta.url),
);

describe('worker failure', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;
  let blocked: string | null = null;

  beforeAll(async () => {
    session = await openSession();
    // Fail the first fetch of the worker script: the one `new Worker` makes.
    await session.context.route(/\/assets\/worker-[^/]+\.js$/, (route) => {
      if (blocked === null) {
        blocked = route.request().url();
        return route.abort('failed');
      }
      return route.continue();
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('falls back to the main thread and analyses', async () => {
    const { page } = session;
    await page.goto(baseUrl);
    await waitForModel(page);

    const probability = await analysePhoto(page, PHOTO);

    expect(blocked).not.toBeNull();
    const workerRequests = session.requests.filter((url) => url === blocked);
    expect(workerRequests.length).toBeGreaterThanOrEqual(2);
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
  });
});
