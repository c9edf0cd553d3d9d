/**
 * Image measures behind the photo-quality checks: pure functions on a grey
 * image, with no DOM, so the browser and the command line share them.
 */

import { centredSquare } from '../preprocess/crop';
import type { RgbaImage } from '../preprocess/images';
import { resizeRgbaOnWhite } from '../preprocess/resize';

/** Luminance in 0-255, one value per pixel, row-major. */
export interface GreyImage {
  data: Float32Array;
  width: number;
  height: number;
}

/** ITU-R BT.601 luma weights, as OpenCV's `COLOR_RGB2GRAY` uses them. */
const LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

/** Bins of the Otsu histogram: one per 8-bit grey level. */
const GREY_LEVELS = 256;

/**
 * Returns the grey image of the centred square that the model analyses,
 * resized to `side` x `side` with the preprocessing's antialiased resize.
 */
export function greySquare(image: RgbaImage, side: number): GreyImage {
  const rgb = resizeRgbaOnWhite(
    image,
    centredSquare(image.width, image.height),
    side,
    side,
  );
  const data = new Float32Array(side * side);
  for (let p = 0; p < data.length; p++) {
    data[p] =
      rgb.data[p * 3]! * LUMA_WEIGHTS[0] +
      rgb.data[p * 3 + 1]! * LUMA_WEIGHTS[1] +
      rgb.data[p * 3 + 2]! * LUMA_WEIGHTS[2];
  }
  return { data, width: side, height: side };
}

/**
 * Returns the mean chroma of the centred square that the model analyses,
 * resized to `side` x `side`: the mean of max(R, G, B) - min(R, G, B) over
 * its pixels, in levels 0-255 (the C of the HSV/HSL colour models). A
 * black-and-white photo gives 0, and skin and lesions give tens of levels.
 */
export function meanChroma(image: RgbaImage, side: number): number {
  const rgb = resizeRgbaOnWhite(
    image,
    centredSquare(image.width, image.height),
    side,
    side,
  );
  let sum = 0;
  for (let p = 0; p < side * side; p++) {
    const r = rgb.data[p * 3]!;
    const g = rgb.data[p * 3 + 1]!;
    const b = rgb.data[p * 3 + 2]!;
    sum += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return sum / (side * side);
}

/**
 * Variance of the 4-neighbour Laplacian over the interior pixels, in grey
 * levels squared: the focus measure of Pech-Pacheco et al. (ICPR 2000),
 * the same as OpenCV's `Laplacian(grey, CV_64F).var()` with `ksize=1`.
 * Sharp edges give large values, blur small ones.
 */
export function laplacianVariance(grey: GreyImage): number {
  const { data, width, height } = grey;
  if (width < 3 || height < 3) {
    return 0;
  }
  let sum = 0;
  let sumOfSquares = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const response =
        data[i - width]! +
        data[i + width]! +
        data[i - 1]! +
        data[i + 1]! -
        4 * data[i]!;
      sum += response;
      sumOfSquares += response * response;
    }
  }
  const count = (width - 2) * (height - 2);
  const mean = sum / count;
  return sumOfSquares / count - mean * mean;
}

export interface ExposureStats {
  /** Share of pixels at or below `darkLevel`, 0-1. */
  darkShare: number;
  /** Share of pixels at or above `brightLevel`, 0-1. */
  brightShare: number;
  /** Mean luminance, 0-255. */
  meanLuminance: number;
}

/** Measures clipped dark and bright pixels and the mean luminance. */
export function exposureStats(
  grey: GreyImage,
  darkLevel: number,
  brightLevel: number,
): ExposureStats {
  let dark = 0;
  let bright = 0;
  let sum = 0;
  for (const value of grey.data) {
    if (value <= darkLevel) {
      dark++;
    }
    if (value >= brightLevel) {
      bright++;
    }
    sum += value;
  }
  const count = grey.data.length;
  return {
    darkShare: dark / count,
    brightShare: bright / count,
    meanLuminance: sum / count,
  };
}

/**
 * Otsu's threshold (IEEE Trans. SMC 9(1), 1979) over the grey values whose
 * `mask` entry is 1, or all values without a mask: the level that
 * maximises the between-class variance of a 256-bin histogram. Values at
 * or below it form the dark class.
 */
