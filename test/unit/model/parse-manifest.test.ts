import { describe, expect, it } from 'vitest';

import { parseManifest } from '../../../src/model/parse-manifest';
import { ModelError } from '../../../src/shared/errors';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

function validManifest() {
  return structuredClone(buildFakeModel().manifest) as Record<string, any>;
}

function errorFor(manifest: unknown): ModelError {
  try {
    parseManifest(manifest);
  } catch (error) {
    if (error instanceof ModelError) {
      return error;
    }
    throw error;
  }
  throw new Error('parseManifest accepted an invalid manifest');
}

describe('parseManifest', () => {
  it('accepts a manifest that follows the contract', () => {
    const manifest = parseManifest(validManifest());
    expect(manifest.input.size).toBe(64);
    expect(manifest.labels).toHaveLength(7);
    expect(manifest.labelNames.mel).toBe('Melanoma');
    expect(manifest.metadata.site.displayNames['lower extremity']).toBe('Leg');
  });

  it('uses the code as display name when none is given', () => {
    const manifest = parseManifest(validManifest());
    expect(manifest.metadata.site.displayNames.back).toBe('back');
  });

  it('accepts label names as a list in label order', () => {
    const json = validManifest();
    json.labelNames = json.labels.map((code: string) => `name of ${code}`);
    expect(parseManifest(json).labelNames.bcc).toBe('name of bcc');
  });

  it.each<[string, (json: Record<string, any>) => void, RegExp]>([
    ['missing threshold', (j) => delete j.threshold, /"threshold"/],
    ['threshold above 1', (j) => (j.threshold = 1.5), /"threshold".*0 to 1/],
    ['input size not /32', (j) => (j.input.size = 100), /"input.size"/],
    ['NCHW layout', (j) => (j.input.layout = 'NCHW'), /"input.layout"/],
    [
      'age slot past length',
      (j) => (j.metadata.age.index = 20),
      /"metadata.age.index".*below metadata.length \(20\)/,
    ],
    [
      'overlapping slots',
      (j) => (j.metadata.sex.offset = 4),
      /no two fields share a slot/,
    ],
    [
      'site values without unknown',
      (j) => (j.metadata.site.values = ['back', 'face']),
      /"metadata.site.values".*"unknown"/,
    ],
    ['zero age std', (j) => (j.metadata.age.std = 0), /"metadata.age.std"/],
    [
      'malignant code not a label',
      (j) => (j.malignantLabels = ['scc']),
      /"malignantLabels"/,
    ],
    [
      'missing label name',
      (j) => delete j.labelNames.vasc,
      /"labelNames.vasc"/,
    ],
    [
      'file outside the folder',
      (j) => (j.files[1].path = '../secret.bin'),
      /"files\[1\].path"/,
    ],
    [
      'short sha256',
      (j) => (j.files[0].sha256 = 'abc'),
      /"files\[0\].sha256"/,
    ],
    [
      'no model.json',
      (j) => (j.files = j.files.slice(1)),
      /includes model.json/,
    ],
    [
      'missing sensitivity',
      (j) => delete j.operatingPoint.sensitivity,
      /"operatingPoint.sensitivity"/,
    ],
  ])('rejects %s', (_, change, message) => {
    const json = validManifest();
    change(json);
    const error = errorFor(json);
    expect(error.code).toBe('manifest-invalid');
    expect(error.message).toMatch(message);
  });

  it('reads outputs given as bare node names', () => {
    const json = validManifest();
    json.outputs = {
      malignant: 'malignant',
      diagnosis: 'diagnosis',
      cam: 'cam',
      embedding: 'embedding',
    };
    delete json.ood;
    const manifest = parseManifest(json);
    expect(manifest.outputs.diagnosis).toEqual({
      name: 'diagnosis',
      shape: [-1, 7],
    });
    expect(manifest.outputs.cam.shape).toEqual([-1, 2, 2]);
    expect(manifest.outputs.ood).toBeNull();
    expect(manifest.ood).toBeNull();
  });

  it('defaults the input names to the contract names', () => {
    const json = validManifest();
    delete json.input.name;
    delete json.metadata.name;
    const manifest = parseManifest(json);
    expect(manifest.input.name).toBe('image');
    expect(manifest.metadata.name).toBe('metadata');
  });

  it.each<[string, (json: Record<string, any>) => void, RegExp]>([
    [
      'diagnosis shape for 5 classes',
      (j) => (j.outputs.diagnosis.shape = [-1, 5]),
      /"outputs.diagnosis.shape" must be of the form \[-1, 7\], got \[-1,5\]/,
    ],
    [
      'malignant shape without batch',
      (j) => (j.outputs.malignant.shape = [1, 1]),
      /"outputs.malignant.shape"/,
    ],
    [
      'cam cells that do not match the input size',
      (j) => (j.outputs.cam.shape = [-1, 7, 7]),
      /"outputs.cam.shape" must be of the form \[-1, 2, 2\]/,
    ],
    [
      'an ood output without a threshold',
      (j) => delete j.ood,
      /"ood" must be an object/,
    ],
  ])('rejects %s', (_, change, message) => {
    const json = validManifest();
    change(json);
    expect(errorFor(json).message).toMatch(message);
  });

  it('rejects a non-object', () => {
    expect(errorFor([]).message).toMatch(/"\(root\)" must be an object/);
  });
});
