import { describe, expect, it } from 'vitest';

import { parseManifest } from '../../../src/model/parse-manifest';
import { resultStatus } from '../../../src/result/result-status';
import type { Prediction } from '../../../src/shared/messages';
import { buildFakeModel, OOD_THRESHOLD } from '../../helpers/fake-model.mjs';

// Threshold 0.3. Labels: akiec, bcc, bkl, df, mel, nv, vasc.
const manifest = parseManifest(buildFakeModel().manifest);
const NEVUS_TOP = [0.01, 0.02, 0.1, 0.01, 0.04, 0.8, 0.02];
const MELANOMA_TOP = [0.02, 0.03, 0.1, 0.01, 0.54, 0.28, 0.02];

function predict(malignant: number, diagnosis: number[], ood = 10): Prediction {
  return { malignant, diagnosis, ood, backend: 'cpu', inferenceMs: 1 };
}

describe('resultStatus', () => {
  it('keeps an agreed result in its own colour', () => {
    expect(resultStatus(manifest, predict(0.1, NEVUS_TOP))).toEqual({
      tone: 'monitor',
      headline: 'Low risk: monitor for change',
      cautions: [],
    });
    expect(resultStatus(manifest, predict(0.6, MELANOMA_TOP))).toEqual({
      tone: 'refer',
      headline: 'Refer to a dermatologist',
      cautions: [],
    });
  });

  it('makes a disputed low risk neutral', () => {
    const status = resultStatus(manifest, predict(0.1, MELANOMA_TOP));
    expect(status.tone).toBe('uncertain');
    expect(status.headline).toBe('Uncertain: have a doctor check it');
    expect(status.cautions).toHaveLength(1);
    expect(status.cautions[0]).toMatch(
      /^Uncertain result: the two parts of the model disagree\. /,
    );
  });

  it('keeps a disputed referral red', () => {
    const status = resultStatus(manifest, predict(0.6, NEVUS_TOP));
    expect(status.tone).toBe('refer');
    expect(status.headline).toBe('Refer to a dermatologist');
    expect(status.cautions).toHaveLength(1);
  });

  it('names the summed malignant diagnoses', () => {
    // nv is most likely, and akiec, bcc and mel sum to 0.4.
    const spread = [0.1, 0.1, 0.05, 0.0, 0.2, 0.5, 0.05];
    const [caution] = resultStatus(manifest, predict(0.2, spread)).cautions;
    expect(caution).toContain(
      'the malignant diagnoses in the table add up to 40.0 %, at or above ' +
        'the referral threshold of 30.0 %',
    );
  });

  it('replaces the headline out of distribution', () => {
    const ood = OOD_THRESHOLD + 1;
    const status = resultStatus(manifest, predict(0.1, NEVUS_TOP, ood));
    expect(status.tone).toBe('uncertain');
    expect(status.headline).toBe('Unreliable for this photo');
    expect(status.cautions).toHaveLength(1);
    expect(status.cautions[0]).toContain('Retake a close, centred');
  });

  it('lists both cautions out of distribution', () => {
    const ood = OOD_THRESHOLD + 1;
    const status = resultStatus(manifest, predict(0.1, MELANOMA_TOP, ood));
    expect(status.cautions).toHaveLength(2);
    expect(status.cautions[1]).toMatch(/^Uncertain result/);
  });
});
