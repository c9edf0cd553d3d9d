/**
 * Fuzz test of the real decoding path in Chromium: every random or
 * mutated file picked in the app ends in a decoded photo with its
 * analysed square, or in one of the app's own messages, and the page
 * keeps working.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { makeFuzzFiles, type FuzzFile } from '../helpers/fuzz-files';
import { fuzzSources } from '../helpers/photo-fixtures';
import {
  analysePhoto,
  openSession,
  waitForModel,
  type Session,
} from './browser';
import { pickPhoto } from './photo-page';

/** Files picked, and the seed that makes them. */
const FILE_COUNT = 240;
const SEED = 20_240_502;

/**
 * The messages of src/capture/photo-errors.ts, after the quoted file
 * name. The generic "could not be read" message of an unexpected error
 * is not among them, so such an error fails the test.
 */
const PHOTO_MESSAGES = [
  /^is not an image\. /,
  /^looks like a \w+ image but could not be decoded, /,
  /^is empty \(0 bytes\)\. /,
  /^is only \d+ x \d+ pixels\. /,
  /^is \d+ x \d+ pixels, more than the \d+ megapixels /,
  /^is a \w+ file\. /,
  /^is a HEIC photo, the default format of iPhone cameras, /,
  /^is an \w+ image, which this browser cannot decode\. /,
];

const PHOTO = new URL('../fixtures/images/ISIC_0028155.jpg', import.meta.url)
  .pathname;

describe('decoder fuzz', () => {
  const baseUrl = inject('baseUrl');
  let session: Session;
  let files: FuzzFile[];

  beforeAll(async () => {
    files = makeFuzzFiles(await fuzzSources(), FILE_COUNT, SEED);
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('ends every file in a photo or a message', async () => {
    const { page } = session;
    const problems: string[] = [];
    let decoded = 0;
    for (const file of files) {
      const outcome = await pickPhoto(page, {
        name: file.name,
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(file.data),
      });
      if (outcome.kind === 'ready') {
        decoded++;
        if (!(await page.getByTestId('analysed-square').isVisible())) {
          problems.push(`${file.name} (${file.mutation}): no analysed square`);
        }
        continue;
      }
      const prefix = `"${file.name}" `;
      const rest = outcome.message.slice(prefix.length);
      const known =
        outcome.message.startsWith(prefix) &&
        PHOTO_MESSAGES.some((pattern) => pattern.test(rest));
      if (!known) {
        problems.push(`${file.name} (${file.mutation}): ${outcome.message}`);
      }
    }

    expect(problems).toEqual([]);
    // Both endings occur, so the files reach the decoder and past it.
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(files.length);
    console.info(`${decoded} of ${files.length} fuzz files decoded`);
  });

  it('keeps the page working', async () => {
    expect(session.errors).toEqual([]);
    const probability = await analysePhoto(session.page, PHOTO);
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
  });
});
