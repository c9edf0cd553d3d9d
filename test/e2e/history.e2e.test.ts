/**
 * The analysis history against Chromium's real IndexedDB: save, reload,
 * a full storage quota, export and import between two browser profiles,
 * the saved heatmap, the warnings of an unreliable result, version 1
 * files and version 2 databases, the printable report, and deletion.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { Locator } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { encodeHistoryExport } from '../../src/history/export-json';
import { SCHEMA_VERSION } from '../../src/history/schema';
import type { ModelManifest } from '../../src/shared/manifest';
import { makeAnalysis, makeLesion } from '../helpers/history-records';
import { NON_LESION_PHOTOS } from '../helpers/non-lesion';
import { isSmokeModel } from '../helpers/shipped-model';
import { runAxe } from './axe';
import {
  analysePhoto,
  openSession,
  readPhotoFlags,
  waitForModel,
  type Session,
} from './browser';
import {
  createV2Database,
  downloadFrom,
  dumpHistory,
  historySection,
  importFile,
  openLesion,
  readHeatmap,
  type HistoryDump,
  type ShownHeatmap,
} from './history-helpers';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0024698.jpg', import.meta.url),
);
const V1_EXPORT = fileURLToPath(
  new URL('../fixtures/history/v1-export.json', import.meta.url),
);
const V2_EXPORT = fileURLToPath(
  new URL('../fixtures/history/v2-export.json', import.meta.url),
);

/** A note with markup, which must show as text and never run. */
const NOTE =
  'Itches <img src=x onerror="window.__injected = 1"> & "darker edge"';

/**
 * Free space the full-storage test leaves, in bytes: more than the
 * browser's own writes on a restart, far less than the large import.
 */
const QUOTA_MARGIN_BYTES = 100_000;

/** Photos in the large import, each a JPEG of several hundred KB. */
const LARGE_IMPORT_PHOTOS = 3;

/** Returns a valid export whose photos need about 2 MB. */
async function largeExport(): Promise<string> {
  const jpeg = await sharp({
    create: {
      width: 512,
      height: 512,
      channels: 3,
      background: { r: 128, g: 100, b: 90 },
      noise: { type: 'gaussian', mean: 128, sigma: 60 },
    },
  })
    .jpeg({ quality: 100 })
    .toBuffer();
  const photo = {
    type: 'image/jpeg' as const,
    width: 512,
    height: 512,
    bytes: new Uint8Array(jpeg).buffer,
  };
  const lesion = makeLesion({ id: 'large-lesion', name: 'large photos' });
  const analyses = Array.from({ length: LARGE_IMPORT_PHOTOS }, (_, i) =>
    makeAnalysis({ id: `large-${i}`, lesionId: lesion.id, photo }),
  );
  const file = encodeHistoryExport([lesion], analyses, new Date(), 'test');
  return JSON.stringify(file);
}

/**
 * A photo larger than the saved copy's 512 pixels, with an odd width, and
 * the size of its copy.
 */
const LARGE_PHOTO = { width: 1001, height: 750, copy: [512, 384] };

/** Side of the thumbnails that compare two heatmap frames, in pixels. */
const THUMBNAIL_SIDE = 32;

/**
 * Largest mean difference, in 8-bit levels, between the heatmap frames of
 * an analysis and of its saved copy. In headless Chromium, aligned frames
 * differed by about 0.4, and a copy drawn at its own 4:3 height instead of
 * filling the square by about 29.
 */
const MAX_FRAME_DIFFERENCE = 5;

/** Returns a small RGB thumbnail of the heatmap frame inside `scope`. */
async function frameThumbnail(scope: Locator): Promise<Buffer> {
  const png = await scope.locator('.heatmap-frame').screenshot();
  return sharp(png)
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
}

function meanDifference(a: Buffer, b: Buffer): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    total += Math.abs(a[i]! - b[i]!);
  }
  return total / a.length;
}

/** Largest gap between a stored probability and the shown, rounded one. */
const DISPLAY_ROUNDING = 0.0005;

