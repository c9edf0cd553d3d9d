import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { toDataUrl } from '../../../src/history/data-url';
import { HistoryError } from '../../../src/history/errors';
import { encodeHistoryExport } from '../../../src/history/export-json';
import { PHOTO_FLAGS } from '../../../src/history/flags';
import {
  MAX_PHOTO_BYTES,
  parseHistoryFile,
} from '../../../src/history/import-json';
import { migrateV1 } from '../../../src/history/migrate-v1';
import { migrateV2 } from '../../../src/history/migrate-v2';
import { MAX_CAM_SIDE } from '../../../src/history/records';
import { SCHEMA_VERSION } from '../../../src/history/schema';
import { DEFAULT_VOCABULARY } from '../../../src/history/vocabulary';
import {
  JPEG_BYTES,
  makeAnalysis,
  makeLesion,
} from '../../helpers/history-records';

const FIXTURE = new URL(
  '../../fixtures/history/v1-export.json',
  import.meta.url,
);
const V2_FIXTURE = new URL(
  '../../fixtures/history/v2-export.json',
  import.meta.url,
);

const EXPORTED_AT = new Date('2025-05-01T12:00:00.000Z');

function exportText(
  lesions = [makeLesion()],
  analyses = [makeAnalysis()],
): string {
  return JSON.stringify(
    encodeHistoryExport(lesions, analyses, EXPORTED_AT, '0.1.0'),
  );
}

/** Exported JSON of one lesion and analysis, as a mutable object. */
function exportObject(): any {
  return JSON.parse(exportText());
}

function parse(json: unknown) {
  return parseHistoryFile(JSON.stringify(json), DEFAULT_VOCABULARY);
}

function importError(json: unknown): HistoryError {
  try {
    parse(json);
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryError);
    expect((error as HistoryError).code).toBe('import-invalid');
    return error as HistoryError;
  }
  throw new Error('The import was accepted');
}

