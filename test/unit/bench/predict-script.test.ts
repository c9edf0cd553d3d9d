import { describe, expect, it } from 'vitest';

import { hasScript, lastPrintedLine } from '../../../bench/predict-script';

describe('hasScript', () => {
  it('finds a defined script', () => {
    const packageJson = { scripts: { 'bench:predict': 'node x.mjs' } };

    expect(hasScript(packageJson, 'bench:predict')).toBe(true);
  });

  it.each([
    ['no scripts', {}],
    ['other scripts', { scripts: { bench: 'node bench/run.mjs' } }],
    ['a non-string entry', { scripts: { 'bench:predict': 1 } }],
    ['null', null],
  ])('is false with %s', (_, packageJson) => {
    expect(hasScript(packageJson, 'bench:predict')).toBe(false);
  });
});

describe('lastPrintedLine', () => {
  it('skips trailing blank lines', () => {
    const output = 'warming up\n12.5 images/s on cpu  \n\n  \n';

    expect(lastPrintedLine(output)).toBe('12.5 images/s on cpu');
  });

  it('is null for blank output', () => {
    expect(lastPrintedLine(' \n\n')).toBeNull();
  });
});
