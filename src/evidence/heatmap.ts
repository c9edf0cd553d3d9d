/**
 * Class-activation heatmap of the malignant output, from the graph's `cam`
 * output (docs/model-interface.md): no gradients, only the per-cell
 * contributions to the calibrated malignant logit that the graph returns.
 */

import { axisTaps } from '../preprocess/resize';
import type { CamGrid } from '../shared/messages';

/** Heatmap over the photo's shown square, row-major, top row first. */
export interface Heatmap {
  /**
   * 0 where the model found nothing that pushes toward malignant (zero or
   * negative contribution), 1 at the strongest push toward malignant.
   */
  data: Float32Array;
  width: number;
  height: number;
  /** Largest cell contribution to the calibrated malignant logit. */
  maxContribution: number;
  /** A pixel with value 1, or null when no cell contributes toward it. */
  peak: { x: number; y: number } | null;
}

/** Throws a `RangeError` unless `cam` is a grid of finite numbers. */
export function assertCamGrid(cam: CamGrid): void {
  const { rows, columns, values } = cam;
  if (!Number.isInteger(rows) || rows <= 0) {
    throw new RangeError(`CAM rows must be a positive integer, got ${rows}`);
  }
  if (!Number.isInteger(columns) || columns <= 0) {
    throw new RangeError(
      `CAM columns must be a positive integer, got ${columns}`,
    );
  }
  if (values.length !== rows * columns) {
    throw new RangeError(
      `CAM has ${values.length} values, expected ${rows * columns} for ` +
        `${rows} x ${columns} cells`,
    );
  }
  const bad = values.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new RangeError(`CAM value ${bad} is not finite: ${values[bad]}`);
  }
}

/**
 * Upsamples the signed cell values to `width` x `height` pixels. It uses
 * the bilinear resize of the preprocessing (PyTorch's `align_corners=False`
 * convention), so each cell's value sits at the centre of the block of
 * pixels it covers.
 */
export function upsampleCam(
  cam: CamGrid,
  width: number,
  height: number,
): Float32Array {
  assertCamGrid(cam);
  const columnTaps = axisTaps(cam.columns, width);
  const rowTaps = axisTaps(cam.rows, height);

  const rows = new Float64Array(cam.rows * width);
  for (let row = 0; row < cam.rows; row++) {
    for (let x = 0; x < width; x++) {
      const { first, weights } = columnTaps[x]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) {
        sum += cam.values[row * cam.columns + first + k]! * weights[k]!;
      }
      rows[row * width + x] = sum;
    }
  }

  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const { first, weights } = rowTaps[y]!;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) {
        sum += rows[(first + k) * width + x]! * weights[k]!;
      }
      out[y * width + x] = sum;
    }
  }
  return out;
}

/**
 * Computes the heatmap of `cam` over a `width` x `height` square. Only
 * contributions toward malignant are shown: negative values become 0, so
 * a colour never suggests evidence that pushed the other way. The rest is
 * scaled by the map's own maximum, so 1 means "strongest in this photo",
 * not a fixed amount of evidence.
 */
export function camHeatmap(
  cam: CamGrid,
  width: number,
  height: number,
): Heatmap {
  const data = upsampleCam(cam, width, height);
  const maxContribution = Math.max(...cam.values);

  let peakIndex = -1;
  let peakValue = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! > peakValue) {
      peakValue = data[i]!;
      peakIndex = i;
    }
  }
  if (peakIndex < 0) {
    data.fill(0);
    return { data, width, height, maxContribution, peak: null };
  }

  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(data[i]!, 0) / peakValue;
  }
  // Division can leave the peak a rounding step away from 1.
  data[peakIndex] = 1;
  return {
    data,
    width,
    height,
    maxContribution,
    peak: { x: peakIndex % width, y: Math.floor(peakIndex / width) },
  };
}

/** Part of the photo, in a 3 x 3 grid, as the legend names it. */
export type PhotoRegion =
  | 'top left'
  | 'top'
  | 'top right'
  | 'left'
  | 'centre'
  | 'right'
  | 'bottom left'
  | 'bottom'
  | 'bottom right';

const REGION_GRID: PhotoRegion[][] = [
  ['top left', 'top', 'top right'],
  ['left', 'centre', 'right'],
  ['bottom left', 'bottom', 'bottom right'],
];

/** Names the third of the square, across and down, that contains the peak. */
export function peakRegion(heatmap: Heatmap): PhotoRegion | null {
  if (!heatmap.peak) {
    return null;
  }
  const column = Math.min(Math.floor((heatmap.peak.x * 3) / heatmap.width), 2);
  const row = Math.min(Math.floor((heatmap.peak.y * 3) / heatmap.height), 2);
  return REGION_GRID[row]![column]!;
}
