/**
 * Geometry of the malignant-probability chart: pure, so the SVG component
 * only draws what these functions return.
 */

import { formatPercent } from '../result/interpret';
import { formatDate } from './format';

export interface ChartInput {
  id: string;
  /** ISO 8601 timestamp. */
  analysedAt: string;
  malignant: number;
  /** Threshold the analysis used, 0-1. */
  threshold: number;
  /** Whether the result was out of distribution. Absent means false. */
  unreliable?: boolean;
}

export interface ChartSize {
  width: number;
  height: number;
  /** Space for the axis labels, in SVG units. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const CHART_SIZE: ChartSize = {
  width: 600,
  height: 260,
  left: 48,
  right: 16,
  top: 16,
  bottom: 40,
};

export interface ChartPoint extends ChartInput {
  x: number;
  y: number;
  aboveThreshold: boolean;
}

/** A rise from below the threshold to at or above it. */
export interface Crossing {
  from: ChartPoint;
  to: ChartPoint;
}

export interface ChartGeometry {
  points: ChartPoint[];
  /** SVG path of the probabilities in date order. */
  line: string;
  /** SVG path of each analysis's threshold, so a changed model shows. */
  threshold: string;
  crossings: Crossing[];
  /** Left end of the threshold line, where its label goes. */
  thresholdStart: { x: number; y: number } | null;
  /** Y positions of the 0, 25, 50, 75 and 100 % grid lines. */
  grid: { y: number; percent: number }[];
}

const GRID_PERCENTS = [0, 25, 50, 75, 100];

/** Returns the indexes `i` where analysis `i` rose across its threshold. */
export function findCrossings(inputs: readonly ChartInput[]): number[] {
  const indexes: number[] = [];
  for (let i = 1; i < inputs.length; i++) {
    const before = inputs[i - 1]!;
    const after = inputs[i]!;
    if (
      before.malignant < before.threshold &&
      after.malignant >= after.threshold
    ) {
      indexes.push(i);
    }
  }
  return indexes;
}

function pathThrough(points: readonly { x: number; y: number }[]): string {
  return points
    .map(
      (point, i) => `${i === 0 ? 'M' : 'L'}${round(point.x)},${round(point.y)}`,
    )
    .join(' ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Places analyses, sorted by date, on a time axis. A single date, or
 * analyses all at one time, sit in the middle.
 */
export function chartGeometry(
  inputs: readonly ChartInput[],
  size: ChartSize = CHART_SIZE,
): ChartGeometry {
  const sorted = [...inputs].sort((a, b) =>
    a.analysedAt.localeCompare(b.analysedAt),
  );
  const plotWidth = size.width - size.left - size.right;
  const plotHeight = size.height - size.top - size.bottom;
  const times = sorted.map((input) => Date.parse(input.analysedAt));
  const first = Math.min(...times);
  const span = Math.max(...times) - first;
  const xOf = (time: number) =>
    size.left +
    (span > 0 ? ((time - first) / span) * plotWidth : plotWidth / 2);
  const yOf = (probability: number) =>
    size.top + (1 - probability) * plotHeight;

  const points = sorted.map((input, i) => ({
    ...input,
    x: xOf(times[i]!),
    y: yOf(input.malignant),
    aboveThreshold: input.malignant >= input.threshold,
  }));
  const thresholdPoints = points.map((point) => ({
    x: point.x,
    y: yOf(point.threshold),
  }));
  // A lone threshold point still gets a line across the plot.
  if (thresholdPoints.length === 1) {
    const y = thresholdPoints[0]!.y;
    thresholdPoints.splice(
      0,
      1,
      { x: size.left, y },
      {
        x: size.left + plotWidth,
        y,
      },
    );
  }

  return {
    points,
    line: pathThrough(points),
    threshold: pathThrough(thresholdPoints),
    thresholdStart: points.length > 0 ? thresholdPoints[0]! : null,
    crossings: findCrossings(sorted).map((i) => ({
      from: points[i - 1]!,
      to: points[i]!,
    })),
    grid: GRID_PERCENTS.map((percent) => ({ y: yOf(percent / 100), percent })),
  };
}

/** Returns "1 of 3 results is unreliable.", or null for none. */
function unreliableText(points: readonly ChartPoint[]): string | null {
  const count = points.filter((point) => point.unreliable).length;
  if (count === 0) {
    return null;
  }
  if (points.length === 1) {
    return 'The result is unreliable.';
  }
  const verb = count === 1 ? 'is' : 'are';
  return `${count} of ${points.length} results ${verb} unreliable.`;
}

/** Summarises the chart in words, for screen readers and the report. */
export function describeChart(analyses: readonly ChartInput[]): string {
  const { points, crossings } = chartGeometry(analyses);
  if (points.length === 0) {
    return 'No analyses yet.';
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const range =
    points.length === 1
      ? `One analysis, on ${formatDate(first.analysedAt)}: malignant ` +
        `probability ${formatPercent(first.malignant)}.`
      : `Malignant probability went from ${formatPercent(first.malignant)} ` +
        `on ${formatDate(first.analysedAt)} to ` +
        `${formatPercent(last.malignant)} on ${formatDate(last.analysedAt)} ` +
        `over ${points.length} analyses.`;
  const rises = crossings.map(
    ({ from, to }) =>
      `It rose above the referral threshold between ` +
      `${formatDate(from.analysedAt)} and ${formatDate(to.analysedAt)}.`,
  );
  const unreliable = unreliableText(points);
  return [range, ...rises, ...(unreliable ? [unreliable] : [])].join(' ');
}
