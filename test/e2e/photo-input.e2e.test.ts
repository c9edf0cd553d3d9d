/**
 * Real-world photo files in Chromium's own decoder: each is decoded and
 * its model input (the analysed square the page draws) matches the
 * upright reference that libvips gives, or it is rejected with a message
 * that says what to do.
 */

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { decodeSize } from '../../src/capture/photo-limits';
import type { RgbaImage } from '../../src/preprocess/images';
import { toModelInput } from '../../src/preprocess/model-input';
import type { ExifOrientation } from '../../src/preprocess/orientation';
import {
  decodeReference,
  encodeRaw,
  FIXTURE_PHOTO,
  fixturePixels,
  jpeg,
  markedPhoto,
  orientedJpeg,
} from '../helpers/photo-fixtures';
import {
  analysePhoto,
  openSession,
  waitForModel,
  type Session,
} from './browser';
import {
  pickPhoto,
  readAnalysedSquare,
  shippedInputSize,
  squareDifference,
} from './photo-page';

const run = promisify(execFile);

/**
 * Largest mean difference between Chromium's and libvips's model input
 * for the same file, in levels of 0-255. Their decoders, the canvas's
 * premultiplied alpha and the page's rounding differ by a level on some
 * pixels: at most 0.29 measured with Chromium 156 and sharp 0.35.
 */
const DECODER_TOLERANCE = 1;

/**
 * The same for a CMYK JPEG without a colour profile, against the RGB
 * photo it was made from: sharp converted it with libvips's CMYK profile,
 * which Chromium does not apply (14.4 measured). A blank or inverted
 * image differs by far more.
 */
const CMYK_TOLERANCE = 20;

/** Size of the orientation photos, upright: landscape, like phones. */
const ORIENTED_WIDTH = 240;
const ORIENTED_HEIGHT = 160;

const LARGE_WIDTH = 8000;
const LARGE_HEIGHT = 6000;

/** Upright size of a portrait photo just over the canvas limit. */
const TURNED_LARGE_WIDTH = 3600;
const TURNED_LARGE_HEIGHT = 4800;

/** Writes `data` to `folder` and returns its path. */
async function save(
  folder: string,
  name: string,
  data: Buffer,
): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, data);
  return path;
}

