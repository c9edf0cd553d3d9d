import { describe, expect, it } from 'vitest';

import { renderBenchmarksPage } from '../../../bench/markdown';
import { checkTargets } from '../../../bench/report';
import { fakeResults } from './results-fixture';

const RESULTS_FILE = 'docs/benchmarks.json';

function render(change?: (results: ReturnType<typeof fakeResults>) => void) {
  const results = fakeResults();
  change?.(results);
  results.targets = checkTargets(results);
  return renderBenchmarksPage(results, RESULTS_FILE);
}

describe('renderBenchmarksPage', () => {
  it('names the results file it comes from', () => {
    expect(render()).toContain(`\`${RESULTS_FILE}\``);
  });

  it('shows the machine and browser', () => {
    const page = render();

    expect(page).toContain('- CPU: Example CPU, 2 cores');
    expect(page).toContain('- memory: 24.0 GiB');
    expect(page).toContain('- load average when the run started: 1.50');
    expect(page).toContain('Chromium 156.0.8078.114');
    expect(page).toContain('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device))');
  });

  it('has the figures table with ratios', () => {
    const page = render();

    expect(page).toContain('| download size | 4.70 MB | 95.00 MB | 20.2x |');
    expect(page).toContain('| inference, median | 500 ms | 6000 ms | 12.0x |');
  });

  it('marks a missed target', () => {
    const page = render((results) => {
      results.shipped.downloadBytes = 6_000_000;
    });

    expect(page).toContain(
      '| shipped model download at most 5 MB | 6.00 MB <= 5.00 MB | ' +
        '**missed** |',
    );
  });

  it('reports a met target', () => {
    expect(render()).toContain(
      '| shipped model download at most 5 MB | 4.70 MB <= 5.00 MB | met |',
    );
  });

  it('quotes the bench:predict line', () => {
    const page = render((results) => {
      results.predict = '41.2 photos/s on wasm';
    });

    expect(page).toContain('`41.2 photos/s on wasm`');
  });

  it('says when bench:predict was absent', () => {
    expect(render()).toContain('had no `bench:predict` script');
  });

  it('explains the software WebGL caveat', () => {
    expect(render()).toContain('SwiftShader');
  });

  it('ends with one newline', () => {
    expect(render()).toMatch(/[^\n]\n$/);
  });
});
