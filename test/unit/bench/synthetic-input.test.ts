import { describe, expect, it } from 'vitest';

import { syntheticImage } from '../../../src/bench/synthetic-input';

describe('syntheticImage', () => {
  it('has size x size x 3 values in 0-255', () => {
    const image = syntheticImage(32, 0);

    expect(image).toHaveLength(32 * 32 * 3);
    expect(Math.min(...image)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...image)).toBeLessThanOrEqual(255);
  });

  it('uses the whole value range', () => {
    const values = new Set(syntheticImage(64, 0));

    expect(values.size).toBe(256);
  });

  it('repeats for the same run', () => {
    expect(syntheticImage(16, 3)).toEqual(syntheticImage(16, 3));
  });

  it('differs between runs', () => {
    expect(syntheticImage(16, 3)).not.toEqual(syntheticImage(16, 4));
  });

  it.each([0, -1, 1.5])('rejects size %d', (size) => {
    expect(() => syntheticImage(size, 0)).toThrow(RangeError);
  });
});
