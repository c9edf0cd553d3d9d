/**
 * The browser's result against the same model run in Node: decoding,
 * preprocessing, metadata encoding and WebGL inference in Chromium must
 * give the probability that libvips decoding and the CPU backend give.
 */

import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { encodeMetadata } from '../../src/preprocess/metadata';
import { toModelInput } from '../../src/preprocess/model-input';
import { decodeWithSharp, loadShippedModel } from '../helpers/shipped-model';
import {
  analysePhoto,
  openSession,
  waitForModel,
  type Session,
} from './browser';

const PHOTO = fileURLToPath(
  new URL('../fixtures/images/ISIC_0025964.jpg', import.meta.url),
);
const PATIENT = { age: 40, sex: 'female', site: 'chest' };

/**
 * Maximum difference allowed between the browser's and Node's malignant
 * probability, in 0-1 units. It covers the page's rounding to 0.1 %, the
 * float precision of software WebGL, and JPEG decoders that may differ by
 * a level or two on some pixels.
 */
const BROWSER_NODE_TOLERANCE = 0.005;

describe('browser and Node parity', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;
  let expected: number;

  beforeAll(async () => {
    const { manifest, model } = await loadShippedModel();
    const image = toModelInput(
      await decodeWithSharp(PHOTO),
      manifest.input.size,
    );
    const metadata = encodeMetadata(manifest.metadata, PATIENT);
    expected = (await model.predict(image, metadata)).malignant;
    model.dispose();

    session = await openSession();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('gives the Node probability in Chromium', async () => {
    const { page } = session;
    await page.goto(baseUrl);
    await waitForModel(page);
    const inBrowser = await analysePhoto(page, PHOTO, async () => {
      await page.getByLabel('Age in years').fill(String(PATIENT.age));
      await page.getByLabel('Sex').selectOption(PATIENT.sex);
      await page.getByLabel('Where on the body').selectOption(PATIENT.site);
    });

    expect(Math.abs(inBrowser - expected)).toBeLessThan(BROWSER_NODE_TOLERANCE);
  });
});
