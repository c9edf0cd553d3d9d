/**
 * Valid history records for tests, built the way the app builds them.
 */

import type { AnalysisRecord, LesionRecord } from '../../src/history/records';

/** First bytes of a JPEG file (SOI and an APP0 marker), enough to sniff. */
export const JPEG_BYTES = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46];

export const LABELS = ['akiec', 'bcc', 'bkl', 'df', 'mel', 'nv', 'vasc'];

export function makeLesion(
  overrides: Partial<LesionRecord> = {},
): LesionRecord {
  return {
    id: 'lesion-1',
    name: 'left shoulder mole',
    site: 'back',
    createdAt: '2025-01-10T10:00:00.000Z',
    ...overrides,
  };
}

/**
 * Builds an analysis with a threshold of 0.3, so `malignant` sets the
 * risk category.
 */
export function makeAnalysis(
  overrides: Partial<AnalysisRecord> & { malignant?: number } = {},
): AnalysisRecord {
  const { malignant = 0.2, ...rest } = overrides;
  const threshold = 0.3;
  return {
    id: 'analysis-1',
    lesionId: 'lesion-1',
    analysedAt: '2025-01-10T10:00:00.000Z',
    patient: { age: 45, sex: 'male', site: 'back' },
    result: {
      malignant,
      diagnosis: [0.05, 0.05, 0.1, 0.05, 0.15, 0.55, 0.05],
      labels: [...LABELS],
      threshold,
      riskCategory: malignant >= threshold ? 'refer' : 'monitor',
      ood: 12.5,
      cam: { rows: 2, columns: 3, values: [-1.5, 0.25, 3, 0, 2.125, -0.5] },
      flags: [],
      modelName: 'oncoscan-test',
      modelVersion: '1.2.3',
    },
    note: 'Slightly raised.',
    photo: {
      type: 'image/jpeg',
      width: 4,
      height: 3,
      bytes: new Uint8Array(JPEG_BYTES).buffer,
    },
    ...rest,
  };
}