describe('parseHistoryFile', () => {
  it('round-trips every field of an export', () => {
    const lesions = [makeLesion(), makeLesion({ id: 'lesion-2', site: null })];
    const analyses = [
      makeAnalysis(),
      makeAnalysis({
        id: 'analysis-2',
        lesionId: 'lesion-2',
        malignant: 0.9,
        note: '',
        patient: { age: null, sex: null, site: null },
      }),
    ];
    analyses[0]!.result.flags = ['blurry', 'out_of_distribution'];
    analyses[1]!.result.ood = null;
    analyses[1]!.result.cam = null;
    analyses[1]!.result.flags = null;

    const imported = parseHistoryFile(
      exportText(lesions, analyses),
      DEFAULT_VOCABULARY,
    );

    expect(imported.sourceVersion).toBe(SCHEMA_VERSION);
    expect(imported.lesions).toEqual(lesions);
    expect(imported.analyses).toEqual(analyses);
  });

  it('migrates a version 1 file', async () => {
    const text = await readFile(FIXTURE, 'utf8');

    const imported = parseHistoryFile(text, DEFAULT_VOCABULARY);

    const expected = migrateV1(JSON.parse(text).analyses);
    expect(imported.sourceVersion).toBe(1);
    expect(imported.lesions).toEqual(expected.lesions);
    expect(imported.analyses).toEqual(migrateV2(expected.analyses));
    for (const analysis of imported.analyses) {
      expect(analysis.result.cam).toBeNull();
      expect(analysis.result.flags).toBeNull();
    }
  });

  it('migrates a version 2 file', async () => {
    const text = await readFile(V2_FIXTURE, 'utf8');
    const file = JSON.parse(text);

    const imported = parseHistoryFile(text, DEFAULT_VOCABULARY);

    expect(imported.sourceVersion).toBe(2);
    expect(imported.lesions).toEqual(file.lesions);
    expect(imported.analyses).toHaveLength(file.analyses.length);
    imported.analyses.forEach((analysis, i) => {
      const source = file.analyses[i];
      expect(analysis.result).toEqual({
        ...source.result,
        cam: null,
        flags: null,
      });
      expect(analysis.id).toBe(source.id);
      expect(analysis.lesionId).toBe(source.lesionId);
      expect(analysis.analysedAt).toBe(source.analysedAt);
      expect(analysis.patient).toEqual(source.patient);
      expect(analysis.note).toBe(source.note);
      expect(analysis.photo.type).toBe(source.photo.type);
      expect([analysis.photo.width, analysis.photo.height]).toEqual([
        source.photo.width,
        source.photo.height,
      ]);
      expect(toDataUrl(analysis.photo.type, analysis.photo.bytes)).toBe(
        source.photo.dataUrl,
      );
    });
  });

  it('rejects a grid in a version 2 file', async () => {
    const file = JSON.parse(await readFile(V2_FIXTURE, 'utf8'));
    file.analyses[0].result.cam = { rows: 1, columns: 1, values: [0] };
    expect(importError(file).message).toMatch(
      /^analyses\[0\]\.result\.cam is not a field of an OncoScan export\./,
    );
  });

  it('rejects flags in a version 2 file', async () => {
    const file = JSON.parse(await readFile(V2_FIXTURE, 'utf8'));
    file.analyses[0].result.flags = [];
    expect(importError(file).message).toMatch(
      /^analyses\[0\]\.result\.flags is not a field of an OncoScan export\./,
    );
  });

  it('validates version 1 records before migrating', async () => {
    const file = JSON.parse(await readFile(FIXTURE, 'utf8'));
    file.analyses[2].malignant = 2;
    expect(importError(file).message).toMatch(
      /^analyses\[2\]\.malignant is invalid \(Invalid value: Expected <=1 but received 2\)\.$/,
    );
  });

  it('rejects text that is not JSON', () => {
    expect(() =>
      parseHistoryFile('{"format": "oncoscan', DEFAULT_VOCABULARY),
    ).toThrow(/^It is not valid JSON \(/);
  });

  it('rejects other JSON files', () => {
    expect(importError({ name: 'package' }).message).toBe(
      'It is not an OncoScan history export, because its "format" field is ' +
        'not "oncoscan-history".',
    );
    expect(importError([1, 2]).message).toMatch(/not an OncoScan history/);
  });

  it('rejects a file from a newer version', () => {
    const file = exportObject();
    const newer = SCHEMA_VERSION + 1;
    file.schemaVersion = newer;
    expect(importError(file).message).toBe(
      `It was exported by a newer version of OncoScan (history version ` +
        `${newer}, and this app reads up to ${SCHEMA_VERSION}). Update ` +
        'OncoScan on this device, then import the file again.',
    );
  });

  it.each([
    ['a missing version', undefined],
    ['a fractional version', 1.5],
    ['version 0', 0],
    ['a version string', '2'],
  ])('rejects %s', (_case, schemaVersion) => {
    const file = exportObject();
    file.schemaVersion = schemaVersion;
    expect(importError(file).message).toBe(
      'Its "schemaVersion" field is not a positive integer.',
    );
  });

  it.each<[string, (file: any) => void, RegExp]>([
    [
      'a probability above 1',
      (file) => (file.analyses[0].result.malignant = 1.5),
      /^analyses\[0\]\.result\.malignant is invalid \(Invalid value: Expected <=1/,
    ],
    [
      'a negative diagnosis probability',
      (file) => (file.analyses[0].result.diagnosis[2] = -0.1),
      /^analyses\[0\]\.result\.diagnosis\[2\] is invalid/,
    ],
    [
      'probabilities that do not add up',
      (file) => (file.analyses[0].result.diagnosis[5] = 0.9),
      /^analyses\[0\]\.result is invalid \(Expected diagnosis probabilities that add up to 1\)/,
    ],
    [
      'fewer probabilities than labels',
      (file) => file.analyses[0].result.labels.push('extra'),
      /Expected one diagnosis probability for each label/,
    ],
    [
      'a risk category that contradicts the threshold',
      (file) => (file.analyses[0].result.riskCategory = 'refer'),
      /Expected the risk category that the malignant probability and the threshold give/,
    ],
    [
      'a string probability',
      (file) => (file.analyses[0].result.threshold = '0.3'),
      /^analyses\[0\]\.result\.threshold is invalid \(Invalid type: Expected number but received "0\.3"\)/,
    ],
    [
      'an unknown site',
      (file) => (file.lesions[0].site = 'elbow'),
      /^lesions\[0\]\.site is invalid/,
    ],
    [
      'an unknown sex',
      (file) => (file.analyses[0].patient.sex = 'x'),
      /^analyses\[0\]\.patient\.sex is invalid/,
    ],
    [
      'an age of 200',
      (file) => (file.analyses[0].patient.age = 200),
      /^analyses\[0\]\.patient\.age is invalid/,
    ],
    [
      'an empty lesion name',
      (file) => (file.lesions[0].name = '   '),
      /^lesions\[0\]\.name is invalid \(Expected a lesion name\)/,
    ],
    [
      'a note over the maximum length',
      (file) => (file.analyses[0].note = 'x'.repeat(2001)),
      /^analyses\[0\]\.note is invalid/,
    ],
    [
      'a date that is not ISO 8601',
      (file) => (file.analyses[0].analysedAt = 'yesterday'),
      /^analyses\[0\]\.analysedAt is invalid \(Expected an ISO 8601 timestamp\)/,
    ],
    [
      'an id with spaces',
      (file) => (file.lesions[0].id = 'a b'),
      /^lesions\[0\]\.id is invalid/,
    ],
    [
      'an extra field',
      (file) => (file.analyses[0].html = '<img src=x onerror=alert(1)>'),
      /^analyses\[0\]\.html is not a field of an OncoScan export\./,
    ],
    [
      'a missing photo',
      (file) => delete file.analyses[0].photo,
      /^analyses\[0\]\.photo is invalid/,
    ],
    [
      'a photo of 1000 pixels',
      (file) => (file.analyses[0].photo.width = 1000),
      /^analyses\[0\]\.photo\.width is invalid/,
    ],
    [
      'a missing grid',
      (file) => delete file.analyses[0].result.cam,
      /^analyses\[0\]\.result\.cam is invalid \(Invalid key: Expected "cam" but received undefined\)/,
    ],
    [
      'a grid as a flat array',
      (file) => (file.analyses[0].result.cam = [1, 2, 3, 4]),
      /^analyses\[0\]\.result\.cam\.rows is invalid \(Invalid key: Expected "rows"/,
    ],
    [
      'a grid with too few values',
      (file) => file.analyses[0].result.cam.values.pop(),
      /^analyses\[0\]\.result\.cam is invalid \(Expected 6 values for 2 x 3 cells but received 5\)/,
    ],
    [
      'a grid with too many values',
      (file) => file.analyses[0].result.cam.values.push(1),
      /^analyses\[0\]\.result\.cam is invalid \(Expected 6 values for 2 x 3 cells but received 7\)/,
    ],
    [
      'a grid with a string value',
      (file) => (file.analyses[0].result.cam.values[4] = '2'),
      /^analyses\[0\]\.result\.cam\.values\[4\] is invalid \(Invalid type: Expected number/,
    ],
    [
      'a grid with a NaN written as null',
      (file) => (file.analyses[0].result.cam.values[1] = NaN),
      /^analyses\[0\]\.result\.cam\.values\[1\] is invalid \(Invalid type: Expected number but received null\)/,
    ],
    [
      'a grid of 0 rows',
      (file) => (file.analyses[0].result.cam.rows = 0),
      /^analyses\[0\]\.result\.cam\.rows is invalid \(Invalid value: Expected >=1 but received 0\)/,
    ],
    [
      'a fractional column count',
      (file) => (file.analyses[0].result.cam.columns = 2.5),
      /^analyses\[0\]\.result\.cam\.columns is invalid \(Invalid integer/,
    ],
    [
      'a grid over the maximum side',
      (file) => {
        const side = MAX_CAM_SIDE + 1;
        file.analyses[0].result.cam = {
          rows: side,
          columns: 1,
          values: new Array(side).fill(0),
        };
      },
      new RegExp(
        `^analyses\\[0\\]\\.result\\.cam\\.rows is invalid \\(Invalid value: ` +
          `Expected <=${MAX_CAM_SIDE} but received ${MAX_CAM_SIDE + 1}\\)`,
      ),
    ],
    [
      'a grid with an extra field',
      (file) => (file.analyses[0].result.cam.scale = 2),
      /^analyses\[0\]\.result\.cam\.scale is not a field of an OncoScan export\./,
    ],
  ])('rejects %s', (_case, change, message) => {
    const file = exportObject();
    change(file);
    expect(importError(file).message).toMatch(message);
  });

  it.each<[string, string, RegExp]>([
    [
      'a remote URL',
      'https://example.invalid/photo.jpg',
      /Expected a base64 data URL/,
    ],
    [
      'an SVG image',
      'data:image/svg+xml;base64,' + btoa('<svg onload="alert(1)"/>'),
      /Expected a photo of type image\/jpeg, image\/webp, image\/png but received "image\/svg\+xml"/,
    ],
    [
      'HTML labelled as JPEG',
      'data:image/jpeg;base64,' + btoa('<html><script>alert(1)</script>'),
      /Expected JPEG bytes but received no image/,
    ],
    [
      'a PNG labelled as JPEG',
      toDataUrl(
        'image/jpeg',
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).buffer,
      ),
      /Expected JPEG bytes but received PNG bytes/,
    ],
    [
      'JPEG bytes labelled as WebP',
      toDataUrl('image/webp', new Uint8Array(JPEG_BYTES).buffer),
      /Expected WebP bytes but received JPEG bytes/,
    ],
    [
      'a WebP data URL for a JPEG',
      toDataUrl(
        'image/webp',
        new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ').buffer,
      ),
      /Expected a data URL of type image\/jpeg, the value of "type"/,
    ],
    [
      'broken base64',
      'data:image/jpeg;base64,/9j/4A=x',
      /Expected a base64 data URL/,
    ],
    [
      'a photo over the size limit',
      toDataUrl(
        'image/jpeg',
        new Uint8Array([...JPEG_BYTES, ...new Uint8Array(MAX_PHOTO_BYTES)])
          .buffer,
      ),
      /Expected a photo of at most 1048576 bytes/,
    ],
  ])('rejects a photo that is %s', (_case, dataUrl, message) => {
    const file = exportObject();
    file.analyses[0].photo.dataUrl = dataUrl;
    expect(importError(file).message).toMatch(message);
  });

  it('accepts an analysis without a grid', () => {
    const file = exportObject();
    file.analyses[0].result.cam = null;
    expect(parse(file).analyses[0]!.result.cam).toBeNull();
  });

  it('keeps grid values exactly', () => {
    const file = exportObject();
    // float32 outputs of the graph, as the model worker returns them.
    const values = [-0.1, 1e-7, 12345.678, -3.4e38, 0.30000001192092896, 0];
    file.analyses[0].result.cam.values = values.map(Math.fround);
    expect(parse(file).analyses[0]!.result.cam!.values).toEqual(
      values.map(Math.fround),
    );
  });

  it.each([
    ['an infinite value', '1e999'],
    ['a negative infinite value', '-1e999'],
  ])('rejects a grid with %s', (_case, literal) => {
    // JSON.parse reads an out-of-range number as Infinity, so a file can
    // carry one even though JSON.stringify never writes it.
    const text = exportText().replace(
      '"values":[-1.5,',
      `"values":[${literal},`,
    );
    expect(text).toContain(literal);
    let message = '';
    try {
      parseHistoryFile(text, DEFAULT_VOCABULARY);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(
      /^analyses\[0\]\.result\.cam\.values\[0\] is invalid \(Expected a finite number\)/,
    );
  });

  it('rejects a grid of too many cells', () => {
    const file = exportObject();
    const cells = MAX_CAM_SIDE * MAX_CAM_SIDE + 1;
    file.analyses[0].result.cam = {
      rows: 1,
      columns: 1,
      values: new Array(cells).fill(0),
    };
    expect(importError(file).message).toMatch(
      /^analyses\[0\]\.result\.cam\.values is invalid \(Invalid length/,
    );
  });

  it('keeps every known flag in its order', () => {
    const file = exportObject();
    const flags = [...PHOTO_FLAGS].reverse();
    file.analyses[0].result.flags = flags;
    expect(parse(file).analyses[0]!.result.flags).toEqual(flags);
  });

  it('keeps an empty list apart from unknown flags', () => {
    const file = exportObject();
    file.analyses[0].result.flags = [];
    expect(parse(file).analyses[0]!.result.flags).toEqual([]);
    file.analyses[0].result.flags = null;
    expect(parse(file).analyses[0]!.result.flags).toBeNull();
  });

  it.each<[string, unknown, RegExp]>([
    [
      'an unknown flag',
      ['blurry', 'sunburnt'],
      /^analyses\[0\]\.result\.flags\[1\] is invalid \(Expected one of the flags greyscale, blurry, .*out_of_distribution, outputs_disagree\)/,
    ],
    [
      'a flag in other case',
      ['Blurry'],
      /^analyses\[0\]\.result\.flags\[0\] is invalid \(Expected one of the flags/,
    ],
    [
      'a repeated flag',
      ['blurry', 'off_centre', 'blurry'],
      /^analyses\[0\]\.result\.flags is invalid \(Expected flags without repeats\)/,
    ],
    [
      'a string',
      'blurry',
      /^analyses\[0\]\.result\.flags is invalid \(Invalid type: Expected Array but received "blurry"\)/,
    ],
    ['a number', [3], /^analyses\[0\]\.result\.flags\[0\] is invalid/],
  ])('rejects flags with %s', (_case, flags, message) => {
    const file = exportObject();
    file.analyses[0].result.flags = flags;
    expect(importError(file).message).toMatch(message);
  });

  it('rejects a missing flags field', () => {
    const file = exportObject();
    delete file.analyses[0].result.flags;
    expect(importError(file).message).toMatch(
      /^analyses\[0\]\.result\.flags is invalid/,
    );
  });

  it('rejects an unreliable flag without a score', () => {
    const file = exportObject();
    file.analyses[0].result.ood = null;
    file.analyses[0].result.flags = ['out_of_distribution'];
    expect(importError(file).message).toBe(
      'analyses[0].result is invalid (Expected no out_of_distribution flag ' +
        'on a result without an ood score).',
    );
  });

  it('rejects an analysis without its lesion', () => {
    const file = exportObject();
    file.analyses[0].lesionId = 'missing';
    expect(importError(file).message).toBe(
      'Analysis "analysis-1" belongs to lesion "missing", which is not in ' +
        'the file.',
    );
  });

  it('rejects repeated ids', () => {
    const file = exportObject();
    file.analyses.push(file.analyses[0]);
    expect(importError(file).message).toBe(
      'The analysis id "analysis-1" appears twice.',
    );
    const lesions = exportObject();
    lesions.lesions.push(lesions.lesions[0]);
    expect(importError(lesions).message).toBe(
      'The lesion id "lesion-1" appears twice.',
    );
  });

  it('lists three problems and counts the rest', () => {
    const file = exportObject();
    const result = file.analyses[0].result;
    result.malignant = 5;
    result.threshold = 5;
    result.ood = -1;
    result.modelName = '';
    result.modelVersion = '';
    const message = importError(file).message;
    expect(message.match(/is invalid/g)).toHaveLength(3);
    // The two names, and the risk category that 5 >= 5 contradicts.
    expect(message).toMatch(/ 3 more problems were found\.$/);
  });

  it('names an unknown field in plain words', () => {
    const file = exportObject();
    Object.assign(file.analyses[0], { colour: 'red' });

    expect(importError(file).message).toBe(
      'analyses[0].colour is not a field of an OncoScan export.',
    );
  });

  it('truncates long values in messages', () => {
    const file = exportObject();
    file.analyses[0].result.modelName = 'x'.repeat(10_000);
    expect(importError(file).message.length).toBeLessThan(250);
  });
});
