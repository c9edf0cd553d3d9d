import { describe, expect, it } from 'vitest';

import { toDataUrl, fromDataUrl } from '../../../src/history/data-url';
import { fileNamePart, isoDay } from '../../../src/history/format';
import { describeImport } from '../../../src/history/import-file';
import { fitWithin } from '../../../src/history/photo-copy';

describe('fitWithin', () => {
  it.each([
    [
      [1024, 768],
      [512, 384],
    ],
    [
      [768, 1024],
      [384, 512],
    ],
    [
      [200, 150],
      [200, 150],
    ],
    [
      [512, 512],
      [512, 512],
    ],
    [
      [10_000, 3],
      [512, 1],
    ],
  ])('fits %j into 512 px as %j', ([width, height], expected) => {
    const size = fitWithin(width!, height!, 512);
    expect([size.width, size.height]).toEqual(expected);
  });
});

describe('data URLs', () => {
  it('round-trips bytes', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    const url = toDataUrl('image/jpeg', bytes.buffer);
    expect(url.startsWith('data:image/jpeg;base64,')).toBe(true);
    const decoded = fromDataUrl(url)!;
    expect(decoded.type).toBe('image/jpeg');
    expect(new Uint8Array(decoded.bytes)).toEqual(bytes);
  });

  it.each([
    'https://example.invalid/a.jpg',
    'data:image/jpeg,plain',
    'data:image/jpeg;charset=utf-8;base64,AAAA',
    'data:image/jpeg;base64,AAA',
    'data:image/jpeg;base64,AA AA',
  ])('rejects %s', (url) => {
    expect(fromDataUrl(url)).toBeNull();
  });
});

describe('file names', () => {
  it.each([
    ['Left shoulder mole', 'left-shoulder-mole'],
    ['../../etc/passwd', 'etc-passwd'],
    ['Grain de beauté', 'grain-de-beaute'],
    ['???', 'lesion'],
  ])('turns %j into %j', (name, expected) => {
    expect(fileNamePart(name)).toBe(expected);
  });

  it('dates files in UTC', () => {
    expect(isoDay(new Date('2025-03-09T23:30:00.000Z'))).toBe('2025-03-09');
  });
});

describe('describeImport', () => {
  it('counts what was added', () => {
    expect(
      describeImport('h.json', {
        sourceVersion: 2,
        addedLesions: 1,
        addedAnalyses: 3,
        skippedAnalyses: 0,
      }),
    ).toBe('Imported 3 analyses and 1 new lesion from "h.json".');
  });

  it('says what was kept', () => {
    expect(
      describeImport('h.json', {
        sourceVersion: 1,
        addedLesions: 0,
        addedAnalyses: 1,
        skippedAnalyses: 2,
      }),
    ).toBe(
      'Imported 1 analysis and 0 new lesions from "h.json". 2 analyses ' +
        'were already on this device and were left unchanged.',
    );
  });
});
