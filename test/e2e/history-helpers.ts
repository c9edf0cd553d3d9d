/**
 * Helpers of the history e2e tests: reading the real IndexedDB database
 * of the page, saving an analysis through the UI, and files the app
 * downloads or imports.
 */

import { readFile } from 'node:fs/promises';

import type { Locator, Page } from 'playwright-core';

/** Contents of the history database, photos as base64, ids sorted. */
export interface HistoryDump {
  version: number;
  lesions: any[];
  analyses: any[];
}

/**
 * Reads every record of the history database with the plain IndexedDB
 * API. Returns null when the database does not exist, without creating
 * it, because an empty version 1 database would break the app's upgrade.
 */
export function dumpHistory(page: Page): Promise<HistoryDump | null> {
  return page.evaluate(async () => {
    const NAME = 'oncoscan-history';
    const known = await indexedDB.databases();
    if (!known.some((info) => info.name === NAME)) {
      return null;
    }
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(NAME);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const readAll = (store: string) =>
      new Promise<any[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const toBase64 = (bytes: ArrayBuffer) => {
      let binary = '';
      for (const byte of new Uint8Array(bytes)) {
        binary += String.fromCharCode(byte);
      }
      return btoa(binary);
    };
    try {
      const names = [...db.objectStoreNames];
      const lesions = names.includes('lesions') ? await readAll('lesions') : [];
      const analyses = (await readAll('analyses')).map((analysis) => ({
        ...analysis,
        photo: { ...analysis.photo, bytes: toBase64(analysis.photo.bytes) },
      }));
      const byId = (a: { id: string }, b: { id: string }) =>
        a.id.localeCompare(b.id);
      return {
        version: db.version,
        lesions: lesions.sort(byId),
        analyses: analyses.sort(byId),
      };
    } finally {
      db.close();
    }
  });
}

/** Returns the history section of the page. */
export function historySection(page: Page): Locator {
  return page.getByRole('region', { name: 'History', exact: true });
}

/** Picks a file with the history's import field. */
export async function importFile(
  page: Page,
  name: string,
  content: string | Buffer,
): Promise<void> {
  await page.getByLabel('Import a history file (JSON)').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.isBuffer(content) ? content : Buffer.from(content),
  });
}

/** Clicks a button that downloads a file and returns the file's bytes. */
export async function downloadFrom(
  page: Page,
  button: Locator,
): Promise<{ name: string; data: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    button.click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), data: await readFile(path) };
}

/** Opens a lesion of the history list by its name. */
export async function openLesion(page: Page, name: string): Promise<void> {
  await historySection(page)
    .getByRole('button', { name: new RegExp(`^${name}`) })
    .click();
  await page.getByRole('heading', { name, exact: true }).waitFor();
  await page.getByTestId('timeline-entry').first().waitFor();
}
