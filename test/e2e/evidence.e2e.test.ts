/**
 * Evidence around a result in Chromium: photo-quality warnings before
 * analysis, the heatmap with its opacity slider after it, and the
 * unreliable-result warning and neutral risk box for a photo that is not a
 * lesion.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { NON_LESION_PHOTOS } from '../helpers/non-lesion';
import { isSmokeModel } from '../helpers/shipped-model';
import { runAxe } from './axe';
import {
  analysePhoto,
  openSession,
  readQualityFlags,
  waitForModel,
  type Session,
} from './browser';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0028155.jpg', import.meta.url),
);

/** Blur of the "blurry" photo, in pixels of the 200 x 150 fixture. */
const BLUR_SIGMA_PX = 4;

describe('evidence in the browser', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-evidence-'));
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('warns about a blurred photo before analysis', async () => {
    const { page } = session;
    await page.getByLabel('Photo of the skin lesion').setInputFiles({
      name: 'blurred.jpg',
      mimeType: 'image/jpeg',
      buffer: await sharp(await readFile(PHOTO))
        .blur(BLUR_SIGMA_PX)
        .jpeg()
        .toBuffer(),
    });

    await page.getByTestId('quality-warnings').waitFor();
    expect(await readQualityFlags(page)).toEqual(['blurry']);
    await expect
      .poll(() => page.getByRole('button', { name: 'Analyse' }).isEnabled())
      .toBe(true);
  });

  it('overlays the heatmap on the analysed photo', async () => {
    const { page } = session;
    await analysePhoto(page, PHOTO);

    expect(await page.getByTestId('quality-warnings').count()).toBe(0);
    expect(await page.getByTestId('ood-warning').count()).toBe(0);
    const canvas = page.getByTestId('heatmap-canvas');
    await canvas.waitFor();
    const drawn = await canvas.evaluate((element) => {
      const heatmap = element as HTMLCanvasElement;
      const { data } = heatmap
        .getContext('2d')!
        .getImageData(0, 0, heatmap.width, heatmap.height);
      let coloured = 0;
      for (let i = 3; i < data.length; i += 4) {
        coloured += data[i]! > 0 ? 1 : 0;
      }
      return { width: heatmap.width, height: heatmap.height, coloured };
    });
    // The fixture is 200 x 150, so the analysed square is 150 pixels.
    expect(drawn.width).toBe(150);
    expect(drawn.height).toBe(150);
    expect(drawn.coloured).toBeGreaterThan(0);
    expect(await page.getByTestId('heatmap-summary').innerText()).toMatch(
      /^The strongest push toward malignant is in the .+ of the analysed/,
    );

    await page.getByRole('slider', { name: 'Heatmap opacity' }).fill('20');
    expect(
      await canvas.evaluate((element) => getComputedStyle(element).opacity),
    ).toBe('0.2');
  });

  it.skipIf(isSmokeModel())('marks a text document unreliable', async () => {
    const { page } = session;
    const path = join(folder, 'document.png');
    await writeFile(path, await NON_LESION_PHOTOS['text document']!());

    await analysePhoto(page, path);

    expect(await page.getByTestId('ood-warning').innerText()).toMatch(
      /^Unreliable result: this photo does not look like the dermatoscopic/,
    );
    const risk = page.getByTestId('risk-category');
    expect(await risk.isVisible()).toBe(true);
    // Neutral, neither the green of low risk nor the red of a referral.
    expect(await risk.getAttribute('class')).toBe('risk risk-uncertain');
    expect(await risk.innerText()).toMatch(/^Unreliable for this photo\n/);
    expect(await page.getByTestId('unreliable-mark').isVisible()).toBe(true);
    const { violations } = await runAxe(session);
    expect(violations).toEqual([]);
  });
});
