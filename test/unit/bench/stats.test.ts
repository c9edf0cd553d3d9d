import { describe, expect, it } from 'vitest';

import {
  median,
  percentile,
  ratio,
  summariseTimes,
} from '../../../bench/stats';

describe('percentile', () => {
  // Expected values from numpy.percentile (linear interpolation).
  it.each([
    [[1, 2, 3, 4], 90, 3.7],
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 100, 4],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90, 91],
    [[7], 90, 7],
  ])('of %j at %d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  it('sorts a copy of the input', () => {
    const values = [5, 1, 4, 2, 3];

    expect(percentile(values, 50)).toBe(3);
    expect(values).toEqual([5, 1, 4, 2, 3]);
  });

  it('rejects no values', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
  });

  it.each([-1, 101, Number.NaN])('rejects percentile %d', (p) => {
    expect(() => percentile([1, 2], p)).toThrow(/from 0 to 100/);
  });
});

describe('median', () => {
  it('averages the middle pair', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('summariseTimes', () => {
  it('reports count, median, p90 and range', () => {
    const times = Array.from({ length: 10 }, (_, i) => (i + 1) * 10);

    const summary = summariseTimes(times);

    expect(summary.runs).toBe(10);
    expect(summary.medianMs).toBe(55);
    expect(summary.p90Ms).toBeCloseTo(91, 10);
    expect(summary.minMs).toBe(10);
    expect(summary.maxMs).toBe(100);
  });
});

describe('ratio', () => {
  it('divides value by reference', () => {
    expect(ratio(50, 4)).toBe(12.5);
  });

  it.each([
    [1, 0],
    [1, -2],
    [null, 2],
    [2, null],
  ])('is null for %s over %s', (value, reference) => {
    expect(ratio(value, reference)).toBeNull();
  });
});
