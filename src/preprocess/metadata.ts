/**
 * Encoding of the patient metadata into the model's `metadata` input. The
 * layout comes entirely from `manifest.metadata`, as "Metadata encoding" in
 * docs/model-interface.md defines it.
 */

import type { CategoricalEncoding, MetadataEncoding } from '../shared/manifest';

/** Category value the encoding uses for a field left blank. */
export const UNKNOWN = 'unknown';

/** Patient details as entered, with `null` for unknown. */
export interface PatientMetadata {
  /** Age in years. */
  age: number | null;
  /** One of `encoding.sex.values`. */
  sex: string | null;
  /** One of `encoding.site.values`. */
  site: string | null;
}

export const UNKNOWN_PATIENT: PatientMetadata = {
  age: null,
  sex: null,
  site: null,
};

/** Builds the metadata vector, or throws a `RangeError` on invalid input. */
export function encodeMetadata(
  encoding: MetadataEncoding,
  patient: PatientMetadata,
): Float32Array {
  const vector = new Float32Array(encoding.length);
  const { age } = encoding;

  if (patient.age === null) {
    vector[age.index] = 0;
    vector[age.missingIndex] = 1;
  } else {
    if (
      !Number.isFinite(patient.age) ||
      patient.age < age.min ||
      patient.age > age.max
    ) {
      throw new RangeError(
        `Age must be a number from ${age.min} to ${age.max} years, ` +
          `got ${patient.age}`,
      );
    }
    vector[age.index] = (patient.age - age.mean) / age.std;
    vector[age.missingIndex] = 0;
  }

  setOneHot(vector, encoding.sex, patient.sex, 'Sex');
  setOneHot(vector, encoding.site, patient.site, 'Anatomical site');
  return vector;
}

function setOneHot(
  vector: Float32Array,
  field: CategoricalEncoding,
  value: string | null,
  label: string,
): void {
  const slot = field.values.indexOf(value ?? UNKNOWN);
  if (slot < 0) {
    throw new RangeError(
      `${label} "${value}" is not one of the model's values: ` +
        field.values.join(', '),
    );
  }
  vector[field.offset + slot] = 1;
}
