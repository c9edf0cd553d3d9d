import { describe, expect, it } from 'vitest';

import {
  heatmapToRgba,
  legendGradient,
  parseHexColour,
} from '../../../src/evidence/colour-scale';
import type { Heatmap } from '../../../src/evidence/heatmap';

/** Viridis ends in d3-scale-chromatic 3.1: dark purple and yellow. */
const VIRIDIS_LOW = [0x44, 0x01, 0x54];
const VIRIDIS_HIGH = [0xfd, 0xe7, 0x25];

function heatmapOf(values: number[]): Heatmap {
  return {
    data: Float32Array.from(values),
    width: values.length,
    height: 1,
    maxContribution: 1,
    peak: { x: 0, y: 0 },
  };
}

describe('parseHexColour', () => {
  it('reads #rrggbb', () => {
    expect(parseHexColour('#fde725')).toEqual(VIRIDIS_HIGH);
  });

  it('rejects other forms', () => {
    expect(() => parseHexColour('rgb(1, 2, 3)')).toThrow(
      'Expected a colour of the form #rrggbb, got rgb(1, 2, 3)',
    );
  });
});

describe('heatmapToRgba', () => {
  it('maps 0 to clear purple and 1 to opaque yellow', () => {
    const rgba = heatmapToRgba(heatmapOf([0, 1]));
    expect(Array.from(rgba.subarray(0, 4))).toEqual([...VIRIDIS_LOW, 0]);
    expect(Array.from(rgba.subarray(4, 8))).toEqual([...VIRIDIS_HIGH, 255]);
  });

  it('makes alpha follow the value', () => {
    const rgba = heatmapToRgba(heatmapOf([0.25, 0.5, 0.75]));
    expect(rgba[3]).toBe(64);
    expect(rgba[7]).toBe(128);
    expect(rgba[11]).toBe(191);
  });
});

describe('legendGradient', () => {
  it('runs from clear purple to opaque yellow', () => {
    const gradient = legendGradient();
    expect(gradient).toMatch(
      /^linear-gradient\(to right, rgb\(68 1 84 \/ 0.00\)/,
    );
    expect(gradient).toMatch(/rgb\(253 231 37 \/ 1.00\)\)$/);
  });
});
