import { describe, expect, it } from 'vitest';

import {
  checkTargets,
  figureRows,
  formatMarkdownTable,
  formatRatio,
  formatTable,
  formatTarget,
  MAX_JS_HEAP_GROWTH_BYTES,
  MAX_SHIPPED_DOWNLOAD_BYTES,
  MAX_WEBGL_GROWTH_BYTES,
  MIN_SPEEDUP,
} from '../../../bench/report';
import type { TargetResult } from '../../../bench/results';
import { fakeResults, memorySample } from './results-fixture';

function targetById(targets: TargetResult[], id: string): TargetResult {
  const target = targets.find((candidate) => candidate.id === id);
  if (!target) {
    throw new Error(`No target "${id}"`);
  }
  return target;
}

describe('figureRows', () => {
  it('lists both models and their ratio', () => {
    const rows = figureRows(fakeResults());
    const byFigure = new Map(rows.map((row) => [row[0], row]));

    expect(byFigure.get('download size')).toEqual([
      'download size',
      '4.70 MB',
      '95.00 MB',
      '20.2x',
    ]);
    expect(byFigure.get('inference, median')).toEqual([
      'inference, median',
      '500 ms',
      '6000 ms',
      '12.0x',
    ]);
    expect(byFigure.get('inference, 90th percentile')?.[3]).toBe('12.0x');
    expect(byFigure.get('cold start (median)')?.[1]).toBe('4.00 s');
    expect(byFigure.get('model files (manifest)')?.[1]).toBe('4.70 MB');
    expect(byFigure.get('JS heap after 100 analyses')?.[1]).toBe('5.25 MB');
    expect(byFigure.get('ArrayBuffers after 100 analyses')?.[1]).toBe(
      '5.25 MB',
    );
    expect(
      byFigure.get('JS heap and ArrayBuffers change over 100 analyses')?.[1],
    ).toBe('+0.50 MB');
    expect(byFigure.get('WebGL memory after 100 analyses')?.[1]).toBe(
      '50.00 MB',
    );
    expect(byFigure.get('tensors before -> after 100 analyses')?.[1]).toBe(
      '120 -> 120',
    );
  });

  it('rejects fewer than two memory samples', () => {
    const results = fakeResults();
    results.shipped.memory = [results.shipped.memory[0]!];

    expect(() => figureRows(results)).toThrow(/1 memory samples/);
  });
});

describe('checkTargets', () => {
  it('meets every target of the fixture', () => {
    const targets = checkTargets(fakeResults());

    expect(targets.map((target) => target.id)).toEqual([
      'download',
      'speedup',
      'tensors-level',
      'webgl-level',
      'heap-level',
      'app-javascript',
    ]);
    for (const target of targets) {
      expect(target.met, target.id).toBe(true);
    }
  });

  it('accepts a download of exactly the limit', () => {
    const results = fakeResults();
    results.shipped.downloadBytes = MAX_SHIPPED_DOWNLOAD_BYTES;

    expect(targetById(checkTargets(results), 'download').met).toBe(true);
  });

  it('misses a download one byte over', () => {
    const results = fakeResults();
    results.shipped.downloadBytes = MAX_SHIPPED_DOWNLOAD_BYTES + 1;

    expect(targetById(checkTargets(results), 'download').met).toBe(false);
  });

  it('misses a speedup below the minimum', () => {
    const results = fakeResults();
    results.baseline.inference.medianMs =
      results.shipped.inference.medianMs * (MIN_SPEEDUP - 0.1);

    const speedup = targetById(checkTargets(results), 'speedup');

    expect(speedup.value).toBeCloseTo(MIN_SPEEDUP - 0.1, 10);
    expect(speedup.met).toBe(false);
  });

  it('misses a speedup without a shipped time', () => {
    const results = fakeResults();
    results.shipped.inference.medianMs = 0;

    expect(targetById(checkTargets(results), 'speedup').met).toBe(false);
  });

  it('misses a tensor count that grows', () => {
    const results = fakeResults();
    results.shipped.memory[1] = memorySample(100, 121, 50_000_000, 10_000_000);

    const tensors = targetById(checkTargets(results), 'tensors-level');

    expect(tensors.value).toBe(1);
    expect(tensors.met).toBe(false);
  });

  it('misses WebGL memory that grows', () => {
    const results = fakeResults();
    const grown = 50_000_000 + MAX_WEBGL_GROWTH_BYTES + 1;
    results.shipped.memory[1] = memorySample(100, 120, grown, 10_000_000);

    expect(targetById(checkTargets(results), 'webgl-level').met).toBe(false);
  });

  it('misses a JS heap that grows', () => {
    const results = fakeResults();
    const grown = 10_000_000 + MAX_JS_HEAP_GROWTH_BYTES + 1;
    results.shipped.memory[1] = memorySample(100, 120, 50_000_000, grown);

    expect(targetById(checkTargets(results), 'heap-level').met).toBe(false);
  });

  it('misses app JavaScript over 400 kB', () => {
    const results = fakeResults();
    results.appJavaScript.gzipBytes = 400_001;

    expect(targetById(checkTargets(results), 'app-javascript').met).toBe(false);
  });

  it('checks only the shipped model for leaks', () => {
    const results = fakeResults();
    results.baseline.memory[1] = memorySample(100, 999, 1e9, 1e9);

    for (const target of checkTargets(results)) {
      expect(target.met, target.id).toBe(true);
    }
  });
});

describe('formatTarget', () => {
  it('writes bytes in MB with the bound', () => {
    const [download] = checkTargets(fakeResults());

    expect(formatTarget(download!)).toBe('4.70 MB <= 5.00 MB');
  });

  it('writes limits under 1 MB in kB', () => {
    const javaScript = targetById(
      checkTargets(fakeResults()),
      'app-javascript',
    );

    expect(formatTarget(javaScript)).toBe('350.0 kB <= 400.0 kB');
  });

  it('writes a speedup as a ratio', () => {
    const speedup = targetById(checkTargets(fakeResults()), 'speedup');

    expect(formatTarget(speedup)).toBe('12.0x >= 8.0x');
  });
});

describe('formatRatio', () => {
  it('is blank without a ratio', () => {
    expect(formatRatio(null)).toBe('');
  });
});

describe('formatTable', () => {
  it('aligns the first column left and the rest right', () => {
    const table = formatTable(
      ['figure', 'a', 'b'],
      [
        ['size', '1.00 MB', '95.00 MB'],
        ['cold start', '4.00 s', '20.00 s'],
      ],
    );

    expect(table.split('\n')).toEqual([
      'figure            a         b',
      '----------  -------  --------',
      'size        1.00 MB  95.00 MB',
      'cold start   4.00 s   20.00 s',
    ]);
  });
});

describe('formatMarkdownTable', () => {
  it('right-aligns all but the first column', () => {
    const table = formatMarkdownTable(['figure', 'a'], [['size', '1 MB']]);

    expect(table.split('\n')).toEqual([
      '| figure | a |',
      '| --- | ---: |',
      '| size | 1 MB |',
    ]);
  });
});
