import { assertImageShape, type RgbaImage } from './images';

export interface CropRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Returns the largest square centred in a `width` x `height` frame. When
 * the margin is odd, the extra pixel goes to the right or bottom side.
 */
export function centredSquare(width: number, height: number): CropRect {
  const side = Math.min(width, height);
  return {
    x: Math.floor((width - side) / 2),
    y: Math.floor((height - side) / 2),
    width: side,
    height: side,
  };
}

/** Throws a `RangeError` unless `rect` lies inside the image. */
export function assertRectInside(image: RgbaImage, rect: CropRect): void {
  const { x, y, width, height } = rect;
  const inside =
    Number.isInteger(x) &&
    Number.isInteger(y) &&
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    x >= 0 &&
    y >= 0 &&
    width > 0 &&
    height > 0 &&
    x + width <= image.width &&
    y + height <= image.height;
  if (!inside) {
    throw new RangeError(
      `Crop ${width} x ${height} at (${x}, ${y}) does not fit inside the ` +
        `${image.width} x ${image.height} image`,
    );
  }
}

/** Copies the pixels inside `rect`, which must lie inside the image. */
export function cropRgba(image: RgbaImage, rect: CropRect): RgbaImage {
  assertImageShape(image, 4);
  assertRectInside(image, rect);
  const { x, y, width, height } = rect;
  if (width === image.width && height === image.height) {
    return image;
  }

  const out = new Uint8ClampedArray(width * height * 4);
  const rowBytes = width * 4;
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * image.width + x) * 4;
    out.set(image.data.subarray(from, from + rowBytes), row * rowBytes);
  }
  return { data: out, width, height };
}
