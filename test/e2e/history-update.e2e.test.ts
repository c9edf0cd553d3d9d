/**
 * A saved history survives an app update: a second build with another
 * version string replaces the first on the same origin, the service
 * worker update is accepted through the in-app prompt, and the history
 * database is unchanged.
 */

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  acceptUpdate,
  BUILD_TIMEOUT_MS,
  buildNextVersion,
  replacePreview,
} from './app-update';
import { openSession, waitForModel, type Session } from './browser';
import { dumpHistory, importFile, openLesion } from './history-helpers';
import { startPreview, type PreviewServer } from './preview-server';

const V1_EXPORT = fileURLToPath(
  new URL('../fixtures/history/v1-export.json', import.meta.url),
);

/** Version string of the second build, shown in the app's footer. */
const NEXT_VERSION = '0.0.0-update-test';

describe('history across an app update', () => {
  let nextBuild: string;
  let server: PreviewServer | undefined;
  let session: Session;

  beforeAll(async () => {
    nextBuild = await mkdtemp(join(tmpdir(), 'oncoscan-next-build-'));
    await buildNextVersion(nextBuild, NEXT_VERSION);
    session = await openSession();
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    await server?.stop();
    await rm(nextBuild, { recursive: true, force: true });
  });

  it('keeps the history after accepting the update', async () => {
    server = await startPreview();
    const { baseUrl } = server;
    const { page } = session;
    await page.goto(baseUrl);
    await waitForModel(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    // A returning visit, so the service worker controls the page and a
    // new version has to wait for the user's consent.
    await page.reload();
    expect(
      await page.evaluate(() => navigator.serviceWorker.controller !== null),
    ).toBe(true);
    await importFile(page, 'v1-export.json', await readFile(V1_EXPORT));
    await page.getByTestId('lesion-list').waitFor();
    const before = (await dumpHistory(page))!;
    expect(before.analyses).toHaveLength(3);
    const oldVersion = await page.locator('.app-version').innerText();
    expect(oldVersion).not.toBe(`OncoScan ${NEXT_VERSION}`);

    // The new build takes the old one's place on the same origin.
    server = await replacePreview(server, nextBuild);
    await acceptUpdate(page);

    await expect
      .poll(() => page.locator('.app-version').innerText())
      .toBe(`OncoScan ${NEXT_VERSION}`);
    await openLesion(page, 'left shoulder mole');
    expect(await page.getByTestId('timeline-entry').count()).toBe(2);
    expect(await dumpHistory(page)).toEqual(before);
  });
});
