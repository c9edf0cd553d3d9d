/**
 * Files the app cannot use get a message that explains what to do, and the
 * page keeps working.
 */

import { readFile } from 'node:fs/promises';
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

/** Bytes of the JPEG kept for the truncated-file case. */
const TRUNCATED_BYTES = 400;

describe('bad input', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;

  beforeAll(async () => {
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('explains that a text file is not an image', async () => {
    const { page } = session;
    await page.getByLabel('Photo of the skin lesion').setInputFiles({
      name: 'notes.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('These are my notes, not a photo.'),
    });
    await expect
      .poll(() => page.getByTestId('photo-error').innerText())
      .toBe(
        '"notes.jpg" is not an image. Choose a JPEG, PNG or WebP photo of ' +
          'the skin lesion.',
      );
    expect(
      await page.getByRole('button', { name: 'Analyse' }).isDisabled(),
    ).toBe(true);
  });

  it('explains that a truncated JPEG could not be decoded', async () => {
    const { page } = session;
    const head = (await readFile(PHOTO)).subarray(0, TRUNCATED_BYTES);
    await page.getByLabel('Photo of the skin lesion').setInputFiles({
      name: 'cut.jpg',
      mimeType: 'image/jpeg',
      buffer: head,
    });
    await expect
      .poll(() => page.getByTestId('photo-error').innerText())
      .toMatch(/^"cut.jpg" looks like a JPEG image but could not be decoded/);
  });

  it('still analyses a good photo afterwards', async () => {
    const probability = await analysePhoto(session.page, PHOTO);
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
  });
});
