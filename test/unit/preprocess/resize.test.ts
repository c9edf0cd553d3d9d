import { describe, expect, it } from 'vitest';

import type { RgbImage } from '../../../src/preprocess/images';
import { compositeOnWhite } from '../../../src/preprocess/composite';
import { cropRgba } from '../../../src/preprocess/crop';
import {
  axisTaps,
  resizeRgb,
  resizeRgbaOnWhite,
} from '../../../src/preprocess/resize';

/**
 * Largest difference allowed between a resized value and its exact
 * value, in 0-255 levels: float32 rounding of values below 256.
 */
const FLOAT_TOLERANCE = 1e-3;

/**
 * Maximum change of the mean brightness when shrinking, in 0-255 levels.
 * Triangle filters spaced by their half-width sum to one, so only the
 * borders and the discrete taps move the mean.
 */
const MEAN_TOLERANCE = 0.05;

function greyImage(
  width: number,
  height: number,
  value: (x: number, y: number) => number,
): RgbImage {
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.fill(value(x, y), (y * width + x) * 3, (y * width + x + 1) * 3);
    }
  }
  return { data, width, height };
}

function greys(image: RgbImage): number[] {
  return Array.from(
    { length: image.width * image.height },
    (_, p) => image.data[p * 3]!,
  );
}

function expectClose(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => {
    expect(Math.abs(value - expected[i]!)).toBeLessThan(FLOAT_TOLERANCE);
  });
}

describe('axisTaps', () => {
  it('weights of every output pixel sum to 1', () => {
    for (const [from, to] of [
      [450, 224],
      [7, 3],
      [3, 7],
      [224, 224],
      [1, 5],
    ] as const) {
      for (const tap of axisTaps(from, to)) {
        const sum = tap.weights.reduce((total, w) => total + w, 0);
        expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it('rejects a target size of zero', () => {
    expect(() => axisTaps(10, 0)).toThrow(/positive integer, got 0/);
  });
});

describe('resizeRgb', () => {
  it('weights a 2x shrink with a triangle filter', () => {
    // Scale 2: each output pixel weighs 3 source pixels 3:3:1 (or 1:3:3),
    // the triangle of half-width 2 at distances 0.5, 0.5 and 1.5.
    const image = greyImage(4, 1, (x) => [0, 10, 20, 70][x]!);
    const result = resizeRgb(image, 2, 1);
    expectClose(greys(result), [50 / 7, 40]);
  });

  it('weights a 3 to 2 shrink by distance', () => {
    // Scale 1.5: weights 5:3 and 3:5 over the two nearest pixels.
    const image = greyImage(3, 1, (x) => [0, 30, 90][x]!);
    const result = resizeRgb(image, 2, 1);
    expectClose(greys(result), [11.25, 67.5]);
  });

  it('interpolates linearly when enlarging 2 to 4', () => {
    // Centres of outputs map to -0.25, 0.25, 0.75, 1.25, clamped at edges.
    const image = greyImage(2, 1, (x) => [0, 100][x]!);
    const result = resizeRgb(image, 4, 1);
    expectClose(greys(result), [0, 25, 75, 100]);
  });

  it('keeps a constant image constant', () => {
    const image = greyImage(37, 23, () => 87);
    for (const [width, height] of [
      [16, 16],
      [64, 50],
      [37, 23],
    ] as const) {
      const result = resizeRgb(image, width, height);
      expectClose(greys(result), new Array(width * height).fill(87));
    }
  });

  it('keeps the mean brightness when shrinking', () => {
    const image = greyImage(450, 450, (x, y) => (x * 7 + y * 13) % 256);
    const result = resizeRgb(image, 224, 224);
    const mean = (values: number[]) =>
      values.reduce((sum, v) => sum + v, 0) / values.length;
    expect(Math.abs(mean(greys(result)) - mean(greys(image)))).toBeLessThan(
      MEAN_TOLERANCE,
    );
  });

  it('copies the image when the size is unchanged', () => {
    const image = greyImage(5, 4, (x, y) => x * 3 + y);
    expect(Array.from(resizeRgb(image, 5, 4).data)).toEqual(
      Array.from(image.data),
    );
  });

  it('gives identical output for identical input', () => {
    const image = greyImage(301, 217, (x, y) => (x * y) % 255);
    const first = resizeRgb(image, 224, 224).data;
    const second = resizeRgb(image, 224, 224).data;
    expect(Buffer.from(first.buffer).equals(Buffer.from(second.buffer))).toBe(
      true,
    );
  });

  it('keeps colour channels apart', () => {
    const data = new Float32Array(4 * 4 * 3);
    for (let p = 0; p < 16; p++) {
      data.set([255, 128, 0], p * 3);
    }
    const result = resizeRgb({ data, width: 4, height: 4 }, 3, 3);
    for (let p = 0; p < 9; p++) {
      expectClose(
        Array.from(result.data.subarray(p * 3, p * 3 + 3)),
        [255, 128, 0],
      );
    }
  });
});

describe('resizeRgbaOnWhite', () => {
  /** Semi-transparent noise, so compositing matters. */
  function noisyRgba(width: number, height: number) {
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < data.length; i++) {
      data[i] = (i * 7919 + (i >> 3) * 104729) % 256;
    }
    return { data, width, height };
  }

  it.each([
    ['shrinking', 61, 45, { x: 8, y: 0, width: 45, height: 45 }, 16],
    ['enlarging', 13, 9, { x: 2, y: 0, width: 9, height: 9 }, 20],
  ])('matches the separate steps when %s', (_, width, height, rect, size) => {
    const image = noisyRgba(width, height);
    const fused = resizeRgbaOnWhite(image, rect, size, size);
    const separate = resizeRgb(
      compositeOnWhite(cropRgba(image, rect)),
      size,
      size,
    );
    expectClose(Array.from(fused.data), Array.from(separate.data));
  });

  it('rejects a rectangle outside the image', () => {
    expect(() =>
      resizeRgbaOnWhite(
        noisyRgba(4, 4),
        { x: 2, y: 2, width: 4, height: 4 },
        2,
        2,
      ),
    ).toThrow(/does not fit inside the 4 x 4 image/);
  });
});
