/**
 * Figures of a bench run as table rows, and the targets the shipped model
 * and the app must meet. Pure functions, shared by the console report and
 * docs/benchmarks.md.
 */

import type {
  BenchResults,
  MemorySample,
  ModelFigures,
  TargetResult,
} from './results';
import { ratio } from './stats';

const BYTES_PER_KB = 1000;
const BYTES_PER_MB = 1_000_000;
const MS_PER_S = 1000;

/** The shipped model's maximum download: 5 MB, in bytes. */
export const MAX_SHIPPED_DOWNLOAD_BYTES = 5 * BYTES_PER_MB;

/** Minimum ratio of the first design's median inference time to ours. */
export const MIN_SPEEDUP = 8;

/** Maximum gzipped JavaScript of the app without the model: 400 kB. */
export const MAX_APP_JAVASCRIPT_GZIP_BYTES = 400_000;

/**
 * Maximum growth of the model worker's WebGL textures over the memory
 * runs, in bytes. One leaked input tensor (size x size x 3 float32) is
 * 442 kB at a 192-pixel input, so 100 leaks would exceed this by far.
 */
export const MAX_WEBGL_GROWTH_BYTES = 1 * BYTES_PER_MB;

/**
 * Maximum growth of the JS heap and ArrayBuffers (page and model worker,
 * after garbage collection) over the memory runs, in bytes. In bench runs
 * the worker's heap grew by about 0.5 MB over the first 50 analyses and
 * then levelled off. An input array kept by each analysis (442 kB at 192
 * pixels) would exceed the limit within five analyses.
 */
export const MAX_JS_HEAP_GROWTH_BYTES = 2 * BYTES_PER_MB;

export type Row = [
  figure: string,
  shipped: string,
  baseline: string,
  ratio: string,
];

export const TABLE_HEADER: Row = [
  'figure',
  '(a) shipped',
  '(b) first design',
  '(b)/(a)',
];

export function formatMegabytes(bytes: number): string {
  return `${(bytes / BYTES_PER_MB).toFixed(2)} MB`;
}

