/**
 * Deterministic image resize in plain TypeScript, so the browser and Node
 * produce the same model input from the same pixels. It reproduces the
 * training pipeline's resize, PyTorch's `F.interpolate(mode='bilinear',
 * align_corners=False)` with `antialias=True` only when shrinking
 * (model/data/images.py). Each axis is resampled on its own: a triangle
 * filter widened by the scale factor when it shrinks, which averages every
 * covered source pixel and so antialiases, and plain bilinear
 * interpolation between the two nearest pixel centres when it grows.
 */

import { MAX_CHANNEL } from './composite';
import { assertRectInside, type CropRect } from './crop';
import { assertImageShape, type RgbaImage, type RgbImage } from './images';

/** Source pixels and weights that make up one output pixel along an axis. */
interface AxisTap {
  first: number;
  weights: Float64Array;
}

/** Computes the taps of every output pixel along one axis. */
export function axisTaps(sourceSize: number, targetSize: number): AxisTap[] {
  if (!Number.isInteger(targetSize) || targetSize <= 0) {
    throw new RangeError(
      `Resize target must be a positive integer, got ${targetSize}`,
    );
  }
  if (targetSize === sourceSize) {
    return Array.from({ length: targetSize }, (_, i) => ({
      first: i,
      weights: Float64Array.of(1),
    }));
  }
  return targetSize < sourceSize
    ? antialiasedTaps(sourceSize, targetSize)
    : bilinearTaps(sourceSize, targetSize);
}

/**
 * Antialiased bilinear taps, as PyTorch computes them
 * (`_compute_indices_weights_aa` in aten/src/ATen/native/UpSample.h): a
 * triangle filter whose support grows with the scale factor, with the
 * weights of each output pixel normalised to sum to 1.
 */
function antialiasedTaps(sourceSize: number, targetSize: number): AxisTap[] {
  const scale = sourceSize / targetSize;
  const support = scale;
  const taps: AxisTap[] = [];
  for (let i = 0; i < targetSize; i++) {
    const centre = (i + 0.5) * scale;
    const first = Math.max(Math.trunc(centre - support + 0.5), 0);
    const end = Math.min(Math.trunc(centre + support + 0.5), sourceSize);
    const weights = new Float64Array(end - first);
    let total = 0;
    for (let j = first; j < end; j++) {
      const distance = Math.abs((j + 0.5 - centre) / scale);
      const weight = Math.max(1 - distance, 0);
      weights[j - first] = weight;
      total += weight;
    }
    for (let k = 0; k < weights.length; k++) {
      weights[k]! /= total;
    }
    taps.push({ first, weights });
  }
  return taps;
}

function bilinearTaps(sourceSize: number, targetSize: number): AxisTap[] {
  const scale = sourceSize / targetSize;
  const taps: AxisTap[] = [];
  for (let i = 0; i < targetSize; i++) {
    const centre = (i + 0.5) * scale - 0.5;
    const clamped = Math.min(Math.max(centre, 0), sourceSize - 1);
    const first = Math.min(Math.floor(clamped), sourceSize - 1);
    const fraction = clamped - first;
    if (first + 1 < sourceSize) {
      taps.push({ first, weights: Float64Array.of(1 - fraction, fraction) });
    } else {
      taps.push({ first, weights: Float64Array.of(1) });
    }
  }
  return taps;
}

/**
 * Vertical pass over rows already resized horizontally, rounded to float32
 * once at the end.
 */
function resizeColumns(
  rows: Float64Array,
  width: number,
  height: number,
  rowTaps: AxisTap[],
): RgbImage {
  const out = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const { first, weights } = rowTaps[y]!;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < weights.length; k++) {
        const from = ((first + k) * width + x) * 3;
        const w = weights[k]!;
        r += rows[from]! * w;
        g += rows[from + 1]! * w;
        b += rows[from + 2]! * w;
      }
      const to = (y * width + x) * 3;
      out[to] = r;
      out[to + 1] = g;
      out[to + 2] = b;
    }
  }
  return { data: out, width, height };
}

/** Resizes RGB float pixels to `width` x `height`. */
export function resizeRgb(
  image: RgbImage,
  width: number,
  height: number,
): RgbImage {
  assertImageShape(image, 3);
  const columnTaps = axisTaps(image.width, width);
  const rowTaps = axisTaps(image.height, height);

  // Horizontal pass in double precision: image.height rows of `width`.
  const rows = new Float64Array(image.height * width * 3);
  for (let y = 0; y < image.height; y++) {
    const sourceRow = y * image.width * 3;
    for (let x = 0; x < width; x++) {
      const { first, weights } = columnTaps[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < weights.length; k++) {
        const from = sourceRow + (first + k) * 3;
        const w = weights[k]!;
        r += image.data[from]! * w;
        g += image.data[from + 1]! * w;
        b += image.data[from + 2]! * w;
      }
      const to = (y * width + x) * 3;
      rows[to] = r;
      rows[to + 1] = g;
      rows[to + 2] = b;
    }
  }
  return resizeColumns(rows, width, height, rowTaps);
}

/**
 * Crops `rect` out of RGBA pixels, composites it onto white and resizes it
 * to `width` x `height` in one go. It gives what
 * `resizeRgb(compositeOnWhite(cropRgba(image, rect)), width, height)`
 * gives, within float32 rounding, without the float copy of the crop,
 * which takes 12 bytes a pixel (over 100 MB for a 12-megapixel photo).
 */
export function resizeRgbaOnWhite(
  image: RgbaImage,
  rect: CropRect,
  width: number,
  height: number,
): RgbImage {
  assertImageShape(image, 4);
  assertRectInside(image, rect);
  const columnTaps = axisTaps(rect.width, width);
  const rowTaps = axisTaps(rect.height, height);
  const { data } = image;

  const rows = new Float64Array(rect.height * width * 3);
  // One composited source row at a time, so each pixel is composited once.
  const line = new Float64Array(rect.width * 3);
  for (let y = 0; y < rect.height; y++) {
    const rowStart = ((rect.y + y) * image.width + rect.x) * 4;
    for (let x = 0; x < rect.width; x++) {
      const from = rowStart + x * 4;
      const alpha = data[from + 3]! / MAX_CHANNEL;
      const background = MAX_CHANNEL * (1 - alpha);
      line[x * 3] = data[from]! * alpha + background;
      line[x * 3 + 1] = data[from + 1]! * alpha + background;
      line[x * 3 + 2] = data[from + 2]! * alpha + background;
    }
    for (let x = 0; x < width; x++) {
      const { first, weights } = columnTaps[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < weights.length; k++) {
        const from = (first + k) * 3;
        const w = weights[k]!;
        r += line[from]! * w;
        g += line[from + 1]! * w;
        b += line[from + 2]! * w;
      }
      const to = (y * width + x) * 3;
      rows[to] = r;
      rows[to + 1] = g;
      rows[to + 2] = b;
    }
  }
  return resizeColumns(rows, width, height, rowTaps);
}
