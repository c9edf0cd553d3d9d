import { readFile } from 'node:fs/promises';

import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import {
  FLAG_DESCRIPTIONS,
  FLAG_SEPARATOR,
  formatStatus,
  OUTPUTS_DISAGREE,
  qualityFlags,
  STATUS_FLAGS,
  withResultFlags,
} from '../../../src/cli/photo-flags';
import { formatCsvLine } from '../../../src/cli/results-csv';
import {
  assessQuality,
  OUT_OF_DISTRIBUTION,
  QUALITY_MESSAGES,
} from '../../../src/quality/assess';
import { blurred, toRgba } from '../../helpers/bad-photos.mjs';

/** A sharp, well-exposed fixture that passes every quality check. */
const GOOD_FIXTURE = new URL(
  '../../fixtures/images/ISIC_0028155.jpg',
  import.meta.url,
);

/** Blur that the blur check flags, in pixels of the fixture. */
const BLUR_SIGMA_PX = 4;

describe('formatStatus', () => {
  it('writes ok without flags', () => {
    expect(formatStatus('ok', [])).toBe('ok');
  });

  it('writes one flag in place of ok', () => {
    expect(formatStatus('ok', ['blurry'])).toBe('blurry');
  });

  it('joins several flags in order', () => {
    expect(formatStatus('ok', ['blurry', 'out_of_distribution'])).toBe(
      'blurry;out_of_distribution',
    );
  });

  it('keeps the reason of a failure', () => {
    expect(formatStatus('unreadable', [])).toBe('unreadable');
  });

  it('needs no CSV quoting', () => {
    const status = formatStatus('ok', STATUS_FLAGS);
    const line = formatCsvLine(['id', status]);

    expect(line).toBe(`id,${status}\n`);
    expect(parse(line)[0]).toEqual(['id', status]);
    expect(status.split(FLAG_SEPARATOR)).toEqual(STATUS_FLAGS);
  });
});

describe('withResultFlags', () => {
  it('appends ood after the quality flags', () => {
    expect(withResultFlags(['blurry'], true, false)).toEqual([
      'blurry',
      OUT_OF_DISTRIBUTION,
    ]);
  });

  it('appends a disagreement last', () => {
    expect(withResultFlags(['blurry'], true, true)).toEqual([
      'blurry',
      OUT_OF_DISTRIBUTION,
      OUTPUTS_DISAGREE,
    ]);
  });

  it('keeps the quality flags alone', () => {
    expect(withResultFlags(['blurry'], false, false)).toEqual(['blurry']);
  });
});

describe('qualityFlags', () => {
  it('passes a good fixture', async () => {
    const pixels = await toRgba(sharp(await readFile(GOOD_FIXTURE)));

    expect(qualityFlags(pixels)).toEqual([]);
  });

  it('returns the codes of assessQuality', async () => {
    const source = await readFile(GOOD_FIXTURE);
    const pixels = await toRgba(blurred(source, BLUR_SIGMA_PX));

    expect(qualityFlags(pixels)).toEqual(['blurry']);
    expect(qualityFlags(pixels)).toEqual(
      assessQuality(pixels).issues.map((issue) => issue.code),
    );
  });
});

describe('photo flag list', () => {
  it('has every quality check, then the result flags', () => {
    expect(STATUS_FLAGS).toEqual([
      ...Object.keys(QUALITY_MESSAGES),
      OUT_OF_DISTRIBUTION,
      OUTPUTS_DISAGREE,
    ]);
  });

  it('describes every flag', () => {
    for (const flag of STATUS_FLAGS) {
      expect(FLAG_DESCRIPTIONS[flag].length, flag).toBeGreaterThan(0);
    }
  });
});