/** Shows the heatmap of the timeline entry at `index` and returns it. */
async function showSavedHeatmap(
  page: Session['page'],
  index = 0,
): Promise<ShownHeatmap> {
  const entry = page.getByTestId('timeline-entry').nth(index);
  await entry.getByRole('button', { name: /^Show heatmap of / }).click();
  return readHeatmap(entry);
}

describe('history', () => {
  const baseUrl = inject('baseUrl');
  let manifest: ModelManifest;
  let first: Session;
  let second: Session;
  let saved: HistoryDump;
  let exported: Buffer;
  /** The heatmap of the analysis view, before saving. */
  let shownHeatmap: ShownHeatmap;

  beforeAll(async () => {
    first = await openSession();
    await first.page.goto(baseUrl);
    await waitForModel(first.page);
    const response = await first.page.request.get(
      `${baseUrl}model/manifest.json`,
    );
    manifest = await response.json();
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('saves an analysis with its site and note', async () => {
    const { page } = first;
    const shownProbability = await analysePhoto(page, PHOTO);
    shownHeatmap = await readHeatmap(page.getByTestId('result'));
    const shownFlags = await readPhotoFlags(page);

    const name = page.getByLabel('Name of the lesion');
    await name.fill('left shoulder mole');
    // The body map is the next stop after the name, as a radio group.
    await name.focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Home');
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('ArrowDown');
    }
    const back = page.getByRole('radio', { name: 'Back', exact: true });
    expect(await back.getAttribute('aria-checked')).toBe('true');
    expect(
      await page.evaluate(() =>
        document.activeElement?.getAttribute('data-site'),
      ),
    ).toBe('back');
    await page.getByLabel('Note (optional)').fill(NOTE);
    await page.getByRole('button', { name: 'Save analysis' }).click();

    await expect
      .poll(() => page.getByTestId('save-status').innerText())
      .toBe('Saved to “left shoulder mole”.');
    const dump = (await dumpHistory(page))!;
    expect(dump.version).toBe(SCHEMA_VERSION);
    expect(dump.lesions).toHaveLength(1);
    expect(dump.lesions[0].name).toBe('left shoulder mole');
    expect(dump.lesions[0].site).toBe('back');
    expect(dump.analyses).toHaveLength(1);
    const [analysis] = dump.analyses;
    expect(analysis.lesionId).toBe(dump.lesions[0].id);
    expect(analysis.note).toBe(NOTE);
    expect(
      Math.abs(analysis.result.malignant - shownProbability),
    ).toBeLessThanOrEqual(DISPLAY_ROUNDING);
    expect(analysis.result.labels).toEqual(manifest.labels);
    expect(analysis.result.diagnosis).toHaveLength(manifest.labels.length);
    expect(analysis.result.threshold).toBe(manifest.threshold);
    expect(analysis.result.modelVersion).toBe(manifest.version);
    expect(analysis.result.modelName).toBe(manifest.name);
    expect(analysis.result.riskCategory).toBe(
      analysis.result.malignant >= manifest.threshold ? 'refer' : 'monitor',
    );
    expect(analysis.patient).toEqual({ age: null, sex: null, site: null });
    expect(analysis.result.flags).toEqual(shownFlags);
    const [, rows, columns] = manifest.outputs.cam.shape;
    const { cam } = analysis.result;
    expect(cam.rows).toBe(rows);
    expect(cam.columns).toBe(columns);
    expect(cam.values).toHaveLength(rows! * columns!);
    expect(cam.values.every(Number.isFinite)).toBe(true);
    expect(new Set(cam.values).size).toBeGreaterThan(1);
    expect(analysis.photo.type).toBe('image/jpeg');
    // The 200 x 150 fixture is smaller than 512 px, so it keeps its size.
    expect([analysis.photo.width, analysis.photo.height]).toEqual([200, 150]);
    expect(Buffer.from(analysis.photo.bytes, 'base64').subarray(0, 3)).toEqual(
      Buffer.from([0xff, 0xd8, 0xff]),
    );
    saved = dump;
  });

  it('has no axe violations in the save form', async () => {
    const { violations, passed } = await runAxe(first);
    expect(violations).toEqual([]);
    expect(passed).toContain('aria-required-attr');
    expect(passed).toContain('color-contrast');
  });

  it('keeps the analysis after a reload', async () => {
    const { page } = first;
    await page.reload();
    await openLesion(page, 'left shoulder mole');

    expect(await page.getByTestId('timeline-entry').count()).toBe(1);
    expect(await page.getByTestId('timeline-note').innerText()).toBe(NOTE);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as any).__injected),
    ).toBeUndefined();
    const photo = page.getByRole('img', {
      name: /^Photo of left shoulder mole/,
    });
    expect(
      await photo.evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).toBe(200);
    expect(await dumpHistory(page)).toEqual(saved);
  });

  it('shows the heatmap the analysis showed', async () => {
    const { page } = first;
    const heatmap = await showSavedHeatmap(page);

    // The copy keeps the 200 x 150 size, so the canvases are the same.
    expect(heatmap).toEqual(shownHeatmap);
    const entry = page.getByTestId('timeline-entry').first();
    const frame = entry.locator('.heatmap-frame');
    const photoBox = (await frame.locator('img').boundingBox())!;
    const canvasBox = (await frame
      .getByTestId('heatmap-canvas')
      .boundingBox())!;
    expect(photoBox).toEqual(canvasBox);
    expect(photoBox.width).toBeCloseTo(photoBox.height, 1);
    expect(
      await frame
        .locator('img')
        .evaluate((img) => getComputedStyle(img).objectFit),
    ).toBe('cover');
  });

  it('has no axe violations in the shown heatmap', async () => {
    const { violations, passed } = await runAxe(first);
    expect(violations).toEqual([]);
    expect(passed).toContain('label');
    expect(passed).toContain('image-alt');
  });

  it('marks the lesion on the body map', async () => {
    const { page } = first;
    await page.getByRole('button', { name: 'Back to all lesions' }).click();
    const map = page.getByRole('radiogroup', { name: /^Tracked lesions/ });
    expect(
      await map.getByRole('radio', { name: 'Back, 1 tracked lesion' }).count(),
    ).toBe(1);
  });

  it('round-trips every field through JSON', async () => {
    const { page } = first;
    const file = await downloadFrom(
      page,
      historySection(page).getByRole('button', { name: 'Export as JSON' }),
    );
    expect(file.name).toMatch(/^oncoscan-history-\d{4}-\d{2}-\d{2}\.json$/);
    exported = file.data;
    const json = JSON.parse(exported.toString('utf8'));
    expect(json.format).toBe('oncoscan-history');
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
    expect(json.analyses[0].photo.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    expect(json.analyses[0].result.cam).toEqual(saved.analyses[0].result.cam);

    // Another browser profile stands for another device.
    second = await openSession();
    await second.page.goto(baseUrl);
    await importFile(second.page, file.name, exported);

    await expect
      .poll(() => second.page.getByTestId('history-status').innerText())
      .toBe(`Imported 1 analysis and 1 new lesion from "${file.name}".`);
    const imported = (await dumpHistory(second.page))!;
    expect(imported.analyses[0].result.cam).toEqual(
      saved.analyses[0].result.cam,
    );
    expect(imported).toEqual(saved);

    await openLesion(second.page, 'left shoulder mole');
    expect(await showSavedHeatmap(second.page)).toEqual(shownHeatmap);
    await second.page
      .getByRole('button', { name: 'Back to all lesions' })
      .click();
  });

  it('adds nothing when importing a file again', async () => {
    const { page } = second;
    await importFile(page, 'again.json', exported);
    await expect
      .poll(() => page.getByTestId('history-status').innerText())
      .toBe(
        'Imported 0 analyses and 0 new lesions from "again.json". 1 analysis ' +
          'was already on this device and was left unchanged.',
      );
    expect(await dumpHistory(page)).toEqual(saved);
  });

  it('rejects an invalid import and changes nothing', async () => {
    const { page } = second;
    const json = JSON.parse(exported.toString('utf8'));
    const valid = { ...json.analyses[0], id: 'new-valid-analysis' };
    const invalid = { ...json.analyses[0], id: 'new-invalid-analysis' };
    invalid.result = { ...invalid.result, malignant: 1.5 };
    json.analyses = [valid, invalid];

    await importFile(page, 'tampered.json', JSON.stringify(json));

    const error = page.getByTestId('history-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(
      /^"tampered\.json" was not imported\. analyses\[1\]\.result\.malignant is invalid .+ Nothing was changed\. Choose a file that OncoScan exported\.$/,
    );
    expect(await dumpHistory(page)).toEqual(saved);

    const badGrid = { ...json.analyses[0], id: 'new-bad-grid' };
    const { cam } = badGrid.result;
    badGrid.result = {
      ...badGrid.result,
      cam: { ...cam, values: cam.values.slice(1) },
    };
    json.analyses = [badGrid];
    await importFile(page, 'grid.json', JSON.stringify(json));
    await expect
      .poll(() => page.getByTestId('history-error').innerText())
      .toBe(
        '"grid.json" was not imported. analyses[0].result.cam is invalid ' +
          `(Expected ${cam.values.length} values for ${cam.rows} x ` +
          `${cam.columns} cells but received ${cam.values.length - 1}). ` +
          'Nothing was changed. Choose a file that OncoScan exported.',
      );
    expect(await dumpHistory(page)).toEqual(saved);

    await importFile(page, 'notes.json', 'These are my notes.');
    await expect
      .poll(() => page.getByTestId('history-error').innerText())
      .toMatch(/^"notes\.json" was not imported\. It is not valid JSON/);
    expect(await dumpHistory(page)).toEqual(saved);
  });
});

