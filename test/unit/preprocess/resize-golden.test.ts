import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { resizeRgb } from '../../../src/preprocess/resize';

interface GoldenCase {
  name: string;
  side: number;
  size: number;
  source: number[];
  expected: number[];
}

// PyTorch's resizes of random images, written by make_golden.py there.
const golden: { torch: string; cases: GoldenCase[] } = JSON.parse(
  readFileSync(
    new URL('../../fixtures/resize/resize-golden.json', import.meta.url),
    'utf8',
  ),
);

/**
 * Maximum difference from PyTorch, in 0-255 levels. PyTorch computes the
 * weights in float32 and the golden file rounds to 4 decimals.
 */
const TORCH_TOLERANCE = 0.01;

describe('resizeRgb against PyTorch', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))(
    '%s',
    (_, { side, size, source, expected }) => {
      const result = resizeRgb(
        { data: Float32Array.from(source), width: side, height: side },
        size,
        size,
      );
      expect(result.data).toHaveLength(expected.length);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(result.data[i]! - expected[i]!));
      }
      expect(worst).toBeLessThan(TORCH_TOLERANCE);
    },
  );
});
