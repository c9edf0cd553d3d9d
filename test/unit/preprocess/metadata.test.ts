import { describe, expect, it } from 'vitest';

import { parseManifest } from '../../../src/model/parse-manifest';
import { encodeMetadata } from '../../../src/preprocess/metadata';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const encoding = parseManifest(buildFakeModel().manifest).metadata;

/** Float32 rounding of the standardised age. */
const AGE_TOLERANCE = 1e-6;

function hotSlots(vector: Float32Array): number[] {
  return Array.from(vector.keys()).filter(
    (i) => vector[i] === 1 && i !== encoding.age.index,
  );
}

describe('encodeMetadata', () => {
  it('encodes a blank form as all unknown', () => {
    const vector = encodeMetadata(encoding, {
      age: null,
      sex: null,
      site: null,
    });
    expect(vector).toHaveLength(encoding.length);
    expect(vector[encoding.age.index]).toBe(0);
    expect(vector[encoding.age.missingIndex]).toBe(1);
    expect(hotSlots(vector)).toEqual([
      encoding.age.missingIndex,
      encoding.sex.offset + encoding.sex.values.indexOf('unknown'),
      encoding.site.offset + encoding.site.values.indexOf('unknown'),
    ]);
  });

  it('standardises a known age', () => {
    const vector = encodeMetadata(encoding, {
      age: 70,
      sex: null,
      site: null,
    });
    const expected = (70 - encoding.age.mean) / encoding.age.std;
    expect(Math.abs(vector[encoding.age.index]! - expected)).toBeLessThan(
      AGE_TOLERANCE,
    );
    expect(vector[encoding.age.missingIndex]).toBe(0);
  });

  it('sets one slot each for sex and site', () => {
    const vector = encodeMetadata(encoding, {
      age: 40,
      sex: 'female',
      site: 'lower extremity',
    });
    expect(hotSlots(vector)).toEqual([
      encoding.sex.offset + encoding.sex.values.indexOf('female'),
      encoding.site.offset + encoding.site.values.indexOf('lower extremity'),
    ]);
    const total = vector.reduce((sum, v) => sum + v, 0);
    expect(total - vector[encoding.age.index]!).toBe(2);
  });

  it('follows the layout the manifest gives', () => {
    // Move every field: the encoder must not assume the default slots.
    const moved = {
      ...encoding,
      length: 25,
      age: { ...encoding.age, index: 24, missingIndex: 0 },
      sex: { ...encoding.sex, offset: 21 },
      site: { ...encoding.site, offset: 3 },
    };
    const vector = encodeMetadata(moved, {
      age: null,
      sex: 'male',
      site: 'abdomen',
    });
    expect(vector).toHaveLength(25);
    expect(vector[0]).toBe(1);
    expect(vector[21]).toBe(1);
    expect(vector[3]).toBe(1);
    expect(vector.reduce((sum, v) => sum + v, 0)).toBe(3);
  });

  it.each([-1, 121, Number.NaN])('rejects age %s', (age) => {
    expect(() =>
      encodeMetadata(encoding, { age, sex: null, site: null }),
    ).toThrow(/Age must be a number from 0 to 120/);
  });

  it('rejects a site the model does not know', () => {
    expect(() =>
      encodeMetadata(encoding, { age: null, sex: null, site: 'elbow' }),
    ).toThrow(/Anatomical site "elbow" is not one of/);
  });
});
