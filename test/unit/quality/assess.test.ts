/**
 * The quality checks on a committed HAM10000 fixture and on bad photos made
 * from it the way scripts/measure-photo-quality.mjs makes them.
 */

import { readFile } from 'node:fs/promises';

import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import type { RgbaImage } from '../../../src/preprocess/images';
import {
  assessQuality,
  QUALITY_MESSAGES,
  type QualityIssueCode,
} from '../../../src/quality/assess';
import {
  blurred,
  exposed,
  shiftedFrame,
  shrunkLesion,
  toRgba,
} from '../../helpers/bad-photos.mjs';

/** A sharp, well-exposed basal cell carcinoma that fills the centre. */
const FIXTURE = new URL(
  '../../fixtures/images/ISIC_0028155.jpg',
  import.meta.url,
);

function codes(pixels: RgbaImage): QualityIssueCode[] {
  return assessQuality(pixels).issues.map((issue) => issue.code);
}

describe('assessQuality', () => {
  let source: Buffer;

  beforeAll(async () => {
    source = await readFile(FIXTURE);
  });

  it('passes a good dermatoscopic photo', async () => {
    const report = assessQuality(await toRgba(sharp(source)));
    expect(report.issues).toEqual([]);
    for (const value of Object.values(report.measures)) {
      expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('flags a blurred photo', async () => {
    expect(codes(await toRgba(blurred(source, 4)))).toEqual(['blurry']);
  });

  it('flags a dark photo, and only that', async () => {
    expect(codes(await toRgba(exposed(source, 0.3)))).toEqual(['underexposed']);
  });

  it('flags a washed-out photo', async () => {
    expect(codes(await toRgba(exposed(source, 2.5, 60)))).toEqual([
      'overexposed',
    ]);
  });

  it('flags a lesion that is too small', async () => {
    const pixels = await toRgba(await shrunkLesion(source, 1 / 4));
    expect(codes(pixels)).toContain('lesion_small');
  });

  it('flags a lesion off the centre', async () => {
    const pixels = await toRgba(await shiftedFrame(source, 0.4));
    expect(codes(pixels)).toContain('off_centre');
  });

  it('flags a black-and-white photo', async () => {
    const grey = await sharp(source).greyscale().png().toBuffer();
    const pixels = await toRgba(sharp(grey).toColourspace('srgb'));

    expect(codes(pixels)).toEqual(['greyscale']);
  });

  it('gives a retake hint with each flag', async () => {
    const report = assessQuality(await toRgba(blurred(source, 4)));
    expect(report.issues[0]!.message).toBe(QUALITY_MESSAGES.blurry);
    expect(report.issues[0]!.message).toMatch(/take the photo again/);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() =>
      assessQuality({ data: new Uint8Array(10), width: 4, height: 4 }),
    ).toThrow(RangeError);
  });
});
