import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

import {
  DIAGNOSIS_COLUMNS,
  diagnosisColumnIndexes,
  formatHeaderLine,
  formatProbability,
  formatResultLine,
} from '../../../src/cli/results-csv';
import { ModelError } from '../../../src/shared/errors';

const LABELS = ['akiec', 'bcc', 'bkl', 'df', 'mel', 'nv', 'vasc'];

describe('results CSV', () => {
  it('has the documented header', () => {
    expect(formatHeaderLine()).toBe(
      'image_id,malignant,akiec,bcc,bkl,df,mel,nv,vasc,status\n',
    );
  });

  it('formats probabilities with 4 decimals', () => {
    expect(formatProbability(0.123456)).toBe('0.1235');
    expect(formatProbability(1)).toBe('1.0000');
    expect(formatProbability(0)).toBe('0.0000');
    expect(formatProbability(0.00004)).toBe('0.0000');
  });

  it('writes a scored row in column order', () => {
    const line = formatResultLine(
      {
        imageId: 'ISIC_0024698',
        status: 'ok',
        probabilities: {
          malignant: 0.25,
          diagnosis: [0.01, 0.02, 0.03, 0.04, 0.05, 0.8, 0.05],
        },
      },
      diagnosisColumnIndexes(LABELS),
    );

    expect(line).toBe(
      'ISIC_0024698,0.2500,0.0100,0.0200,0.0300,0.0400,0.0500,0.8000,' +
        '0.0500,ok\n',
    );
  });

  it('leaves probabilities empty on failure', () => {
    const line = formatResultLine(
      { imageId: 'notes', status: 'not_an_image', probabilities: null },
      diagnosisColumnIndexes(LABELS),
    );

    expect(line).toBe('notes,,,,,,,,,not_an_image\n');
  });

  it('quotes an image id with a comma or quote', () => {
    const imageId = 'lesion, "left" arm';
    const line = formatResultLine(
      { imageId, status: 'empty', probabilities: null },
      diagnosisColumnIndexes(LABELS),
    );

    expect(line.startsWith('"lesion, ""left"" arm",')).toBe(true);
    expect(parse(line)[0]?.[0]).toBe(imageId);
  });

  it('maps the model label order to the columns', () => {
    const shuffled = ['vasc', 'nv', 'mel', 'df', 'bkl', 'bcc', 'akiec'];
    const indexes = diagnosisColumnIndexes(shuffled);

    expect(indexes).toEqual([6, 5, 4, 3, 2, 1, 0]);
    DIAGNOSIS_COLUMNS.forEach((code, column) => {
      expect(shuffled[indexes[column]!]).toBe(code);
    });
  });

  it('rejects a model without a column label', () => {
    const labels = LABELS.filter((code) => code !== 'df');

    expect(() => diagnosisColumnIndexes(labels)).toThrow(ModelError);
    expect(() => diagnosisColumnIndexes(labels)).toThrow(
      'The model has no diagnosis "df"',
    );
  });
});