export function formatKilobytes(bytes: number): string {
  return `${(bytes / BYTES_PER_KB).toFixed(1)} kB`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / MS_PER_S).toFixed(2)} s`;
}

export function formatMilliseconds(ms: number): string {
  return `${ms.toFixed(0)} ms`;
}

/** Formats a ratio such as `20.3x`, or an empty string for none. */
export function formatRatio(value: number | null): string {
  return value === null ? '' : `${value.toFixed(1)}x`;
}

function signedMegabytes(bytes: number): string {
  return `${bytes >= 0 ? '+' : ''}${formatMegabytes(bytes)}`;
}

/** V8 heap in use by the page and the model worker. */
export function jsHeapBytes(sample: MemorySample): number {
  return sample.jsHeap.page.usedBytes + sample.jsHeap.workers.usedBytes;
}

/**
 * ArrayBuffer contents of the page and the model worker, which include
 * the model files the runtime keeps to reload the model after a lost
 * WebGL context.
 */
export function arrayBufferBytes(sample: MemorySample): number {
  return (
    sample.jsHeap.page.backingStorageBytes +
    sample.jsHeap.workers.backingStorageBytes
  );
}

/** JS heap and ArrayBuffers together: the JavaScript memory of a sample. */
export function jsMemoryBytes(sample: MemorySample): number {
  return jsHeapBytes(sample) + arrayBufferBytes(sample);
}

/** WebGL texture bytes the backend holds, or 0 off WebGL. */
export function webglBytes(sample: MemorySample): number {
  return sample.model.numBytesInGPUAllocated ?? 0;
}

function firstAndLast(figures: ModelFigures): [MemorySample, MemorySample] {
  const { memory } = figures;
  if (memory.length < 2) {
    throw new RangeError(
      `${figures.name} has ${memory.length} memory samples, but the report ` +
        'needs 2 or more',
    );
  }
  return [memory[0]!, memory[memory.length - 1]!];
}

/** Returns how much `measure` grew from the first memory sample to the last. */
export function memoryGrowth(
  figures: ModelFigures,
  measure: (sample: MemorySample) => number,
): number {
  const [first, last] = firstAndLast(figures);
  return measure(last) - measure(first);
}

function numericRow(
  figure: string,
  a: number,
  b: number,
  format: (value: number) => string,
): Row {
  return [figure, format(a), format(b), formatRatio(ratio(b, a))];
}

/** Returns the rows of the side-by-side table of a bench run. */
export function figureRows(results: BenchResults): Row[] {
  const { shipped: a, baseline: b, settings } = results;
  const analyses = `${settings.memoryRuns} analyses`;
  const [aFirst, aLast] = firstAndLast(a);
  const [bFirst, bLast] = firstAndLast(b);
  const tensors = (first: MemorySample, last: MemorySample) =>
    `${first.model.numTensors} -> ${last.model.numTensors}`;

  return [
    numericRow(
      'download size',
      a.downloadBytes,
      b.downloadBytes,
      formatMegabytes,
    ),
    numericRow(
      'model files (manifest)',
      a.manifestBytes,
      b.manifestBytes,
      formatMegabytes,
    ),
    numericRow(
      'cold start (median)',
      a.coldStartMs,
      b.coldStartMs,
      formatSeconds,
    ),
    numericRow(
      'warm start (median)',
      a.warmStartMs,
      b.warmStartMs,
      formatSeconds,
    ),
    numericRow(
      'inference, median',
      a.inference.medianMs,
      b.inference.medianMs,
      formatMilliseconds,
    ),
    numericRow(
      'inference, 90th percentile',
      a.inference.p90Ms,
      b.inference.p90Ms,
      formatMilliseconds,
    ),
    numericRow(
      `JS heap after ${analyses}`,
      jsHeapBytes(aLast),
      jsHeapBytes(bLast),
      formatMegabytes,
    ),
    numericRow(
      `ArrayBuffers after ${analyses}`,
      arrayBufferBytes(aLast),
      arrayBufferBytes(bLast),
      formatMegabytes,
    ),
    [
      `JS heap and ArrayBuffers change over ${analyses}`,
      signedMegabytes(jsMemoryBytes(aLast) - jsMemoryBytes(aFirst)),
      signedMegabytes(jsMemoryBytes(bLast) - jsMemoryBytes(bFirst)),
      '',
    ],
    numericRow(
      `WebGL memory after ${analyses}`,
      webglBytes(aLast),
      webglBytes(bLast),
      formatMegabytes,
    ),
    [
      `WebGL memory change over ${analyses}`,
      signedMegabytes(webglBytes(aLast) - webglBytes(aFirst)),
      signedMegabytes(webglBytes(bLast) - webglBytes(bFirst)),
      '',
    ],
    [
      `tensors before -> after ${analyses}`,
      tensors(aFirst, aLast),
      tensors(bFirst, bLast),
      '',
    ],
  ];
}

function target(
  id: string,
  description: string,
  value: number | null,
  bound: TargetResult['bound'],
  limit: number,
  unit: TargetResult['unit'],
): TargetResult {
  const met =
    value !== null && (bound === 'max' ? value <= limit : value >= limit);
  return {
    id,
    description,
    value: value ?? Number.NaN,
    bound,
    limit,
    unit,
    met,
  };
}

/** Checks the targets of the shipped model and the app. */
export function checkTargets(
  results: Omit<BenchResults, 'targets'>,
): TargetResult[] {
  const { shipped, baseline } = results;
  const runs = results.settings.memoryRuns;
  return [
    target(
      'download',
      'shipped model download at most 5 MB',
      shipped.downloadBytes,
      'max',
      MAX_SHIPPED_DOWNLOAD_BYTES,
      'bytes',
    ),
    target(
      'speedup',
      `shipped model at least ${MIN_SPEEDUP} times faster than the first ` +
        'design (median inference)',
      ratio(baseline.inference.medianMs, shipped.inference.medianMs),
      'min',
      MIN_SPEEDUP,
      'times',
    ),
    target(
      'tensors-level',
      `tensor count level over ${runs} analyses`,
      memoryGrowth(shipped, (sample) => sample.model.numTensors),
      'max',
      0,
      'tensors',
    ),
    target(
      'webgl-level',
      `WebGL memory level over ${runs} analyses`,
      memoryGrowth(shipped, webglBytes),
      'max',
      MAX_WEBGL_GROWTH_BYTES,
      'bytes',
    ),
    target(
      'heap-level',
      `JS heap and ArrayBuffers level over ${runs} analyses`,
      memoryGrowth(shipped, jsMemoryBytes),
      'max',
      MAX_JS_HEAP_GROWTH_BYTES,
      'bytes',
    ),
    target(
      'app-javascript',
      'app JavaScript without the model at most 400 kB gzipped',
      results.appJavaScript.gzipBytes,
      'max',
      MAX_APP_JAVASCRIPT_GZIP_BYTES,
      'bytes',
    ),
  ];
}

/** Formats a target's value against its limit: `4.68 MB <= 5.00 MB`. */
export function formatTarget(target: TargetResult): string {
  const format = (value: number) => {
    switch (target.unit) {
      case 'bytes':
        // Limits under 1 MB in kB, so a value close to one shows.
        return target.limit < BYTES_PER_MB
          ? formatKilobytes(value)
          : formatMegabytes(value);
      case 'times':
        return formatRatio(value);
      case 'tensors':
        return `${value} tensors`;
    }
  };
  const comparison = target.bound === 'max' ? '<=' : '>=';
  return `${format(target.value)} ${comparison} ${format(target.limit)}`;
}

/**
 * Lays out rows as plain-text columns: the first left-aligned, the rest
 * right-aligned, two spaces apart.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) =>
    Math.max(...all.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 0
          ? cell.padEnd(widths[column]!)
          : cell.padStart(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Lays out rows as a Markdown table, numbers right-aligned. */
export function formatMarkdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (row: readonly string[]) => `| ${row.join(' | ')} |`;
  const alignment = header.map((_, column) => (column === 0 ? '---' : '---:'));
  return [line(header), line(alignment), ...rows.map(line)].join('\n');
}
