import { describe, expect, it } from 'vitest';

import { parseManifest } from '../../../src/model/parse-manifest';
import {
  findDisagreement,
  formatPercent,
  formatPercentPair,
  malignantDiagnosisProbability,
  malignantNames,
  missedPer100,
  oneInN,
  rankDiagnoses,
  riskCategory,
} from '../../../src/result/interpret';
import type { Prediction } from '../../../src/shared/messages';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const manifest = parseManifest(buildFakeModel().manifest);

describe('riskCategory', () => {
  it('refers at the threshold and above', () => {
    expect(riskCategory(0.3, 0.3)).toBe('refer');
    expect(riskCategory(0.9, 0.3)).toBe('refer');
  });

  it('rates below the threshold low risk', () => {
    expect(riskCategory(0.2999, 0.3)).toBe('monitor');
    expect(riskCategory(0, 0.3)).toBe('monitor');
  });
});

describe('formatPercentPair', () => {
  it('keeps one decimal when the texts differ', () => {
    expect(formatPercentPair(0.2, 0.185)).toEqual(['20.0 %', '18.5 %']);
  });

  it('adds a decimal when both round alike', () => {
    expect(formatPercentPair(0.18488, 0.18511)).toEqual(['18.49 %', '18.51 %']);
  });

  it('keeps one decimal for equal values', () => {
    expect(formatPercentPair(0.185, 0.185)).toEqual(['18.5 %', '18.5 %']);
  });
});

describe('formatPercent', () => {
  it.each([
    [0, '0.0 %'],
    [0.1234, '12.3 %'],
    [1, '100.0 %'],
    [0.0004, '< 0.1 %'],
    [0.9996, '> 99.9 %'],
  ])('formats %f as %s', (probability, text) => {
    expect(formatPercent(probability)).toBe(text);
  });
});

describe('rankDiagnoses', () => {
  it('names each class and sorts by probability', () => {
    const ranked = rankDiagnoses(manifest, [0.05, 0.1, 0.05, 0, 0.6, 0.2, 0]);
    expect(ranked.map((row) => row.code)).toEqual([
      'mel',
      'nv',
      'bcc',
      'akiec',
      'bkl',
      'df',
      'vasc',
    ]);
    expect(ranked[0]).toEqual({
      code: 'mel',
      name: 'Melanoma',
      probability: 0.6,
      malignant: true,
    });
    expect(ranked[1]!.malignant).toBe(false);
  });

  it('rejects a probability list of the wrong length', () => {
    expect(() => rankDiagnoses(manifest, [1])).toThrow(
      'Got 1 diagnosis probabilities for 7 labels',
    );
  });
});

describe('malignantNames and missedPer100', () => {
  it('names the malignant classes from the manifest', () => {
    expect(malignantNames(manifest)).toEqual([
      'Actinic keratosis or intraepithelial carcinoma',
      'Basal cell carcinoma',
      'Melanoma',
    ]);
  });

  it('converts sensitivity to missed lesions per 100', () => {
    expect(missedPer100(0.9)).toBe(10);
    expect(missedPer100(0.874)).toBe(13);
  });
});

describe('oneInN', () => {
  it('rounds a share to 1 in N', () => {
    expect(oneInN(1954, 10015)).toBe(5);
    expect(oneInN(1, 3)).toBe(3);
  });

  it.each([
    [0, 10],
    [11, 10],
  ])('rejects %i of %i', (part, total) => {
    expect(() => oneInN(part, total)).toThrow(RangeError);
  });
});

describe('malignantDiagnosisProbability', () => {
  it('sums the classes the manifest lists as malignant', () => {
    // akiec, bcc and mel are 0.1, 0.2 and 0.3.
    const sum = malignantDiagnosisProbability(
      manifest,
      [0.1, 0.2, 0.05, 0.05, 0.3, 0.25, 0.05],
    );
    expect(sum).toBeCloseTo(0.6, 10);
  });
});

describe('findDisagreement', () => {
  // The fake manifest's threshold is 0.3. Labels: akiec, bcc, bkl, df, mel,
  // nv, vasc.
  function predict(malignant: number, diagnosis: number[]): Prediction {
    return { malignant, diagnosis, ood: 0, backend: 'cpu', inferenceMs: 1 };
  }

  it('finds none when both outputs point benign', () => {
    const nevus = [0.01, 0.02, 0.1, 0.01, 0.04, 0.8, 0.02];
    expect(findDisagreement(manifest, predict(0.1, nevus))).toBeNull();
  });

  it('finds none when both outputs point malignant', () => {
    const melanoma = [0.02, 0.03, 0.1, 0.01, 0.54, 0.28, 0.02];
    expect(findDisagreement(manifest, predict(0.6, melanoma))).toBeNull();
  });

  it('accepts a referral with a benign top diagnosis', () => {
    // nv is most likely, but the malignant classes sum to 0.4 >= 0.3.
    const mixed = [0.1, 0.1, 0.05, 0.0, 0.2, 0.5, 0.05];
    expect(findDisagreement(manifest, predict(0.35, mixed))).toBeNull();
  });

  it('flags low risk with a malignant top diagnosis', () => {
    const bcc = [0.02, 0.874, 0.02, 0.01, 0.03, 0.04, 0.006];
    const found = findDisagreement(manifest, predict(0.151, bcc));
    expect(found?.kind).toBe('points-malignant');
    expect(found?.topDiagnosis.code).toBe('bcc');
    expect(found?.malignantSum).toBeCloseTo(0.924, 10);
  });

  it('flags low risk with a malignant sum at the threshold', () => {
    // nv is most likely, and akiec, bcc and mel sum to exactly 0.3.
    const spread = [0.1, 0.1, 0.05, 0.05, 0.1, 0.55, 0.05];
    const found = findDisagreement(manifest, predict(0.1, spread));
    expect(found?.kind).toBe('points-malignant');
    expect(found?.topDiagnosis.malignant).toBe(false);
  });

  it('flags a referral with a low malignant sum', () => {
    const nevus = [0.01, 0.02, 0.1, 0.01, 0.04, 0.8, 0.02];
    const found = findDisagreement(manifest, predict(0.3, nevus));
    expect(found?.kind).toBe('points-benign');
    expect(found?.malignantSum).toBeCloseTo(0.07, 10);
  });
});
