import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  analysisFlags,
  FLAG_WORDS,
  isUncertain,
  isUnreliable,
  PHOTO_FLAGS,
  qualityFlagsOf,
  qualitySentence,
  qualityWords,
} from '../../../src/history/flags';
import { parseManifest } from '../../../src/model/parse-manifest';
import type { RgbaImage } from '../../../src/preprocess/images';
import type { Prediction } from '../../../src/shared/messages';
import { buildFakeModel } from '../../helpers/fake-model.mjs';

const manifest = parseManifest(buildFakeModel().manifest);

function prediction(ood: number | null): Prediction {
  return {
    malignant: 0.01,
    diagnosis: [0.05, 0.05, 0.1, 0.05, 0.1, 0.6, 0.05],
    ood,
    backend: 'cpu',
    inferenceMs: 1,
  };
}

/** Opaque pixels of one colour, `side` pixels a side. */
function flatImage(side: number, [r, g, b]: number[]): RgbaImage {
  const data = new Uint8ClampedArray(side * side * 4);
  for (let i = 0; i < data.length; i += 4) {
    data.set([r!, g!, b!, 255], i);
  }
  return { data, width: side, height: side };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('PHOTO_FLAGS', () => {
  it('lists each flag once with words', () => {
    expect(new Set(PHOTO_FLAGS).size).toBe(PHOTO_FLAGS.length);
    expect(PHOTO_FLAGS).toContain('out_of_distribution');
    for (const flag of PHOTO_FLAGS) {
      expect(FLAG_WORDS[flag]).toMatch(/^[a-z][a-z -]+$/);
    }
  });
});

describe('qualityFlagsOf', () => {
  it('returns the codes of the quality checks', () => {
    // A black photo fails the exposure check, which stops the others.
    expect(qualityFlagsOf(flatImage(64, [0, 0, 0]))).toEqual(['underexposed']);
  });

  it('returns no flag when the checks fail', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = { data: new Uint8ClampedArray(3), width: 4, height: 4 };
    expect(qualityFlagsOf(broken)).toEqual([]);
    expect(error).toHaveBeenCalledWith(
      'Checking the photo quality for the history failed',
      expect.any(Error),
    );
  });
});

describe('analysisFlags', () => {
  const threshold = manifest.ood!.threshold;

  it('appends out_of_distribution above the threshold', () => {
    expect(
      analysisFlags(['blurry'], manifest, prediction(threshold + 1)),
    ).toEqual(['blurry', 'out_of_distribution']);
  });

  it('keeps only quality flags at the threshold', () => {
    expect(analysisFlags(['blurry'], manifest, prediction(threshold))).toEqual([
      'blurry',
    ]);
  });

  it('returns an empty list without warnings', () => {
    expect(analysisFlags([], manifest, prediction(null))).toEqual([]);
  });

  it('appends outputs_disagree last', () => {
    // Low risk, but the most likely diagnosis is melanoma.
    const disputed: Prediction = {
      ...prediction(threshold + 1),
      diagnosis: manifest.labels.map((code) =>
        code === 'mel' ? 0.8 : 0.2 / 6,
      ),
    };

    expect(analysisFlags(['blurry'], manifest, disputed)).toEqual([
      'blurry',
      'out_of_distribution',
      'outputs_disagree',
    ]);
  });
});

describe('isUncertain', () => {
  it.each<[string, Parameters<typeof isUncertain>[0], boolean]>([
    ['outputs that disagree', ['outputs_disagree'], true],
    ['an out-of-distribution result', ['out_of_distribution'], false],
    ['unknown flags', null, false],
  ])('for %s', (_case, flags, expected) => {
    expect(isUncertain(flags)).toBe(expected);
  });
});

describe('isUnreliable', () => {
  it.each<[string, Parameters<typeof isUnreliable>[0], boolean]>([
    ['an out-of-distribution result', ['out_of_distribution'], true],
    ['quality flags only', ['blurry', 'underexposed'], false],
    ['no flags', [], false],
    ['unknown flags', null, false],
  ])('for %s', (_case, flags, expected) => {
    expect(isUnreliable(flags)).toBe(expected);
  });
});

describe('qualityWords', () => {
  it('leaves out the result flags', () => {
    expect(
      qualityWords([
        'greyscale',
        'out_of_distribution',
        'outputs_disagree',
        'lesion_small',
      ]),
    ).toEqual(['black and white', 'lesion small']);
  });

  it('returns nothing for unknown flags', () => {
    expect(qualityWords(null)).toEqual([]);
  });
});

describe('qualitySentence', () => {
  it('joins the words', () => {
    expect(qualitySentence(['blurry', 'overexposed'])).toBe(
      'Photo warnings: blurry, too bright.',
    );
  });

  it('is null without quality flags', () => {
    expect(qualitySentence(['out_of_distribution'])).toBeNull();
    expect(qualitySentence([])).toBeNull();
    expect(qualitySentence(null)).toBeNull();
  });
});