describe('history of version 1', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await session.page.goto(baseUrl);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('imports a version 1 export', async () => {
    const { page } = session;
    await importFile(page, 'v1-export.json', await readFile(V1_EXPORT));

    await expect
      .poll(() => page.getByTestId('history-status').innerText())
      .toBe('Imported 3 analyses and 2 new lesions from "v1-export.json".');
    const dump = (await dumpHistory(page))!;
    expect(dump.lesions.map((lesion) => lesion.name).sort()).toEqual([
      'cheek spot',
      'left shoulder mole',
    ]);
    expect(dump.analyses).toHaveLength(3);
    for (const analysis of dump.analyses) {
      expect(analysis.result.flags).toBeNull();
    }
  });

  it('has no axe violations in the lesion list', async () => {
    const { violations, passed } = await runAxe(session);
    expect(violations).toEqual([]);
    expect(passed).toContain('aria-toggle-field-name');
    expect(passed).toContain('color-contrast');
  });

  it('highlights a rise across the threshold', async () => {
    const { page } = session;
    await openLesion(page, 'left shoulder mole');

    expect(await page.getByTestId('timeline-entry').count()).toBe(2);
    expect(await page.getByTestId('chart-crossing').count()).toBe(1);
    expect(await page.getByTestId('chart-summary').innerText()).toBe(
      'Malignant probability went from 12.0 % on 15 Jan 2024 to 41.0 % on ' +
        '2 Apr 2024 over 2 analyses. It rose above the referral threshold ' +
        'between 15 Jan 2024 and 2 Apr 2024.',
    );
    const risks = await page.getByTestId('timeline-risk').allInnerTexts();
    expect(risks).toEqual([
      'Low risk: monitor for change',
      'Refer to a dermatologist',
    ]);
    const notes = page.getByTestId('timeline-note');
    expect(await notes.first().innerText()).toBe(
      'First photo. <b>Not bold</b> & "quoted"',
    );
    expect(await notes.first().locator('b').count()).toBe(0);
  });

  it('has no axe violations in the timeline', async () => {
    const { violations, passed } = await runAxe(session);
    expect(violations).toEqual([]);
    expect(passed).toContain('svg-img-alt');
    expect(passed).toContain('image-alt');
  });

  it('prints a report with photos and the disclaimer', async () => {
    const { page, context } = session;
    const report = await downloadFrom(
      page,
      page.getByRole('button', { name: 'Download printable report' }),
    );
    expect(report.name).toMatch(
      /^oncoscan-left-shoulder-mole-\d{4}-\d{2}-\d{2}-report\.html$/,
    );
    const path = join(tmpdir(), `oncoscan-report-${process.pid}.html`);
    await writeFile(path, report.data);

    const reportPage = await context.newPage();
    try {
      await reportPage.goto(pathToFileURL(path).href);
      const images = await reportPage.evaluate(() =>
        [...document.images].map(
          (image) => image.complete && image.naturalWidth,
        ),
      );
      expect(images).toEqual([16, 16]);
      const text = await reportPage.locator('body').innerText();
      expect(text).toContain('OncoScan is not a medical device');
      expect(text).toContain('oncoscan-mobilenetv2-hybrid 0.9.0');
      expect(text).toContain('First photo. <b>Not bold</b> & "quoted"');
      expect(await reportPage.locator('body b, script').count()).toBe(0);

      await reportPage.emulateMedia({ media: 'print' });
      const breakInside = await reportPage
        .locator('.analysis')
        .first()
        .evaluate((element) => getComputedStyle(element).breakInside);
      expect(breakInside).toBe('avoid');
      const pdf = await reportPage.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await reportPage.close();
    }
  });

  it('deletes after confirming only', async () => {
    const { page } = session;
    const deleteFirst = page
      .getByTestId('timeline-entry')
      .first()
      .getByRole('button', { name: /^Delete the analysis of / });
    await deleteFirst.click();
    // Focus is on Cancel, so Enter keeps the analysis.
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('timeline-entry').count()).toBe(2);
    expect((await dumpHistory(page))!.analyses).toHaveLength(3);

    await deleteFirst.click();
    await page
      .getByRole('button', { name: 'Delete the analysis', exact: true })
      .click();
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBe(1);
    expect((await dumpHistory(page))!.analyses).toHaveLength(2);

    await page.getByRole('button', { name: 'Delete this lesion' }).click();
    await page.getByRole('button', { name: 'Delete the lesion' }).click();
    await page.getByTestId('lesion-list').waitFor();
    const afterLesion = (await dumpHistory(page))!;
    expect(afterLesion.lesions.map((lesion) => lesion.name)).toEqual([
      'cheek spot',
    ]);
    expect(afterLesion.analyses).toHaveLength(1);

    await page
      .getByRole('button', { name: 'Delete the whole history' })
      .click();
    await page.getByRole('button', { name: 'Delete everything' }).click();
    await page.getByTestId('history-empty').waitFor();
    const empty = (await dumpHistory(page))!;
    expect(empty.lesions).toEqual([]);
    expect(empty.analyses).toEqual([]);
  });
});

