import { describe, expect, it } from 'vitest';

import { parseManifest } from '../../../src/model/parse-manifest';
import {
  formatPercent,
  malignantNames,
  missedPer100,
  rankDiagnoses,
  riskCategory,
} from '../../../src/result/interpret';
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
