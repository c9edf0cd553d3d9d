import { fileURLToPath } from 'node:url';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import type { RgbaImage } from '../../../src/preprocess/images';
import { toModelInput } from '../../../src/preprocess/model-input';
import {
  applyExifOrientation,
  type ExifOrientation,
} from '../../../src/preprocess/orientation';

const FIXTURE = fileURLToPath(
  new URL('../../fixtures/images/ISIC_0025964.jpg', import.meta.url),
);

/**
 * Mean absolute difference allowed between our resize and libvips's
 * (sharp's) of the same crop, in 0-255 levels. The two interpolate with
 * different kernels, so they agree closely but not exactly.
 */
const LIBVIPS_MEAN_TOLERANCE = 2;

async function decode(input: string | Buffer, autoOrient: boolean) {
  const pipeline = sharp(input);
  const { data, info } = await (autoOrient ? pipeline.rotate() : pipeline)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  } satisfies RgbaImage;
}

describe('toModelInput', () => {
  it('returns size x size x 3 values in 0-255', async () => {
    const pixels = await decode(FIXTURE, false);
    const input = toModelInput(pixels, 224);
    expect(input).toBeInstanceOf(Float32Array);
    expect(input).toHaveLength(224 * 224 * 3);
    expect(Math.min(...input)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...input)).toBeLessThanOrEqual(255);
  });

  it('agrees with libvips on a centred crop', async () => {
    const pixels = await decode(FIXTURE, false);
    const side = Math.min(pixels.width, pixels.height);
    const reference = await sharp(FIXTURE)
      .extract({
        left: Math.floor((pixels.width - side) / 2),
        top: Math.floor((pixels.height - side) / 2),
        width: side,
        height: side,
      })
      .resize(224, 224, { kernel: 'linear' })
      .removeAlpha()
      .raw()
      .toBuffer();

    const input = toModelInput(pixels, 224);
    let total = 0;
    for (let i = 0; i < input.length; i++) {
      total += Math.abs(input[i]! - reference[i]!);
    }
    expect(total / input.length).toBeLessThan(LIBVIPS_MEAN_TOLERANCE);
  });

  it.each([2, 3, 4, 5, 6, 7, 8])(
    'orientation %i matches libvips auto-orientation',
    async (orientation) => {
      const tagged = await sharp(FIXTURE)
        .withMetadata({ orientation })
        .jpeg({ quality: 95 })
        .toBuffer();
      const stored = await decode(tagged, false);
      const upright = await decode(tagged, true);

      const ours = applyExifOrientation(stored, orientation as ExifOrientation);
      expect([ours.width, ours.height]).toEqual([
        upright.width,
        upright.height,
      ]);
      expect(Buffer.from(ours.data).equals(Buffer.from(upright.data))).toBe(
        true,
      );
    },
  );

  it('gives the same input from the same pixels', async () => {
    const pixels = await decode(FIXTURE, false);
    const first = toModelInput(pixels, 192);
    const second = toModelInput(pixels, 192);
    expect(Buffer.from(first.buffer).equals(Buffer.from(second.buffer))).toBe(
      true,
    );
  });

  it('composites transparent pixels onto white', () => {
    const pixels = {
      data: new Uint8ClampedArray(64 * 64 * 4),
      width: 64,
      height: 64,
    };
    expect(toModelInput(pixels, 32).every((value) => value === 255)).toBe(true);
  });
});
