import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { MAX_FILE_BYTES, MIN_SIDE } from '../../../src/capture/photo-limits';
import { decodeImage, decodeImageFile } from '../../../src/cli/decode-image';
import { ImageFileError } from '../../../src/cli/image-status';
import { toModelInput } from '../../../src/preprocess/model-input';
import {
  alphaGradient,
  animatedPng,
  FIRST_FRAME_RGB,
  FIXTURE_PHOTO,
  FRAME_HEIGHT,
  FRAME_WIDTH,
  HEIC_FIXTURE,
  HUGE_HEIGHT,
  HUGE_WIDTH,
  PNG_SIGNATURE,
  pngChunk,
  pngWithHeaderSize,
  pngWithP3Profile,
} from '../../helpers/image-cases';

/** Side of the model input in these tests, in pixels. */
const INPUT_SIZE = 64;

/** Largest mean difference, in levels, of AVIF at quality 90. */
const AVIF_MEAN_TOLERANCE = 4;

/** Largest mean difference, in levels, of a CMYK round trip to sRGB. */
const CMYK_MEAN_TOLERANCE = 12;

async function photoPixels() {
  const { data, info } = await sharp(FIXTURE_PHOTO)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Builds a 16-bit RGB PNG from `[high byte, low byte]` samples, row by
 * row, with no filtering (PNG spec 9.2, filter type 0).
 */
function png16(width: number, height: number, samples: number[][]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 16; // bit depth
  header[9] = 2; // colour type RGB
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0, ...samples.slice(y * width * 3, (y + 1) * width * 3).flat());
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Returns the status `decodeImage` rejects `data` with. */
async function failureOf(data: Buffer): Promise<ImageFileError> {
  try {
    await decodeImage(data);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageFileError);
    return error as ImageFileError;
  }
  throw new Error('expected decodeImage to fail');
}

function meanAbsoluteDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    total += Math.abs(a[i]! - b[i]!);
  }
  return total / a.length;
}

