import { assertImageShape, type RgbaImage, type RgbImage } from './images';

/** Largest value of an 8-bit channel, alpha included. */
export const MAX_CHANNEL = 255;

/**
 * Composites RGBA pixels onto an opaque white background and drops alpha:
 * `out = colour * alpha + 255 * (1 - alpha)` with alpha in 0-1.
 */
export function compositeOnWhite(image: RgbaImage): RgbImage {
  assertImageShape(image, 4);
  const { data, width, height } = image;
  const pixelCount = width * height;
  const out = new Float32Array(pixelCount * 3);

  for (let p = 0; p < pixelCount; p++) {
    const alpha = data[p * 4 + 3]! / MAX_CHANNEL;
    const background = MAX_CHANNEL * (1 - alpha);
    out[p * 3] = data[p * 4]! * alpha + background;
    out[p * 3 + 1] = data[p * 4 + 1]! * alpha + background;
    out[p * 3 + 2] = data[p * 4 + 2]! * alpha + background;
  }
  return { data: out, width, height };
}
