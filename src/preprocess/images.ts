/**
 * Pixel buffers passed between the decoders and the pure preprocessing
 * steps. Rows run top to bottom with no padding between them.
 */

/** 8-bit RGBA pixels, 4 bytes per pixel, not premultiplied. */
export interface RgbaImage {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** RGB pixels as floats in 0-255, 3 values per pixel. */
export interface RgbImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** Throws a `RangeError` unless the buffer matches the stated size. */
export function assertImageShape(
  image: { data: ArrayLike<number>; width: number; height: number },
  channels: number,
): void {
  const { width, height } = image;
  if (!Number.isInteger(width) || width <= 0) {
    throw new RangeError(
      `Image width must be a positive integer, got ${width}`,
    );
  }
  if (!Number.isInteger(height) || height <= 0) {
    throw new RangeError(
      `Image height must be a positive integer, got ${height}`,
    );
  }
  const expected = width * height * channels;
  if (image.data.length !== expected) {
    throw new RangeError(
      `Image buffer has ${image.data.length} values, expected ${expected} ` +
        `for ${width} x ${height} pixels with ${channels} channels`,
    );
  }
}
