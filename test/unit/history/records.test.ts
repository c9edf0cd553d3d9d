import { describe, expect, it } from 'vitest';

import {
  buildAnalysisRecord,
  MAX_CAM_SIDE,
  type AnalysisToSave,
} from '../../../src/history/records';
import { parseManifest } from '../../../src/model/parse-manifest';
import type { QualityIssueCode } from '../../../src/quality/assess';
import type { ModelManifest } from '../../../src/shared/manifest';
import type { CamGrid, Prediction } from '../../../src/shared/messages';
import { buildFakeModel } from '../../helpers/fake-model.mjs';
import { JPEG_BYTES } from '../../helpers/history-records';

const manifest = parseManifest(buildFakeModel().manifest);

/** The shape of the fake model's grid, from its manifest. */
const [, CAM_ROWS, CAM_COLUMNS] = manifest.outputs.cam.shape as number[];

function grid(values?: number[]): CamGrid {
  const cells = CAM_ROWS! * CAM_COLUMNS!;
  return {
    rows: CAM_ROWS!,
    columns: CAM_COLUMNS!,
    values: values ?? Array.from({ length: cells }, (_, i) => i / 4 - 1),
  };
}

/** The fake model's out-of-distribution threshold, from its manifest. */
const OOD_THRESHOLD = manifest.ood!.threshold;

function toSave(
  prediction: Partial<Prediction> = {},
  qualityFlags: QualityIssueCode[] = [],
  modelManifest: ModelManifest = manifest,
): AnalysisToSave {
  return {
    id: 'analysis-1',
    lesionId: 'lesion-1',
    analysedAt: new Date('2025-06-01T10:00:00.000Z'),
    manifest: modelManifest,
    prediction: {
      malignant: 0.42,
      diagnosis: [0.05, 0.05, 0.1, 0.05, 0.5, 0.2, 0.05],
      ood: 10,
      cam: grid(),
      backend: 'webgl',
      inferenceMs: 30,
      ...prediction,
    },
    patient: { age: 58, sex: 'female', site: 'back' },
    qualityFlags,
    note: '  Itchy.  ',
    photo: {
      type: 'image/jpeg',
      width: 4,
      height: 3,
      bytes: new Uint8Array(JPEG_BYTES).buffer,
    },
  };
}

describe('buildAnalysisRecord', () => {
  it('stores the model outputs', () => {
    const analysis = toSave();
    const record = buildAnalysisRecord(analysis);

    expect(record.result).toEqual({
      malignant: 0.42,
      diagnosis: analysis.prediction.diagnosis,
      labels: manifest.labels,
      threshold: manifest.threshold,
      riskCategory: 0.42 >= manifest.threshold ? 'refer' : 'monitor',
      ood: 10,
      cam: grid(),
      flags: [],
      modelName: manifest.name,
      modelVersion: manifest.version,
    });
    expect(record.analysedAt).toBe('2025-06-01T10:00:00.000Z');
    expect(record.note).toBe('Itchy.');
  });

  it('copies the grid', () => {
    const analysis = toSave();
    const record = buildAnalysisRecord(analysis);

    expect(record.result.cam).not.toBe(analysis.prediction.cam);
    expect(record.result.cam!.values).not.toBe(analysis.prediction.cam!.values);
    analysis.prediction.cam!.values[0] = 99;
    expect(record.result.cam!.values[0]).toBe(grid().values[0]);
  });

  it('stores null without a grid', () => {
    const record = buildAnalysisRecord(toSave({ cam: undefined }));
    expect(record.result.cam).toBeNull();
  });

  it.each<[string, CamGrid, RegExp]>([
    [
      'a NaN value',
      grid(grid().values.map((value, i) => (i === 3 ? NaN : value))),
      /^CAM value 3 is not finite: NaN$/,
    ],
    [
      'an infinite value',
      grid(grid().values.map((value, i) => (i === 0 ? Infinity : value))),
      /^CAM value 0 is not finite: Infinity$/,
    ],
    [
      'too few values',
      grid([1, 2, 3]),
      /^CAM has 3 values, expected \d+ for \d+ x \d+ cells$/,
    ],
    [
      'rows over the maximum',
      {
        rows: MAX_CAM_SIDE + 1,
        columns: 1,
        values: new Array(MAX_CAM_SIDE + 1).fill(0),
      },
      new RegExp(
        `^CAM has ${MAX_CAM_SIDE + 1} x 1 cells, more than the maximum ` +
          `of ${MAX_CAM_SIDE} a side$`,
      ),
    ],
    [
      'columns over the maximum',
      {
        rows: 1,
        columns: MAX_CAM_SIDE + 1,
        values: new Array(MAX_CAM_SIDE + 1).fill(0),
      },
      /more than the maximum of \d+ a side$/,
    ],
  ])('rejects a grid with %s', (_case, cam, message) => {
    expect(() => buildAnalysisRecord(toSave({ cam }))).toThrow(RangeError);
    expect(() => buildAnalysisRecord(toSave({ cam }))).toThrow(message);
  });

  it('stores quality flags in order', () => {
    const record = buildAnalysisRecord(
      toSave({ ood: OOD_THRESHOLD / 2 }, ['greyscale', 'lesion_small']),
    );
    expect(record.result.flags).toEqual(['greyscale', 'lesion_small']);
  });

  it('adds the out-of-distribution flag last', () => {
    const record = buildAnalysisRecord(
      toSave({ ood: OOD_THRESHOLD * 2 }, ['blurry']),
    );
    expect(record.result.flags).toEqual(['blurry', 'out_of_distribution']);
  });

  it('copies the quality flags', () => {
    const quality: QualityIssueCode[] = ['blurry'];
    const record = buildAnalysisRecord(toSave({}, quality));
    quality.push('off_centre');
    expect(record.result.flags).toEqual(['blurry']);
  });

  it('leaves out a repeated quality flag', () => {
    const record = buildAnalysisRecord(toSave({}, ['blurry', 'blurry']));
    expect(record.result.flags).toEqual(['blurry']);
  });

  it.each<[string, Partial<Prediction>, ModelManifest]>([
    ['at the threshold', { ood: OOD_THRESHOLD }, manifest],
    ['without a score', { ood: null }, manifest],
    [
      'for a model without a detector',
      { ood: OOD_THRESHOLD * 2 },
      { ...manifest, ood: null },
    ],
  ])('adds no unreliable flag %s', (_case, prediction, modelManifest) => {
    const record = buildAnalysisRecord(toSave(prediction, [], modelManifest));
    expect(record.result.flags).toEqual([]);
  });

  it('rejects outputs that do not match the labels', () => {
    expect(() =>
      buildAnalysisRecord(toSave({ diagnosis: [0.5, 0.5] })),
    ).toThrow(/^Got 2 diagnosis probabilities for 7 labels$/);
  });
});
