/**
 * Fuzz test of the pure checks a photo passes before and after the
 * browser decodes it: format sniffing, header reading, size limits and
 * the preprocessing into the model input. None may throw on any input.
 */

import { beforeAll, describe, expect, it } from 'vitest';

import {
  readPhotoHeader,
  uprightSize,
} from '../../../src/capture/photo-header';
import {
  checkPhotoSize,
  decodeSize,
  MAX_CANVAS_PIXELS,
} from '../../../src/capture/photo-limits';
import { sniffImageFormat } from '../../../src/capture/sniff';
import { toModelInput } from '../../../src/preprocess/model-input';
import {
  isExifOrientation,
  type ExifOrientation,
} from '../../../src/preprocess/orientation';
import {
  makeFuzzFiles,
  seededRandom,
  type FuzzFile,
} from '../../helpers/fuzz-files';
import { fuzzSources } from '../../helpers/photo-fixtures';

/** Files checked, and the seed that makes them. */
const FILE_COUNT = 1200;
const SEED = 20_240_501;

/** Random RGBA images preprocessed, and their largest side in pixels. */
const IMAGE_COUNT = 200;
const MAX_IMAGE_SIDE = 64;

/** Model input side for the preprocessing cases, in pixels. */
const INPUT_SIZE = 32;

describe('photo checks fuzz', () => {
  let files: FuzzFile[];

  beforeAll(async () => {
    files = makeFuzzFiles(await fuzzSources(), FILE_COUNT, SEED);
  });

  it('reads every file without throwing', () => {
    const problems: string[] = [];
    for (const file of files) {
      try {
        const format = sniffImageFormat(file.data);
        if (format === null) {
          continue;
        }
        const header = readPhotoHeader(file.data, format);
        if (header === null) {
          continue;
        }
        const valid =
          Number.isInteger(header.width) &&
          Number.isInteger(header.height) &&
          header.width > 0 &&
          header.height > 0 &&
          isExifOrientation(header.orientation);
        if (!valid) {
          problems.push(`${file.name}: header ${JSON.stringify(header)}`);
          continue;
        }
        const size = uprightSize(header);
        if (checkPhotoSize(size.width, size.height) !== null) {
          continue;
        }
        const target = decodeSize(size.width, size.height);
        if (target.width * target.height > MAX_CANVAS_PIXELS) {
          problems.push(`${file.name}: decode size ${JSON.stringify(target)}`);
        }
      } catch (error) {
        problems.push(`${file.name} (${file.mutation}): ${String(error)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('covers every mutation and format', () => {
    const kinds = new Set(files.map((file) => file.name.split('-')[2]));
    expect(kinds.size).toBeGreaterThanOrEqual(6);
    const formats = new Set(
      files.map((file) => sniffImageFormat(file.data) ?? 'none'),
    );
    for (const format of ['jpeg', 'png', 'webp', 'heic', 'none']) {
      expect(formats).toContain(format);
    }
  });

  it('preprocesses random images of any shape', () => {
    const random = seededRandom(SEED);
    const orientations: ExifOrientation[] = [1, 2, 3, 4, 5, 6, 7, 8];
    for (let i = 0; i < IMAGE_COUNT; i++) {
      const width = 1 + Math.floor(random() * MAX_IMAGE_SIDE);
      const height = 1 + Math.floor(random() * MAX_IMAGE_SIDE);
      const data = Uint8ClampedArray.from({ length: width * height * 4 }, () =>
        Math.floor(random() * 256),
      );
      const orientation = orientations[i % orientations.length]!;

      const input = toModelInput(
        { data, width, height },
        INPUT_SIZE,
        orientation,
      );

      expect(input).toHaveLength(INPUT_SIZE * INPUT_SIZE * 3);
      let low = Infinity;
      let high = -Infinity;
      for (const value of input) {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
      // The margin allows float32 rounding of the resize weights.
      expect(low).toBeGreaterThanOrEqual(-1e-3);
      expect(high).toBeLessThanOrEqual(255 + 1e-3);
    }
  });
});
