import { describe, expect, it } from 'vitest';

import {
  checkPhotoSize,
  decodeSize,
  MAX_CANVAS_PIXELS,
  MAX_PIXELS,
  MIN_SIDE,
  wideCropSide,
} from '../../../src/capture/photo-limits';
import { centredSquare } from '../../../src/preprocess/crop';

describe('decodeSize', () => {
  it('keeps a photo that fits a canvas', () => {
    expect(decodeSize(4032, 3024)).toEqual({ width: 4032, height: 3024 });
  });

  it.each([
    [8000, 6000],
    [6000, 8000],
    [20_000, 1000],
    [7000, 7000],
  ])('scales %i x %i under the canvas limit', (width, height) => {
    const size = decodeSize(width, height);
    expect(size.width * size.height).toBeLessThanOrEqual(MAX_CANVAS_PIXELS);
    // Nearly all of the budget is used.
    expect(size.width * size.height).toBeGreaterThan(0.99 * MAX_CANVAS_PIXELS);
    // One scale on both axes: the aspect ratio moves by under a pixel.
    const scale = size.width / width;
    expect(Math.abs(height * scale - size.height)).toBeLessThan(1);
  });

  it('keeps the centred square in the same place', () => {
    const size = decodeSize(8000, 6000);
    const scale = size.width / 8000;
    const original = centredSquare(8000, 6000);
    const scaled = centredSquare(size.width, size.height);
    expect(Math.abs(original.x * scale - scaled.x)).toBeLessThan(1);
    expect(Math.abs(original.width * scale - scaled.width)).toBeLessThan(1);
  });
});

describe('checkPhotoSize', () => {
  it('accepts a phone photo and a small one', () => {
    expect(checkPhotoSize(4032, 3024)).toBeNull();
    expect(checkPhotoSize(MIN_SIDE, 1000)).toBeNull();
  });

  it('rejects more than the maximum pixels', () => {
    expect(checkPhotoSize(10_000, 6_000)).toEqual({
      kind: 'too-large',
      maxPixels: MAX_PIXELS,
    });
  });

  it('rejects a shorter side under the minimum', () => {
    expect(checkPhotoSize(1000, MIN_SIDE - 1)).toEqual({
      kind: 'too-small',
      minSide: MIN_SIDE,
    });
  });
});

describe('wideCropSide', () => {
  it('is null for ordinary proportions', () => {
    expect(wideCropSide(4000, 3000)).toBeNull();
    expect(wideCropSide(1920, 1080)).toBeNull();
    expect(wideCropSide(1000, 500)).toBeNull();
  });

  it('gives the square side of a strip', () => {
    expect(wideCropSide(1200, 100)).toBe(100);
    expect(wideCropSide(100, 1200)).toBe(100);
  });
});