describe('history of version 2', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens a version 2 database', async () => {
    const { page } = session;
    const file = JSON.parse(await readFile(V2_EXPORT, 'utf8'));
    // A static file of the app's origin, so the app does not run yet.
    await page.goto(`${baseUrl}model/manifest.json`);
    await createV2Database(page, file);
    expect((await dumpHistory(page))!.version).toBe(2);

    await page.goto(baseUrl);
    await openLesion(page, 'right forearm freckle');

    const dump = (await dumpHistory(page))!;
    expect(dump.version).toBe(SCHEMA_VERSION);
    expect(dump.lesions).toEqual(
      [...file.lesions].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(dump.analyses).toHaveLength(file.analyses.length);
    for (const source of file.analyses) {
      const { dataUrl, ...photo } = source.photo;
      const stored = dump.analyses.find((record) => record.id === source.id);
      expect(stored).toEqual({
        ...source,
        result: { ...source.result, cam: null, flags: null },
        photo: { ...photo, bytes: dataUrl.slice(dataUrl.indexOf(',') + 1) },
      });
    }
    expect(await page.getByTestId('timeline-entry').count()).toBe(2);
    expect(
      await page.getByTestId('timeline-no-heatmap').allInnerTexts(),
    ).toEqual([
      'No heatmap was saved with this analysis.',
      'No heatmap was saved with this analysis.',
    ]);
    expect(await page.getByTestId('timeline-risk').allInnerTexts()).toEqual([
      'Low risk: monitor for change',
      'Refer to a dermatologist',
    ]);
    expect(await page.getByTestId('saved-flags-unknown').count()).toBe(2);
    expect(await page.getByTestId('saved-unreliable').count()).toBe(0);
  });
});

