import { describe, expect, it } from 'vitest';

import { toDataUrl, fromDataUrl } from '../../../src/history/data-url';
import { fileNamePart, isoDay } from '../../../src/history/format';
import { describeImport } from '../../../src/history/import-file';
import { fitWithin } from '../../../src/history/photo-copy';
import { centredSquare } from '../../../src/preprocess/crop';

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

  // The saved heatmap is drawn over the centred square of the copy, so
  // that square has to show the part of the photo the model analysed.
  it.each([
    [600, 450],
    [1001, 750],
    [3024, 4032],
    [8000, 6000],
    [4000, 2251],
    [5000, 513],
    [10_000, 3],
  ])('keeps the analysed square of %i x %i', (width, height) => {
    const copy = fitWithin(width, height, 512);
    const analysed = centredSquare(width, height);
    const copySquare = centredSquare(copy.width, copy.height);
    const scaleX = width / copy.width;
    const scaleY = height / copy.height;

    // Edges of the copy's square in the photo's pixels, against the
    // analysed square's, within one pixel of the copy.
    const edges = [
      [copySquare.x * scaleX, analysed.x, scaleX],
      [
        (copySquare.x + copySquare.width) * scaleX,
        analysed.x + analysed.width,
        scaleX,
      ],
      [copySquare.y * scaleY, analysed.y, scaleY],
      [
        (copySquare.y + copySquare.height) * scaleY,
        analysed.y + analysed.height,
        scaleY,
      ],
    ];
    for (const [edge, expected, copyPixel] of edges) {
      expect(Math.abs(edge! - expected!)).toBeLessThanOrEqual(copyPixel!);
    }
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
