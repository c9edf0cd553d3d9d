/**
 * Size limits on photos and the decode size of large ones. Pure, so the
 * browser and the command-line predictor apply the same rules.
 */

import { centredSquare } from '../preprocess/crop';

/**
 * Largest file read, in bytes (100 MB). A 12-megapixel phone JPEG is a
 * few MB, so a larger file is rarely a photo, and decoding it would keep
 * all of it in memory.
 */
export const MAX_FILE_BYTES = 100_000_000;

/**
 * Largest photo accepted, in pixels. The browser may decode the whole
 * photo before it scales it down, at 4 bytes a pixel, so this caps that
 * copy at 200 MB.
 */
export const MAX_PIXELS = 50_000_000;

/**
 * Largest canvas drawn, in pixels: 4096 x 4096, the canvas area limit of
 * Safari on iOS. Larger photos are scaled down while they are decoded.
 */
export const MAX_CANVAS_PIXELS = 4096 * 4096;

/**
 * Smallest shorter side accepted, in pixels. A smaller image is an icon
 * or thumbnail, which a 192-pixel model input (the shipped model's) would
 * enlarge over 6 times, with no detail of the lesion to find.
 */
export const MIN_SIDE = 32;

/**
 * Longer-to-shorter side ratio above which the photo's preview notes that
 * only the centred square, under half of the photo, is analysed.
 */
export const WIDE_CROP_RATIO = 2;

export interface Size {
  width: number;
  height: number;
}

/**
 * Returns the size to decode a `width` x `height` photo at: the same size
 * when it fits `maxPixels`, otherwise scaled down by one factor on both
 * axes, rounded down. The aspect ratio, and with it the centred square,
 * changes by under one pixel.
 */
export function decodeSize(
  width: number,
  height: number,
  maxPixels: number = MAX_CANVAS_PIXELS,
): Size {
  if (width * height <= maxPixels) {
    return { width, height };
  }
  const scale = Math.sqrt(maxPixels / (width * height));
  return {
    width: Math.max(1, Math.floor(width * scale)),
    height: Math.max(1, Math.floor(height * scale)),
  };
}

/** Problem with a photo's dimensions, or null when they are usable. */
export type SizeProblem =
  | { kind: 'too-large'; maxPixels: number }
  | { kind: 'too-small'; minSide: number }
  | null;

/** Checks upright dimensions against `MAX_PIXELS` and `MIN_SIDE`. */
export function checkPhotoSize(width: number, height: number): SizeProblem {
  if (width * height > MAX_PIXELS) {
    return { kind: 'too-large', maxPixels: MAX_PIXELS };
  }
  if (Math.min(width, height) < MIN_SIDE) {
    return { kind: 'too-small', minSide: MIN_SIDE };
  }
  return null;
}

/**
 * Returns the side of the centred square the model analyses when the
 * photo is more than `WIDE_CROP_RATIO` times as long as it is wide, or
 * null for photos of ordinary proportions.
 */
export function wideCropSide(width: number, height: number): number | null {
  const ratio = Math.max(width, height) / Math.min(width, height);
  return ratio > WIDE_CROP_RATIO ? centredSquare(width, height).width : null;
}