describe('photo input', () => {
  const baseUrl = inject('baseUrl');
  let folder: string;
  let session: Session;
  let size: number;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-photos-'));
    size = await shippedInputSize();
    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  });

  afterAll(async () => {
    await session?.close();
    await rm(folder, { recursive: true, force: true });
  });

  /** Picks the file and returns the mean difference from `reference`. */
  async function squareAgainst(
    path: string,
    reference: RgbaImage,
  ): Promise<{ caption: string; notices: string[]; difference: number }> {
    const outcome = await pickPhoto(session.page, path);
    if (outcome.kind !== 'ready') {
      throw new Error(`${path} was rejected: ${outcome.message}`);
    }
    const square = await readAnalysedSquare(session.page);
    return {
      caption: outcome.caption,
      notices: outcome.notices,
      difference: squareDifference(square, reference, size),
    };
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8] as ExifOrientation[])(
    'turns EXIF orientation %i upright',
    async (orientation) => {
      const upright = await markedPhoto(ORIENTED_WIDTH, ORIENTED_HEIGHT);
      const data = await orientedJpeg(upright, orientation);
      const path = await save(folder, `orientation-${orientation}.jpg`, data);
      const reference = await decodeReference(data);
      // libvips agrees that the file holds the upright photo.
      expect(
        squareDifference(toBytes(upright, size), reference, size),
      ).toBeLessThan(DECODER_TOLERANCE);

      const result = await squareAgainst(path, reference);

      expect(result.caption).toBe(
        `orientation-${orientation}.jpg, ${ORIENTED_WIDTH} x ` +
          `${ORIENTED_HEIGHT} pixels`,
      );
      expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
      if (orientation !== 1) {
        // The pixels as stored, not turned, are far from the square.
        const stored = await decodeStored(data);
        const square = await readAnalysedSquare(session.page);
        expect(squareDifference(square, stored, size)).toBeGreaterThan(
          4 * DECODER_TOLERANCE,
        );
      }
    },
  );

  it('scales an 8000 x 6000 photo down before drawing', async () => {
    const data = await sharp(FIXTURE_PHOTO)
      .resize(LARGE_WIDTH, LARGE_HEIGHT, { fit: 'fill' })
      .jpeg({ quality: 90 })
      .toBuffer();
    const path = await save(folder, 'large.jpg', data);
    const reference = await decodeReference(data);
    const decoded = decodeSize(LARGE_WIDTH, LARGE_HEIGHT);

    const result = await squareAgainst(path, reference);

    expect(result.caption).toBe(
      `large.jpg, ${LARGE_WIDTH} x ${LARGE_HEIGHT} pixels`,
    );
    expect(result.notices).toEqual([
      `The photo was scaled down to ${decoded.width} x ${decoded.height} ` +
        'pixels for analysis.',
    ]);
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('scales a turned large photo upright', async () => {
    // Stored landscape and over the canvas limit, upright in portrait, so
    // the decode size must apply to the upright photo.
    const upright = await markedPhoto(TURNED_LARGE_WIDTH, TURNED_LARGE_HEIGHT);
    const data = await orientedJpeg(upright, 6);
    const path = await save(folder, 'turned-large.jpg', data);
    const decoded = decodeSize(TURNED_LARGE_WIDTH, TURNED_LARGE_HEIGHT);

    const result = await squareAgainst(path, await decodeReference(data));

    expect(result.caption).toBe(
      `turned-large.jpg, ${TURNED_LARGE_WIDTH} x ${TURNED_LARGE_HEIGHT} pixels`,
    );
    expect(result.notices).toEqual([
      `The photo was scaled down to ${decoded.width} x ${decoded.height} ` +
        'pixels for analysis.',
    ]);
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('enlarges a photo smaller than the model input', async () => {
    const image = await fixturePixels(40, 40);
    const data = await encodeRaw(image).png().toBuffer();
    const path = await save(folder, 'tiny.png', data);

    const result = await squareAgainst(path, image);

    expect(result.caption).toBe('tiny.png, 40 x 40 pixels');
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('rejects an image too small to show a lesion', async () => {
    const data = await encodeRaw(await fixturePixels(16, 12))
      .png()
      .toBuffer();
    const path = await save(folder, 'icon.png', data);

    const outcome = await pickPhoto(session.page, path);

    expect(outcome).toEqual({
      kind: 'error',
      message:
        '"icon.png" is only 16 x 12 pixels. OncoScan needs at least 32 ' +
        'pixels on the shorter side to see the lesion, so take a closer ' +
        'photo and choose it again.',
    });
  });

  it('notes the crop of a very wide photo', async () => {
    const data = await jpeg(await fixturePixels(1200, 100));
    const path = await save(folder, 'strip.jpg', data);

    const result = await squareAgainst(path, await decodeReference(data));

    expect(result.notices).toEqual([
      'Only the centred square of this photo, 100 x 100 pixels, is ' +
        'analysed, so make sure the lesion is in the middle.',
    ]);
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('reads a greyscale JPEG', async () => {
    const data = await encodeRaw(await fixturePixels(200, 150))
      .greyscale()
      .jpeg({ quality: 95 })
      .toBuffer();
    const path = await save(folder, 'grey.jpg', data);

    const result = await squareAgainst(path, await decodeReference(data));
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('composites a transparent PNG onto white', async () => {
    const image = await fixturePixels(200, 150);
    // Alpha from 0 at the left edge to 255 at the right.
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        image.data[(y * image.width + x) * 4 + 3] = Math.round(
          (x / (image.width - 1)) * 255,
        );
      }
    }
    const path = await save(
      folder,
      'alpha.png',
      await encodeRaw(image).png().toBuffer(),
    );

    const result = await squareAgainst(path, image);
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('reads a 16-bit PNG', async () => {
    const data = await encodeRaw(await fixturePixels(200, 150))
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    expect((await sharp(data).metadata()).depth).toBe('ushort');
    const path = await save(folder, 'deep.png', data);

    const result = await squareAgainst(path, await decodeReference(data));
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('reads a CMYK JPEG', async () => {
    const image = await fixturePixels(200, 150);
    const data = await encodeRaw(image)
      .toColourspace('cmyk')
      .jpeg({ quality: 95 })
      .toBuffer();
    expect((await sharp(data).metadata()).space).toBe('cmyk');
    const path = await save(folder, 'cmyk.jpg', data);

    const result = await squareAgainst(path, image);
    expect(result.difference).toBeLessThan(CMYK_TOLERANCE);
  });

  it('analyses the first frame of an animated WebP', async () => {
    const first = await fixturePixels(200, 150);
    const second = await fixturePixels(200, 150);
    second.data.fill(255);
    const frames = await Promise.all(
      [first, second].map((frame) => encodeRaw(frame).png().toBuffer()),
    );
    const data = await sharp(frames, { join: { animated: true } })
      .webp({ lossless: true })
      .toBuffer();
    const path = await save(folder, 'animated.webp', data);

    const result = await squareAgainst(path, first);

    expect(result.notices).toEqual([
      'This is an animated image, so only its first frame is analysed.',
    ]);
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('reads an AVIF photo', async () => {
    const data = await encodeRaw(await fixturePixels(200, 150))
      .avif({ quality: 90 })
      .toBuffer();
    const path = await save(folder, 'photo.avif', data);

    const result = await squareAgainst(path, await decodeReference(data));
    expect(result.difference).toBeLessThan(DECODER_TOLERANCE);
  });

  it('explains how to export a HEIC photo as JPEG', async () => {
    const png = await save(
      folder,
      'source.png',
      await encodeRaw(await fixturePixels(200, 150))
        .png()
        .toBuffer(),
    );
    const heic = join(folder, 'IMG_0001.HEIC');
    await run('heif-enc', ['--quality', '90', '-o', heic, png]);

    const outcome = await pickPhoto(session.page, heic);

    expect(outcome).toEqual({
      kind: 'error',
      message:
        '"IMG_0001.HEIC" is a HEIC photo, the default format of iPhone ' +
        'cameras, and this browser cannot decode it. Export it as JPEG and ' +
        'choose it again: on the iPhone, share the photo as JPEG, or set ' +
        'Settings > Camera > Formats to Most Compatible so the camera ' +
        'saves JPEG photos.',
    });
  });

  it('rejects an animated GIF by its format', async () => {
    const frames = await Promise.all(
      [1, 2].map(async () =>
        encodeRaw(await fixturePixels(60, 40))
          .png()
          .toBuffer(),
      ),
    );
    const data = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    const path = await save(folder, 'clip.gif', data);

    const outcome = await pickPhoto(session.page, path);

    expect(outcome).toEqual({
      kind: 'error',
      message:
        '"clip.gif" is a GIF file. OncoScan reads JPEG, PNG and WebP ' +
        'photos, so save or export the photo in one of those formats and ' +
        'choose it again.',
    });
  });

  it('still analyses a turned photo afterwards', async () => {
    const probability = await analysePhoto(
      session.page,
      join(folder, 'orientation-6.jpg'),
    );
    expect(probability).toBeGreaterThanOrEqual(0);
    expect(probability).toBeLessThanOrEqual(1);
    expect(session.errors).toEqual([]);
  });
});

/** Rounds an image's model input to bytes, as the page's canvas does. */
function toBytes(image: RgbaImage, size: number): Uint8Array {
  return new Uint8Array(Uint8ClampedArray.from(toModelInput(image, size)));
}

/** Decodes the pixels as stored, ignoring the EXIF orientation. */
async function decodeStored(data: Buffer): Promise<RgbaImage> {
  const { data: pixels, info } = await sharp(data)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: pixels, width: info.width, height: info.height };
}