describe.skipIf(isSmokeModel())('history of an unreliable result', () => {
  const baseUrl = inject('baseUrl');
  let folder: string;
  let session: Session;
  let other: Session | undefined;
  let saved: HistoryDump;
  let exported: Buffer;
  let shownFlags: string[];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-e2e-unreliable-'));
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
    await other?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('saves the warnings the result showed', async () => {
    const { page } = session;
    const path = join(folder, 'document.png');
    await writeFile(path, await NON_LESION_PHOTOS['text document']!());
    await analysePhoto(page, path);
    await page.getByTestId('ood-warning').waitFor();
    shownFlags = await readPhotoFlags(page);
    expect(shownFlags).toContain('out_of_distribution');

    await page.getByLabel('Name of the lesion').fill('invoice');
    await page.getByRole('button', { name: 'Save analysis' }).click();
    await page.getByText('Saved to “invoice”.').waitFor();

    saved = (await dumpHistory(page))!;
    expect(saved.analyses).toHaveLength(1);
    expect(saved.analyses[0].result.flags).toEqual(shownFlags);
  });

  it('marks it in the list and timeline after a reload', async () => {
    const { page } = session;
    await page.reload();
    const button = historySection(page).getByRole('button', {
      name: /^invoice/,
    });
    expect(await button.getByTestId('lesion-unreliable').innerText()).toBe(
      'Latest: unreliable result',
    );

    await openLesion(page, 'invoice');
    const entry = page.getByTestId('timeline-entry').first();
    const mark = entry.getByTestId('saved-unreliable');
    expect(await mark.innerText()).toMatch(
      /^Unreliable result: the photo did not look like the dermatoscopic/,
    );
    // The mark is the result view's `.warning` box, and the risk text
    // takes its colour instead of the monitor green.
    expect(await mark.getAttribute('class')).toContain('warning');
    const warningColour = await mark.evaluate(
      (element) => getComputedStyle(element).color,
    );
    const risk = entry.getByTestId('timeline-risk');
    expect(
      await risk.evaluate((element) => getComputedStyle(element).color),
    ).toBe(warningColour);
    expect(await risk.getAttribute('class')).not.toContain('monitor');
    expect(await page.getByTestId('chart-unreliable').count()).toBe(1);
    const quality = shownFlags.filter((flag) => flag !== 'out_of_distribution');
    expect(await entry.getByTestId('saved-quality').count()).toBe(
      quality.length > 0 ? 1 : 0,
    );
    expect(await dumpHistory(page)).toEqual(saved);
  });

  it('has no axe violations in the marked timeline', async () => {
    const { violations, passed } = await runAxe(session);
    expect(violations).toEqual([]);
    expect(passed).toContain('color-contrast');
  });

  it('marks it in the printable report', async () => {
    const { page, context } = session;
    const report = await downloadFrom(
      page,
      page.getByRole('button', { name: 'Download printable report' }),
    );
    const path = join(folder, 'report.html');
    await writeFile(path, report.data);
    const reportPage = await context.newPage();
    try {
      await reportPage.goto(pathToFileURL(path).href);
      const mark = reportPage.locator('.analysis .unreliable-mark');
      expect(await mark.innerText()).toMatch(
        /^Unreliable result: the photo did not look like the dermatoscopic/,
      );
      expect(
        await reportPage.locator('.analysis dd span.monitor').count(),
      ).toBe(0);
      expect(await reportPage.locator('.lesion p').innerText()).toMatch(
        /The result is unreliable\.$/,
      );
    } finally {
      await reportPage.close();
    }
  });

  it('keeps the flags through export and import', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Back to all lesions' }).click();
    const file = await downloadFrom(
      page,
      historySection(page).getByRole('button', { name: 'Export as JSON' }),
    );
    exported = file.data;
    const json = JSON.parse(exported.toString('utf8'));
    expect(json.analyses[0].result.flags).toEqual(shownFlags);

    other = await openSession();
    await other.page.goto(baseUrl);
    await importFile(other.page, file.name, exported);
    await expect
      .poll(() => other!.page.getByTestId('history-status').innerText())
      .toBe(`Imported 1 analysis and 1 new lesion from "${file.name}".`);
    expect(await dumpHistory(other.page)).toEqual(saved);
    expect(
      await historySection(other.page).getByTestId('lesion-unreliable').count(),
    ).toBe(1);
  });

  it('rejects an import with an unknown flag', async () => {
    const { page } = other!;
    const json = JSON.parse(exported.toString('utf8'));
    const valid = { ...json.analyses[0], id: 'new-valid-analysis' };
    const invalid = { ...json.analyses[0], id: 'new-invalid-analysis' };
    invalid.result = { ...invalid.result, flags: ['blurry', 'sunburnt'] };
    json.analyses = [valid, invalid];

    await importFile(page, 'flags.json', JSON.stringify(json));

    await expect
      .poll(() => page.getByTestId('history-error').innerText())
      .toMatch(
        /^"flags\.json" was not imported\. analyses\[1\]\.result\.flags\[1\] is invalid \(Expected one of the flags .+\)\. Nothing was changed\./,
      );
    expect(await dumpHistory(page)).toEqual(saved);
  });
});

