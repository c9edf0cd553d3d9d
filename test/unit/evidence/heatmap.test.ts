import { describe, expect, it } from 'vitest';

import {
  camHeatmap,
  peakRegion,
  upsampleCam,
} from '../../../src/evidence/heatmap';
import type { CamGrid } from '../../../src/shared/messages';

function grid(rows: number[][]): CamGrid {
  return {
    rows: rows.length,
    columns: rows[0]!.length,
    values: rows.flat(),
  };
}

describe('upsampleCam', () => {
  it('keeps a constant map constant', () => {
    const values = upsampleCam(
      grid([
        [2, 2],
        [2, 2],
      ]),
      10,
      10,
    );
    expect(values).toHaveLength(100);
    for (const value of values) {
      expect(value).toBeCloseTo(2, 6);
    }
  });

  it('places each cell at the centre of its block', () => {
    // Two cells across 4 pixels: cell centres at pixels 0.5 and 2.5, so
    // pixels 0 and 3 take the cell values and 1 and 2 interpolate.
    const values = upsampleCam(grid([[0, 4]]), 4, 1);
    expect(Array.from(values)).toEqual([0, 1, 3, 4]);
  });

  it('rejects a grid of the wrong length', () => {
    expect(() =>
      upsampleCam({ rows: 2, columns: 2, values: [1, 2, 3] }, 4, 4),
    ).toThrow('CAM has 3 values, expected 4 for 2 x 2 cells');
  });

  it('rejects a value that is not finite', () => {
    expect(() => upsampleCam(grid([[1, Number.NaN]]), 4, 4)).toThrow(
      'CAM value 1 is not finite: NaN',
    );
  });

  it('rejects an empty target', () => {
    expect(() => upsampleCam(grid([[1]]), 0, 4)).toThrow(RangeError);
  });
});

describe('camHeatmap', () => {
  const cam = grid([
    [-3, -1, 0],
    [-2, 1, 0.5],
    [0, 2, -4],
  ]);

  it('has the requested shape', () => {
    const heatmap = camHeatmap(cam, 90, 90);
    expect(heatmap.width).toBe(90);
    expect(heatmap.height).toBe(90);
    expect(heatmap.data).toHaveLength(90 * 90);
  });

  it('scales to 0-1 with the peak at 1', () => {
    const { data } = camHeatmap(cam, 90, 90);
    expect(Math.max(...data)).toBe(1);
    expect(Math.min(...data)).toBe(0);
    expect(data.every(Number.isFinite)).toBe(true);
  });

  it('shows negative contributions as 0', () => {
    const heatmap = camHeatmap(cam, 90, 90);
    // Top-left block: cell -3, the strongest push away from malignant.
    expect(heatmap.data[0]).toBe(0);
    // Bottom-right block: cell -4.
    expect(heatmap.data[90 * 90 - 1]).toBe(0);
  });

  it('puts the peak on the strongest positive cell', () => {
    const heatmap = camHeatmap(cam, 90, 90);
    // Cell (row 2, column 1) of 30-pixel blocks has its centre at (45, 75).
    expect(heatmap.peak!.x).toBeGreaterThanOrEqual(30);
    expect(heatmap.peak!.x).toBeLessThan(60);
    expect(heatmap.peak!.y).toBeGreaterThanOrEqual(60);
    expect(heatmap.data[heatmap.peak!.y * 90 + heatmap.peak!.x]).toBe(1);
    expect(heatmap.maxContribution).toBe(2);
  });

  it('is empty when nothing points toward malignant', () => {
    const heatmap = camHeatmap(
      grid([
        [-1, -2],
        [0, -0.5],
      ]),
      8,
      8,
    );
    expect(heatmap.peak).toBeNull();
    expect(Array.from(heatmap.data).every((value) => value === 0)).toBe(true);
    expect(peakRegion(heatmap)).toBeNull();
  });

  it('keeps the same map for a scaled cam', () => {
    const doubled = { ...cam, values: cam.values.map((value) => value * 2) };
    expect(camHeatmap(doubled, 30, 30).data).toEqual(
      camHeatmap(cam, 30, 30).data,
    );
  });
});

describe('peakRegion', () => {
  it.each([
    [
      [
        [1, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      'top left',
    ],
    [
      [
        [0, 0, 0],
        [0, 1, 0],
        [0, 0, 0],
      ],
      'centre',
    ],
    [
      [
        [0, 0, 0],
        [0, 0, 1],
        [0, 0, 0],
      ],
      'right',
    ],
    [
      [
        [0, 0, 0],
        [0, 0, 0],
        [0, 1, 0],
      ],
      'bottom',
    ],
  ])('names the peak of %j', (rows, region) => {
    expect(peakRegion(camHeatmap(grid(rows), 60, 60))).toBe(region);
  });
});
