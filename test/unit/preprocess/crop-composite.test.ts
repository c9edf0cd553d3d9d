import { describe, expect, it } from 'vitest';

import { compositeOnWhite } from '../../../src/preprocess/composite';
import { centredSquare, cropRgba } from '../../../src/preprocess/crop';

/** Largest difference allowed after float32 arithmetic, in 0-255 levels. */
const FLOAT_TOLERANCE = 1e-4;

describe('centredSquare', () => {
  it.each([
    [600, 450, { x: 75, y: 0, width: 450, height: 450 }],
    [450, 600, { x: 0, y: 75, width: 450, height: 450 }],
    [100, 100, { x: 0, y: 0, width: 100, height: 100 }],
    // An odd margin leaves the extra pixel on the right.
    [5, 2, { x: 1, y: 0, width: 2, height: 2 }],
  ])('%i x %i gives the centred square', (width, height, expected) => {
    expect(centredSquare(width, height)).toEqual(expected);
  });
});

describe('cropRgba', () => {
  const width = 4;
  const height = 2;
  // The red channel contains the pixel's index.
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = p;
    data[p * 4 + 3] = 255;
  }
  const image = { data, width, height };

  it('copies the rows inside the rectangle', () => {
    const crop = cropRgba(image, centredSquare(width, height));
    expect(crop.width).toBe(2);
    expect(crop.height).toBe(2);
    const reds = Array.from({ length: 4 }, (_, p) => crop.data[p * 4]);
    expect(reds).toEqual([1, 2, 5, 6]);
  });

  it('returns the image itself for a full-frame crop', () => {
    expect(cropRgba(image, { x: 0, y: 0, width, height })).toBe(image);
  });

  it('rejects a rectangle outside the image', () => {
    expect(() => cropRgba(image, { x: 3, y: 0, width: 2, height: 2 })).toThrow(
      /does not fit inside the 4 x 2 image/,
    );
  });
});

describe('compositeOnWhite', () => {
  it('blends each pixel with white by its alpha', () => {
    const image = {
      data: Uint8ClampedArray.of(
        ...[200, 100, 0, 255], // opaque: unchanged
        ...[200, 100, 0, 0], // transparent: white
        ...[0, 0, 0, 51], // 20 % black over white
      ),
      width: 3,
      height: 1,
    };
    const { data, width, height } = compositeOnWhite(image);
    expect([width, height]).toEqual([3, 1]);
    const expected = [200, 100, 0, 255, 255, 255, 204, 204, 204];
    expected.forEach((value, i) => {
      expect(Math.abs(data[i]! - value)).toBeLessThan(FLOAT_TOLERANCE);
    });
  });
});
