/**
 * Files the app cannot use get a message that explains what to do, and the
 * page keeps working.
 */

import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * Size of the oversized file, in bytes (400 MB). It is sparse on disk, so
 * the test writes only its first bytes.
 */
const HUGE_FILE_BYTES = 400_000_000;

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

  it('explains that an empty file is empty', async () => {
    const { page } = session;
    await page.getByLabel('Photo of the skin lesion').setInputFiles({
      name: 'empty.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(0),
    });
    await expect
      .poll(() => page.getByTestId('photo-error').innerText())
      .toBe('"empty.jpg" is empty (0 bytes). Choose another photo.');
  });

  it('rejects a 400 MB file without reading it', async () => {
    const { page } = session;
    const folder = await mkdtemp(join(tmpdir(), 'oncoscan-huge-'));
    try {
      const path = join(folder, 'huge.jpg');
      const file = await open(path, 'w');
      await file.write((await readFile(PHOTO)).subarray(0, TRUNCATED_BYTES));
      await file.truncate(HUGE_FILE_BYTES);
      await file.close();

      await page.getByLabel('Photo of the skin lesion').setInputFiles(path);
      await expect
        .poll(() => page.getByTestId('photo-error').innerText())
        .toBe(
          '"huge.jpg" is 400 MB, more than the 100 MB OncoScan reads, so it ' +
            'was not opened. Choose a photo straight from the camera, or ' +
            'export a smaller JPEG copy, and choose it again.',
        );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('still analyses a good photo afterwards', async () => {
    const probability = await analysePhoto(session.page, PHOTO);
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
  });
});
