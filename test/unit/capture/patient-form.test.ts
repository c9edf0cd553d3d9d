import { describe, expect, it } from 'vitest';

import {
  EMPTY_PATIENT_FORM,
  readPatientForm,
  sexChoices,
  siteChoices,
} from '../../../src/capture/patient-form';
import { parseManifest } from '../../../src/model/parse-manifest';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const encoding = parseManifest(buildFakeModel().manifest).metadata;

describe('readPatientForm', () => {
  it('treats empty fields as unknown', () => {
    expect(readPatientForm(EMPTY_PATIENT_FORM, encoding)).toEqual({
      ok: true,
      patient: { age: null, sex: null, site: null },
    });
  });

  it('reads a filled form', () => {
    expect(
      readPatientForm(
        { age: ' 42 ', ageBadInput: false, sex: 'male', site: 'back' },
        encoding,
      ),
    ).toEqual({ ok: true, patient: { age: 42, sex: 'male', site: 'back' } });
  });

  it.each(['-3', '121'])('rejects age "%s"', (age) => {
    const result = readPatientForm({ ...EMPTY_PATIENT_FORM, age }, encoding);
    expect(result).toEqual({
      ok: false,
      field: 'age',
      message:
        'Enter an age from 0 to 120 years, or leave the field empty if it ' +
        'is unknown.',
    });
  });

  it.each(['forty', '1e1', '1e9', '0x20'])(
    'rejects age "%s" as not a number',
    (age) => {
      const result = readPatientForm({ ...EMPTY_PATIENT_FORM, age }, encoding);
      expect(result).toEqual({
        ok: false,
        field: 'age',
        message:
          'The age entered is not a number. Enter an age from 0 to 120 ' +
          'years, or leave the field empty if it is unknown.',
      });
    },
  );

  it('accepts a decimal age', () => {
    const result = readPatientForm(
      { ...EMPTY_PATIENT_FORM, age: '47.5' },
      encoding,
    );
    expect(result).toEqual({
      ok: true,
      patient: { age: 47.5, sex: null, site: null },
    });
  });

  it('rejects an age the browser cannot parse', () => {
    // For `--5` or `1e` a number field reports badInput and the value ''.
    const result = readPatientForm(
      { ...EMPTY_PATIENT_FORM, ageBadInput: true },
      encoding,
    );
    expect(result).toEqual({
      ok: false,
      field: 'age',
      message:
        'The age entered is not a number. Enter an age from 0 to 120 ' +
        'years, or leave the field empty if it is unknown.',
    });
  });
});

describe('choices', () => {
  it('lists sexes without unknown', () => {
    expect(sexChoices(encoding)).toEqual([
      { value: 'male', label: 'Male' },
      { value: 'female', label: 'Female' },
    ]);
  });

  it('names sites by their display names, sorted', () => {
    const choices = siteChoices(encoding);
    expect(choices).toHaveLength(encoding.site.values.length - 1);
    expect(choices.map((c) => c.value)).not.toContain('unknown');
    expect(choices).toContainEqual({ value: 'lower extremity', label: 'Leg' });
    expect(choices).toContainEqual({ value: 'acral', label: 'Palm or sole' });
    const labels = choices.map((c) => c.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
  });
});
