/**
 * The metadata form's values and their conversion to `PatientMetadata`.
 * An empty field means unknown.
 */

import { UNKNOWN, type PatientMetadata } from '../preprocess/metadata';
import type { CategoricalEncoding, MetadataEncoding } from '../shared/manifest';

/** A decimal number of years, such as `45` or `47.5`. */
export const AGE_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export interface PatientForm {
  /** Age as typed, in years, or '' when the field is empty or unparseable. */
  age: string;
  /**
   * The age field's `validity.badInput`: it contains text the browser
   * cannot parse as a number, such as `--5` or `1e`, and `age` is ''.
   */
  ageBadInput: boolean;
  /** A value of `encoding.sex.values`, or '' for unknown. */
  sex: string;
  /** A value of `encoding.site.values`, or '' for unknown. */
  site: string;
}

export const EMPTY_PATIENT_FORM: PatientForm = {
  age: '',
  ageBadInput: false,
  sex: '',
  site: '',
};

export type PatientFormResult =
  | { ok: true; patient: PatientMetadata }
  | { ok: false; field: 'age'; message: string };

/** Converts the form, or explains what to fix. */
export function readPatientForm(
  form: PatientForm,
  encoding: MetadataEncoding,
): PatientFormResult {
  const { min, max } = encoding.age;
  const ageHint =
    `Enter an age from ${min} to ${max} years, or leave the field ` +
    'empty if it is unknown.';
  const notANumber: PatientFormResult = {
    ok: false,
    field: 'age',
    message: `The age entered is not a number. ${ageHint}`,
  };
  if (form.ageBadInput) {
    return notANumber;
  }

  const ageText = form.age.trim();
  let age: number | null = null;
  if (ageText !== '') {
    // Number() also reads "1e1" as 10 and "0x20" as 32, which are typos
    // rather than ages, so only plain decimals are accepted.
    if (!AGE_PATTERN.test(ageText)) {
      return notANumber;
    }
    age = Number(ageText);
    if (!Number.isFinite(age) || age < min || age > max) {
      return { ok: false, field: 'age', message: ageHint };
    }
  }
  return {
    ok: true,
    patient: {
      age,
      sex: form.sex === '' ? null : form.sex,
      site: form.site === '' ? null : form.site,
    },
  };
}

export interface Choice {
  value: string;
  label: string;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Known values of a categorical field, without `unknown`. */
function knownValues(field: CategoricalEncoding): string[] {
  return field.values.filter((value) => value !== UNKNOWN);
}

export function sexChoices(encoding: MetadataEncoding): Choice[] {
  return knownValues(encoding.sex).map((value) => ({
    value,
    label: capitalise(value),
  }));
}

/** Anatomical sites by their plain names, sorted alphabetically. */
export function siteChoices(encoding: MetadataEncoding): Choice[] {
  return knownValues(encoding.site)
    .map((value) => ({
      value,
      label: capitalise(encoding.site.displayNames[value] ?? value),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
