/**
 * Photos made with sharp from the fixture images, for the input tests:
 * each case the app must decode or reject, with its upright reference
 * pixels where it has them.
 */

import sharp, { type Sharp } from 'sharp';

import type { RgbaImage } from '../../src/preprocess/images';
import {
  applyExifOrientation,
  type ExifOrientation,
} from '../../src/preprocess/orientation';

export const FIXTURE_PHOTO = new URL(
  '../fixtures/images/ISIC_0024698.jpg',
  import.meta.url,
).pathname;

/** JPEG quality of generated photos: high, so decoders agree closely. */
const JPEG_QUALITY = 95;

/** Decodes any photo sharp reads to upright 8-bit RGBA. */
export async function decodeReference(
  input: Buffer | string,
): Promise<RgbaImage> {
  const { data, info } = await sharp(input)
    .rotate()
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The fixture photo resized to `width` x `height`, as RGBA. */
export async function fixturePixels(
  width: number,
  height: number,
): Promise<RgbaImage> {
  const data = await sharp(FIXTURE_PHOTO)
    .resize(width, height, { fit: 'fill' })
    .ensureAlpha()
    .raw()
    .toBuffer();
  return { data, width, height };
}

/**
 * A landscape photo with a red block in its top-left corner, so every
 * turn and mirror changes its model input.
 */
export async function markedPhoto(
  width: number,
  height: number,
): Promise<RgbaImage> {
  const image = await fixturePixels(width, height);
  const block = Math.floor(height / 4);
  for (let y = 0; y < block; y++) {
    for (let x = 0; x < block; x++) {
      image.data.set([220, 20, 20, 255], (y * width + x) * 4);
    }
  }
  return image;
}

export function encodeRaw(image: RgbaImage): Sharp {
  return sharp(
    Buffer.from(
      image.data.buffer,
      image.data.byteOffset,
      image.data.byteLength,
    ),
    {
      raw: { width: image.width, height: image.height, channels: 4 },
    },
  );
}

/**
 * Orientation that stores an upright image so that applying `orientation`
 * turns it upright again: 6 and 8 undo each other, the rest undo
 * themselves.
 */
function inverseOrientation(orientation: ExifOrientation): ExifOrientation {
  if (orientation === 6) {
    return 8;
  }
  if (orientation === 8) {
    return 6;
  }
  return orientation;
}

/** A JPEG that phones would save for `upright` held in `orientation`. */
export async function orientedJpeg(
  upright: RgbaImage,
  orientation: ExifOrientation,
): Promise<Buffer> {
  const stored = applyExifOrientation(upright, inverseOrientation(orientation));
  return encodeRaw(stored)
    .removeAlpha()
    .jpeg({ quality: JPEG_QUALITY })
    .withMetadata({ orientation })
    .toBuffer();
}

export async function jpeg(image: RgbaImage): Promise<Buffer> {
  return encodeRaw(image)
    .removeAlpha()
    .jpeg({ quality: JPEG_QUALITY })
    .toBuffer();
}

/**
 * Small photos in every format the app decodes, as sources for the fuzz
 * tests: JPEG (plain and turned), PNG (opaque and transparent) and WebP
 * (still and animated).
 */
export async function fuzzSources(): Promise<
  { extension: string; data: Uint8Array }[]
> {
  const photo = await fixturePixels(96, 72);
  const transparent = await fixturePixels(96, 72);
  for (let p = 3; p < transparent.data.length; p += 4) {
    transparent.data[p] = p % 256;
  }
  const blank = await fixturePixels(96, 72);
  blank.data.fill(255);
  const frames = await Promise.all(
    [photo, blank].map((frame) => encodeRaw(frame).png().toBuffer()),
  );
  const sources = [
    { extension: 'jpg', data: await jpeg(photo) },
    { extension: 'jpg', data: await orientedJpeg(photo, 6) },
    { extension: 'png', data: await encodeRaw(photo).png().toBuffer() },
    { extension: 'png', data: await encodeRaw(transparent).png().toBuffer() },
    { extension: 'webp', data: await encodeRaw(photo).webp().toBuffer() },
    {
      extension: 'webp',
      data: await sharp(frames, { join: { animated: true } })
        .webp()
        .toBuffer(),
    },
  ];
  return sources.map(({ extension, data }) => ({
    extension,
    data: new Uint8Array(data),
  }));
}
