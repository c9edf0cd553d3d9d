/**
 * The results CSV: one row per image file, with the malignant probability,
 * the probability of each diagnosis and a status.
 */

import { stringify } from 'csv-stringify/sync';

import type { StatusFlag } from './photo-flags';
import { ModelError } from '../shared/errors';
import type { ImageStatus } from './image-status';
import { formatStatus } from './photo-flags';

/**
 * Diagnosis columns, in HAM10000's order. They are fixed, so scripts that
 * read the results do not depend on the order of `manifest.labels`.
 */
export const DIAGNOSIS_COLUMNS = [
  'akiec',
  'bcc',
  'bkl',
  'df',
  'mel',
  'nv',
  'vasc',
] as const;

export const RESULT_COLUMNS = [
  'image_id',
  'malignant',
  ...DIAGNOSIS_COLUMNS,
  'status',
] as const;

/** Decimal places of every probability. */
export const PROBABILITY_DECIMALS = 4;

export interface ImageResult {
  imageId: string;
  status: ImageStatus;
  /** Warnings on a scored image, written in place of `ok`. Empty on failure. */
  flags: readonly StatusFlag[];
  /** Present when `status` is `ok`, with or without flags. */
  probabilities: {
    malignant: number;
    /** In `manifest.labels` order, as the model returns them. */
    diagnosis: readonly number[];
  } | null;
}

/**
 * Returns, for each of `DIAGNOSIS_COLUMNS`, its index in the model's
 * labels. Throws a `ModelError` if the model lacks one of them.
 */
export function diagnosisColumnIndexes(labels: readonly string[]): number[] {
  return DIAGNOSIS_COLUMNS.map((code) => {
    const index = labels.indexOf(code);
    if (index < 0) {
      throw new ModelError(
        'manifest-invalid',
        `The model has no diagnosis "${code}" (its labels are ` +
          `${labels.join(', ')}), so it cannot fill the results columns ` +
          `${DIAGNOSIS_COLUMNS.join(', ')}`,
      );
    }
    return index;
  });
}

export function formatProbability(probability: number): string {
  return probability.toFixed(PROBABILITY_DECIMALS);
}

/** Returns one CSV line, quoted where a field needs it. */
export function formatCsvLine(fields: readonly string[]): string {
  return stringify([fields]);
}

export function formatHeaderLine(): string {
  return formatCsvLine(RESULT_COLUMNS);
}

/**
 * Formats one result as a CSV line. The probability cells are empty when
 * the image was not scored, and filled for a scored image with flags.
 */
export function formatResultLine(
  result: ImageResult,
  columnIndexes: readonly number[],
): string {
  const { probabilities } = result;
  const values = probabilities
    ? [
        probabilities.malignant,
        ...columnIndexes.map((index) => probabilities.diagnosis[index]!),
      ].map(formatProbability)
    : Array<string>(1 + columnIndexes.length).fill('');
  return formatCsvLine([
    result.imageId,
    ...values,
    formatStatus(result.status, result.flags),
  ]);
}