describe('decodeImage', () => {
  it('decodes a JPEG to RGBA as stored', async () => {
    const decoded = await decodeImage(await readFile(FIXTURE_PHOTO));
    const expected = await photoPixels();

    expect(decoded.format).toBe('jpeg');
    expect(decoded.orientation).toBe(1);
    expect(decoded.pixels.width).toBe(expected.width);
    expect(decoded.pixels.height).toBe(expected.height);
    expect(Buffer.from(decoded.pixels.data).equals(expected.data)).toBe(true);
  });

  it('keeps straight alpha for the shared compositing', async () => {
    const rgba = alphaGradient(50, 40);
    const png = await sharp(rgba, {
      raw: { width: 50, height: 40, channels: 4 },
    })
      .png()
      .toBuffer();

    const decoded = await decodeImage(png);

    expect(Buffer.from(decoded.pixels.data).equals(rgba)).toBe(true);
  });

  it('ignores an embedded ICC profile, as the app does', async () => {
    const png = await pngWithP3Profile();
    expect((await sharp(png).metadata()).icc).toBeDefined();

    const decoded = await decodeImage(png);

    const expected = await photoPixels();
    expect(Buffer.from(decoded.pixels.data).equals(expected.data)).toBe(true);
  });

  it('expands greyscale to RGBA', async () => {
    const grey = await sharp(FIXTURE_PHOTO)
      .toColourspace('b-w')
      .png()
      .toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);

    const { data, width, height } = (await decodeImage(grey)).pixels;

    expect(data).toHaveLength(width * height * 4);
    for (let i = 0; i < data.length; i += 4) {
      expect(data[i + 1]).toBe(data[i]);
      expect(data[i + 2]).toBe(data[i]);
      expect(data[i + 3]).toBe(255);
    }
  });

  it('reduces a 16-bit PNG to its high bytes', async () => {
    const width = MIN_SIDE;
    const height = MIN_SIDE;
    // High bytes 0-250, low bytes that differ from them.
    const samples = Array.from({ length: width * height * 3 }, (_, i) => [
      (i * 14) % 251,
      (255 - i) & 0xff,
    ]);
    const png = png16(width, height, samples);
    expect((await sharp(png).metadata()).depth).toBe('ushort');

    const { data } = (await decodeImage(png)).pixels;

    const expected = [];
    for (let p = 0; p < width * height; p++) {
      expected.push(...samples.slice(p * 3, p * 3 + 3).map(([high]) => high));
      expected.push(255);
    }
    expect([...data]).toEqual(expected);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const cmyk = await sharp(FIXTURE_PHOTO)
      .toColourspace('cmyk')
      .jpeg({ quality: 95 })
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');

    const decoded = await decodeImage(cmyk);
    const expected = await photoPixels();

    expect(decoded.pixels.data).toHaveLength(expected.data.length);
    expect(
      meanAbsoluteDifference(decoded.pixels.data, expected.data),
    ).toBeLessThan(CMYK_MEAN_TOLERANCE);
  });

  it('returns the EXIF orientation with stored pixels', async () => {
    const rotated = await sharp(FIXTURE_PHOTO)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();

    const decoded = await decodeImage(rotated);

    expect(decoded.orientation).toBe(6);
    expect(decoded.pixels.width).toBe(200);
    expect(decoded.pixels.height).toBe(150);
  });

  it.each(['webp', 'gif'] as const)(
    'reads the first frame of an animated %s',
    async (format) => {
      const frames = Buffer.from(
        [FIRST_FRAME_RGB, [0, 0, 255]].flatMap((rgb) =>
          Array.from({ length: FRAME_WIDTH * FRAME_HEIGHT }, () => rgb).flat(),
        ),
      );
      const animation = await sharp(frames, {
        raw: {
          width: FRAME_WIDTH,
          height: FRAME_HEIGHT * 2,
          channels: 3,
          pageHeight: FRAME_HEIGHT,
        },
      })
        .toFormat(format)
        .toBuffer();
      expect((await sharp(animation).metadata()).pages).toBe(2);

      const { pixels } = await decodeImage(animation);

      expect(pixels.width).toBe(FRAME_WIDTH);
      expect(pixels.height).toBe(FRAME_HEIGHT);
      expect(pixels.data[0]).toBeGreaterThan(200);
      expect(pixels.data[2]).toBeLessThan(50);
    },
  );

  it('reads the first frame of an animated PNG', async () => {
    const { pixels } = await decodeImage(await animatedPng());

    expect(pixels.width).toBe(FRAME_WIDTH);
    expect(pixels.height).toBe(FRAME_HEIGHT);
    expect([...pixels.data.subarray(0, 3)]).toEqual([...FIRST_FRAME_RGB]);
  });

  it.each([
    [32, 32],
    [4000, 32],
    [32, 4000],
  ])('preprocesses a %i x %i image', async (width, height) => {
    const png = await sharp(FIXTURE_PHOTO)
      .resize(width, height, { fit: 'fill' })
      .png()
      .toBuffer();

    const decoded = await decodeImage(png);
    const input = toModelInput(decoded.pixels, INPUT_SIZE);

    expect(decoded.pixels.width).toBe(width);
    expect(decoded.pixels.height).toBe(height);
    expect(input).toHaveLength(INPUT_SIZE * INPUT_SIZE * 3);
    expect(input.every((value) => value >= 0 && value <= 255)).toBe(true);
  });

  it('decodes an AVIF photo', async () => {
    const avif = await sharp(FIXTURE_PHOTO).avif({ quality: 90 }).toBuffer();
    const reference = await photoPixels();

    const decoded = await decodeImage(avif);

    expect(decoded.format).toBe('avif');
    expect(decoded.pixels.width).toBe(reference.width);
    expect(decoded.pixels.height).toBe(reference.height);
    const difference = meanAbsoluteDifference(
      decoded.pixels.data,
      reference.data,
    );
    expect(difference).toBeLessThan(AVIF_MEAN_TOLERANCE);
  });

  it('decodes by content, whatever the name', async () => {
    const decoded = await decodeImage(await readFile(FIXTURE_PHOTO));
    expect(decoded.format).toBe('jpeg');
  });

  it('reports a header over the pixel limit', async () => {
    const failure = await failureOf(pngWithHeaderSize(HUGE_WIDTH, HUGE_HEIGHT));

    expect(failure.status).toBe('too_large');
    expect(failure.message).toBe(
      `${HUGE_WIDTH} x ${HUGE_HEIGHT} pixels is more than the limit of 50 ` +
        'megapixels. Shrink the image first.',
    );
  });

  it('reports an image under the smallest side', async () => {
    const thumbnail = await sharp(FIXTURE_PHOTO)
      .resize(4000, MIN_SIDE - 1, { fit: 'fill' })
      .png()
      .toBuffer();
    const failure = await failureOf(thumbnail);

    expect(failure.status).toBe('too_small');
    expect(failure.message).toBe(
      `4000 x ${MIN_SIDE - 1} pixels is too small to analyse: the shorter ` +
        `side must be at least ${MIN_SIDE} pixels. Use the original photo ` +
        'rather than a thumbnail.',
    );
  });

  it('reports an empty file', async () => {
    expect((await failureOf(Buffer.alloc(0))).status).toBe('empty');
  });

  it('reports a text file', async () => {
    const failure = await failureOf(Buffer.from('Notes, not a photo.'));
    expect(failure.status).toBe('not_an_image');
  });

  it('reports a HEIC photo', async () => {
    const failure = await failureOf(await readFile(HEIC_FIXTURE));
    expect(failure.status).toBe('unsupported_heic');
  });

  it('reports a TIFF file', async () => {
    const tiff = await sharp(FIXTURE_PHOTO).tiff().toBuffer();
    const failure = await failureOf(tiff);

    expect(failure.status).toBe('unsupported_format');
    expect(failure.message).toContain('TIFF files are not supported');
  });

  it('reports a truncated JPEG', async () => {
    const photo = await readFile(FIXTURE_PHOTO);
    const failure = await failureOf(photo.subarray(0, photo.length / 2));

    expect(failure.status).toBe('unreadable');
    expect(failure.message).toMatch(/^decoding failed: VipsJpeg: /);
  });

  it('reports a JPEG with corrupt data', async () => {
    const corrupt = Buffer.from(await readFile(FIXTURE_PHOTO));
    corrupt.fill(0x55, 800, 1600);

    expect((await failureOf(corrupt)).status).toBe('unreadable');
  });

  it('reports a header-only JPEG', async () => {
    const photo = await readFile(FIXTURE_PHOTO);
    expect((await failureOf(photo.subarray(0, 400))).status).toBe('unreadable');
  });
});

describe('decodeImageFile', () => {
  it('refuses a file over the size limit before reading it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'oncoscan-decode-'));
    try {
      // A sparse file: its length is over the limit, its disk use is not.
      const path = join(folder, 'scan.jpg');
      await writeFile(path, await readFile(FIXTURE_PHOTO));
      await truncate(path, MAX_FILE_BYTES + 1);

      const failure = decodeImageFile(path);

      await expect(failure).rejects.toHaveProperty('status', 'too_large');
      await expect(failure).rejects.toThrow(
        `the file is 100 MB, over the limit of ${MAX_FILE_BYTES / 1e6} MB`,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('reports a file that cannot be read', async () => {
    await expect(decodeImageFile('/nonexistent/photo.jpg')).rejects.toThrow(
      /^reading failed: ENOENT/,
    );
    await expect(
      decodeImageFile('/nonexistent/photo.jpg'),
    ).rejects.toHaveProperty('status', 'unreadable');
  });
});
