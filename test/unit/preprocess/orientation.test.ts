import { describe, expect, it } from 'vitest';

import type { RgbaImage } from '../../../src/preprocess/images';
import {
  applyExifOrientation,
  type ExifOrientation,
} from '../../../src/preprocess/orientation';

/**
 * A 3 x 2 image whose pixel at (x, y) has red = 10 * y + x, so each
 * output pixel shows its source position:
 *
 *    0  1  2
 *   10 11 12
 */
function labelledImage(): RgbaImage {
  const width = 3;
  const height = 2;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = 10 * y + x;
      data[i + 1] = 100;
      data[i + 2] = 200;
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

function redRows(image: RgbaImage): number[][] {
  const rows: number[][] = [];
  for (let y = 0; y < image.height; y++) {
    const row: number[] = [];
    for (let x = 0; x < image.width; x++) {
      row.push(image.data[(y * image.width + x) * 4]!);
    }
    rows.push(row);
  }
  return rows;
}

// Upright results for each EXIF orientation of the stored image above,
// as in the TIFF 6.0 definition of tag 0x0112.
const EXPECTED: Record<ExifOrientation, number[][]> = {
  1: [
    [0, 1, 2],
    [10, 11, 12],
  ],
  2: [
    [2, 1, 0],
    [12, 11, 10],
  ],
  3: [
    [12, 11, 10],
    [2, 1, 0],
  ],
  4: [
    [10, 11, 12],
    [0, 1, 2],
  ],
  5: [
    [0, 10],
    [1, 11],
    [2, 12],
  ],
  6: [
    [10, 0],
    [11, 1],
    [12, 2],
  ],
  7: [
    [12, 2],
    [11, 1],
    [10, 0],
  ],
  8: [
    [2, 12],
    [1, 11],
    [0, 10],
  ],
};

describe('applyExifOrientation', () => {
  it.each(Object.entries(EXPECTED))(
    'orientation %s maps pixels upright',
    (orientation, expected) => {
      const result = applyExifOrientation(
        labelledImage(),
        Number(orientation) as ExifOrientation,
      );
      expect(redRows(result)).toEqual(expected);
      expect(result.width).toBe(expected[0]!.length);
      expect(result.height).toBe(expected.length);
    },
  );

  it('keeps the other channels with each pixel', () => {
    const result = applyExifOrientation(labelledImage(), 6);
    for (let i = 0; i < result.data.length; i += 4) {
      expect(result.data[i + 1]).toBe(100);
      expect(result.data[i + 2]).toBe(200);
      expect(result.data[i + 3]).toBe(255);
    }
  });

  it('undoes a 90 degree turn with orientation 6', () => {
    // A camera held upright stores the frame turned anticlockwise.
    const upright = labelledImage();
    const stored = applyExifOrientation(upright, 8);
    expect(redRows(applyExifOrientation(stored, 6))).toEqual(redRows(upright));
  });

  it('returns the same image for orientation 1', () => {
    const image = labelledImage();
    expect(applyExifOrientation(image, 1)).toBe(image);
  });

  it.each([0, 9, 2.5])('rejects orientation %s', (orientation) => {
    expect(() =>
      applyExifOrientation(labelledImage(), orientation as ExifOrientation),
    ).toThrow(/integer from 1 to 8/);
  });

  it('rejects a buffer of the wrong length', () => {
    const image = { data: new Uint8ClampedArray(5), width: 3, height: 2 };
    expect(() => applyExifOrientation(image, 3)).toThrow(/expected 24/);
  });
});
