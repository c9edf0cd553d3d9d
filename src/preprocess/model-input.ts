/**
 * The whole preprocessing the model contract requires of the caller, from
 * decoded RGBA pixels to the `image` input. Pure, so the browser and the
 * Node predictor share it.
 */

import { centredSquare } from './crop';
import type { RgbaImage } from './images';
import { applyExifOrientation, type ExifOrientation } from './orientation';
import { resizeRgbaOnWhite } from './resize';

/**
 * Returns `size * size * 3` RGB floats in 0-255, row-major (HWC). Pass the
 * EXIF orientation only when the decoder left the pixels as stored. The
 * default 1 means they are already upright.
 */
export function toModelInput(
  image: RgbaImage,
  size: number,
  orientation: ExifOrientation = 1,
): Float32Array {
  const upright = applyExifOrientation(image, orientation);
  const square = centredSquare(upright.width, upright.height);
  return resizeRgbaOnWhite(upright, square, size, size).data;
}
