/**
 * EXIF orientation as a pure pixel transform, for decoders that return the
 * pixels as stored rather than upright.
 */

import { assertImageShape, type RgbaImage } from './images';

/**
 * EXIF `Orientation` tag value (TIFF 6.0, tag 0x0112): 1 is upright, 2-4
 * mirror or turn within the frame, 5-8 swap width and height.
 */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export function isExifOrientation(value: unknown): value is ExifOrientation {
  return (
    Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 8
  );
}

/**
 * Maps a pixel of the upright output to the stored pixel it comes from.
 * `width` and `height` are the stored image's.
 */
function sourcePixel(
  orientation: ExifOrientation,
  x: number,
  y: number,
  width: number,
  height: number,
): [number, number] {
  switch (orientation) {
    case 1:
      return [x, y];
    case 2: // mirrored left to right
      return [width - 1 - x, y];
    case 3: // turned 180 degrees
      return [width - 1 - x, height - 1 - y];
    case 4: // mirrored top to bottom
      return [x, height - 1 - y];
    case 5: // transposed about the main diagonal
      return [y, x];
    case 6: // stored turned 90 degrees anticlockwise, so turn clockwise
      return [y, height - 1 - x];
    case 7: // transposed about the anti-diagonal
      return [width - 1 - y, height - 1 - x];
    case 8: // stored turned 90 degrees clockwise, so turn anticlockwise
      return [width - 1 - y, x];
  }
}

/** Returns the upright image for pixels stored with `orientation`. */
export function applyExifOrientation(
  image: RgbaImage,
  orientation: ExifOrientation,
): RgbaImage {
  assertImageShape(image, 4);
  if (!isExifOrientation(orientation)) {
    throw new RangeError(
      `EXIF orientation must be an integer from 1 to 8, got ${orientation}`,
    );
  }
  if (orientation === 1) {
    return image;
  }

  const { width, height, data } = image;
  const swapsAxes = orientation >= 5;
  const outWidth = swapsAxes ? height : width;
  const outHeight = swapsAxes ? width : height;
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);

  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const [sx, sy] = sourcePixel(orientation, x, y, width, height);
      const from = (sy * width + sx) * 4;
      const to = (y * outWidth + x) * 4;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
      out[to + 3] = data[from + 3]!;
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}
