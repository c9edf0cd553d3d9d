/** Summary statistics of benchmark samples. */

/**
 * Returns the `p`th percentile (0-100) of `values`, interpolating linearly
 * between the two nearest ranks, as NumPy's default `percentile` does.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new RangeError('Cannot take a percentile of no values');
  }
  if (!(p >= 0 && p <= 100)) {
    throw new RangeError(`Percentile must be from 0 to 100, got ${p}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const weight = rank - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface TimeSummary {
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
}

export function summariseTimes(timesMs: readonly number[]): TimeSummary {
  return {
    runs: timesMs.length,
    medianMs: median(timesMs),
    p90Ms: percentile(timesMs, 90),
    minMs: Math.min(...timesMs),
    maxMs: Math.max(...timesMs),
  };
}

/**
 * Returns `value / reference`, or null when the reference is not positive
 * or either figure is missing, so no ratio is shown as infinite.
 */
export function ratio(
  value: number | null,
  reference: number | null,
): number | null {
  if (value === null || reference === null || !(reference > 0)) {
    return null;
  }
  return value / reference;
}