describe('saved heatmap of a downscaled photo', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-e2e-heatmap-'));
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('covers the analysed square', async () => {
    const { page } = session;
    const path = join(folder, 'large.jpg');
    await sharp(PHOTO)
      .resize(LARGE_PHOTO.width, LARGE_PHOTO.height, { fit: 'fill' })
      .jpeg({ quality: 95 })
      .toFile(path);
    await analysePhoto(page, path);
    const result = page.getByTestId('result');
    const analysisHeatmap = await readHeatmap(result);
    const analysisFrame = await frameThumbnail(result);

    await page.getByLabel('Name of the lesion').fill('large photo');
    await page.getByRole('button', { name: 'Save analysis' }).click();
    await page.getByText('Saved to “large photo”.').waitFor();
    await page.reload();
    await openLesion(page, 'large photo');
    const savedHeatmap = await showSavedHeatmap(page);
    const entry = page.getByTestId('timeline-entry').first();
    const savedFrame = await frameThumbnail(entry);

    const { photo } = (await dumpHistory(page))!.analyses[0];
    expect([photo.width, photo.height]).toEqual(LARGE_PHOTO.copy);
    expect(savedHeatmap.width).toBe(Math.min(...LARGE_PHOTO.copy));
    expect(savedHeatmap.summary).toBe(analysisHeatmap.summary);
    const difference = meanDifference(analysisFrame, savedFrame);
    console.info(
      `Heatmap frames of the analysis and of the saved copy differ by ` +
        `${difference.toFixed(2)} levels on average`,
    );
    expect(difference).toBeLessThan(MAX_FRAME_DIFFERENCE);
  });
});

