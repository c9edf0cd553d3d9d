/**
 * Helpers of the history e2e tests: reading the real IndexedDB database
 * of the page and writing one of version 2, saving an analysis through the
 * UI, reading a heatmap overlay, and files the app downloads or imports.
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

/** What a heatmap overlay draws: canvas size, pixel digest and caption. */
export interface ShownHeatmap {
  width: number;
  height: number;
  /** SHA-256 of the canvas's RGBA pixels, in hex. */
  digest: string;
  summary: string;
}

/** Reads the heatmap overlay inside `scope`. */
export async function readHeatmap(scope: Locator): Promise<ShownHeatmap> {
  const canvas = scope.getByTestId('heatmap-canvas');
  const drawn = await canvas.evaluate(async (element) => {
    const heatmap = element as HTMLCanvasElement;
    const { data } = heatmap
      .getContext('2d')!
      .getImageData(0, 0, heatmap.width, heatmap.height);
    const hash = await crypto.subtle.digest('SHA-256', data);
    const digest = [...new Uint8Array(hash)]
      .map((byte) => byte.toString(16).padStart(2, '0'))
      .join('');
    return { width: heatmap.width, height: heatmap.height, digest };
  });
  const summary = await scope.getByTestId('heatmap-summary').innerText();
  return { ...drawn, summary };
}

/**
 * Writes records into a new history database of version 2, the layout
 * before the class-activation grid was stored, with the plain IndexedDB
 * API. The page must be of the app's origin but must not run the app,
 * which would create the current version first.
 */
export function createV2Database(
  page: Page,
  file: { lesions: unknown[]; analyses: any[] },
): Promise<void> {
  return page.evaluate(async ({ lesions, analyses }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('oncoscan-history', 2);
      request.onupgradeneeded = () => {
        const database = request.result;
        database.createObjectStore('lesions', { keyPath: 'id' });
        database
          .createObjectStore('analyses', { keyPath: 'id' })
          .createIndex('lesionDate', ['lesionId', 'analysedAt']);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const toBytes = (dataUrl: string) => {
      const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
      return Uint8Array.from(binary, (char) => char.charCodeAt(0)).buffer;
    };
    try {
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction(
          ['lesions', 'analyses'],
          'readwrite',
        );
        for (const lesion of lesions) {
          transaction.objectStore('lesions').put(lesion);
        }
        for (const analysis of analyses) {
          const { dataUrl, ...photo } = analysis.photo;
          transaction
            .objectStore('analyses')
            .put({ ...analysis, photo: { ...photo, bytes: toBytes(dataUrl) } });
        }
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }, file);
}