export function otsuThreshold(values: Float32Array, mask?: Uint8Array): number {
  const histogram = new Float64Array(GREY_LEVELS);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask && !mask[i]) {
      continue;
    }
    const level = Math.min(
      Math.max(Math.round(values[i]!), 0),
      GREY_LEVELS - 1,
    );
    histogram[level]!++;
    count++;
  }
  if (count === 0) {
    return 0;
  }

  let total = 0;
  for (let level = 0; level < GREY_LEVELS; level++) {
    total += level * histogram[level]!;
  }
  let darkCount = 0;
  let darkSum = 0;
  let bestLevel = 0;
  let bestVariance = -1;
  for (let level = 0; level < GREY_LEVELS; level++) {
    darkCount += histogram[level]!;
    darkSum += level * histogram[level]!;
    const brightCount = count - darkCount;
    if (darkCount === 0 || brightCount === 0) {
      continue;
    }
    const darkMean = darkSum / darkCount;
    const brightMean = (total - darkSum) / brightCount;
    const variance =
      darkCount *
      brightCount *
      (darkMean - brightMean) *
      (darkMean - brightMean);
    if (variance > bestVariance) {
      bestVariance = variance;
      bestLevel = level;
    }
  }
  return bestLevel;
}

/** Pixel count and centroid of one connected region, in pixels. */
export interface Region {
  area: number;
  centroidX: number;
  centroidY: number;
}

/**
 * Returns the largest 4-connected region of the pixels whose `mask` entry
 * is 1, or null when the mask is empty.
 */
export function largestRegion(
  mask: Uint8Array,
  width: number,
  height: number,
): Region | null {
  const visited = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  let best: Region | null = null;

  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || visited[start]) {
      continue;
    }
    let top = 0;
    stack[top++] = start;
    visited[start] = 1;
    let area = 0;
    let sumX = 0;
    let sumY = 0;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      area++;
      sumX += x;
      sumY += y;
      const neighbours = [
        x > 0 ? i - 1 : -1,
        x < width - 1 ? i + 1 : -1,
        y > 0 ? i - width : -1,
        y < height - 1 ? i + width : -1,
      ];
      for (const next of neighbours) {
        if (next >= 0 && mask[next] && !visited[next]) {
          visited[next] = 1;
          stack[top++] = next;
        }
      }
    }
    if (!best || area > best.area) {
      best = { area, centroidX: sumX / area, centroidY: sumY / area };
    }
  }
  return best;
}

/** The lesion as the quality checks find it in the analysed square. */
export interface LesionEstimate {
  /** Lesion pixels over the pixels of the inscribed disc, 0-1. */
  areaShare: number;
  /**
   * Distance of the lesion's centroid from the square's centre, in units
   * of the square's side: 0 in the centre, about 0.5 at an edge.
   */
  centreOffset: number;
}

/**
 * Finds the lesion as the largest dark region after an Otsu threshold.
 * Only the disc inscribed in the square is searched, because
 * dermatoscopes leave dark vignetted corners that would pass as lesions.
 * NOTE: hair, a dark rim inside the disc or a second lesion can win
 * instead, so the size and centring checks miss about half of the shrunk
 * or shifted test photos (docs/photo-quality.md).
 */
export function estimateLesion(grey: GreyImage): LesionEstimate {
  const { data, width, height } = grey;
  const centreX = width / 2;
  const centreY = height / 2;
  const radius = Math.min(width, height) / 2;

  const disc = new Uint8Array(data.length);
  let discPixels = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - centreX;
      const dy = y + 0.5 - centreY;
      if (dx * dx + dy * dy <= radius * radius) {
        disc[y * width + x] = 1;
        discPixels++;
      }
    }
  }

  const threshold = otsuThreshold(data, disc);
  const dark = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    dark[i] = disc[i] && data[i]! <= threshold ? 1 : 0;
  }
  const lesion = largestRegion(dark, width, height);
  if (!lesion) {
    return { areaShare: 0, centreOffset: 0 };
  }
  const side = Math.min(width, height);
  return {
    areaShare: lesion.area / discPixels,
    centreOffset:
      Math.hypot(
        lesion.centroidX + 0.5 - centreX,
        lesion.centroidY + 0.5 - centreY,
      ) / side,
  };
}