describe('history with full storage', () => {
  const baseUrl = inject('baseUrl');
  let profile: string;
  let session: Session | undefined;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'oncoscan-e2e-quota-'));
  });

  afterAll(async () => {
    await session?.close();
    await rm(profile, { recursive: true, force: true });
  });

  it('rejects an import over the quota and keeps saved data', async () => {
    // First run: the app shell, the model and a saved history.
    session = await openSession({ profile });
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
    await importFile(session.page, 'v1-export.json', await readFile(V1_EXPORT));
    await session.page.getByTestId('lesion-list').waitFor();
    const before = (await dumpHistory(session.page))!;
    expect(before.analyses).toHaveLength(3);
    const { usage } = await session.page.evaluate(() =>
      navigator.storage.estimate(),
    );
    await session.close();

    // Chromium's IndexedDB reads an origin's quota when it first opens its
    // storage, so the override comes before the restarted app starts.
    session = await openSession({ profile });
    const cdp = await session.context.newCDPSession(session.page);
    await cdp.send('Storage.overrideQuotaForOrigin', {
      origin: new URL(baseUrl).origin,
      quotaSize: usage! + QUOTA_MARGIN_BYTES,
    });
    const { page } = session;
    await page.goto(baseUrl);
    await page.getByTestId('lesion-list').waitFor();
    await importFile(page, 'large.json', await largeExport());

    const error = page.getByTestId('history-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(
      /^Could not import the file, because this device has no storage space left for OncoScan\..*Nothing was imported\.$/,
    );
    expect(await dumpHistory(page)).toEqual(before);
  });
});
