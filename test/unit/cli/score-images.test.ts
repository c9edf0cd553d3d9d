import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ImageFile } from '../../../src/cli/image-files';
import {
  scoreImages,
  type ImageScorer,
  type ScoredImage,
} from '../../../src/cli/score-images';
import type { Prediction } from '../../../src/shared/messages';
import { blurred } from '../../helpers/bad-photos.mjs';
import { FIXTURE_PHOTO } from '../../helpers/image-cases';

/** Side of the model input in these tests, in pixels. */
const INPUT_SIZE = 32;

const PREDICTION: Prediction = {
  malignant: 0.5,
  diagnosis: [0.1, 0.1, 0.1, 0.1, 0.2, 0.3, 0.1],
  ood: null,
  backend: 'cpu',
  inferenceMs: 1,
};

/** A sharp, well-exposed fixture that passes every quality check. */
const GOOD_PHOTO = fileURLToPath(
  new URL('../../fixtures/images/ISIC_0028155.jpg', import.meta.url),
);

/** Blur that the blur check flags, in pixels of the fixture. */
const BLUR_SIGMA_PX = 4;

function imageFile(folder: string, name: string): ImageFile {
  return {
    path: join(folder, name),
    relativePath: name,
    imageId: name.replace(/\.\w+$/, ''),
  };
}

/** Scores `files` and returns every result in order. */
async function scoreAll(
  files: ImageFile[],
  scorer: ImageScorer,
): Promise<ScoredImage[]> {
  const scored: ScoredImage[] = [];
  await scoreImages(files, new Map(), scorer, async (image) => {
    scored.push(image);
  });
  return scored;
}

describe('scoreImages', () => {
  let folder: string;
  let files: ImageFile[];

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-score-'));
    files = ['a', 'b', 'c'].map((imageId) => ({
      path: join(folder, `${imageId}.jpg`),
      relativePath: `${imageId}.jpg`,
      imageId,
    }));
    for (const file of files) {
      await copyFile(FIXTURE_PHOTO, file.path);
    }
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  function scorer(predict: (call: number) => Promise<Prediction>): ImageScorer {
    let calls = 0;
    return {
      inputSize: INPUT_SIZE,
      metadataFor: () => new Float32Array(4),
      predict: (image: Float32Array) => {
        expect(image).toHaveLength(INPUT_SIZE * INPUT_SIZE * 3);
        return predict(calls++);
      },
      isOutOfDistribution: () => false,
      outputsDisagree: () => false,
    };
  }

  it('scores every file in order', async () => {
    const scored: ScoredImage[] = [];

    await scoreImages(
      files,
      new Map(),
      scorer(async () => PREDICTION),
      async (image) => {
        scored.push(image);
      },
    );

    expect(scored.map((image) => image.result.imageId)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(scored.every((image) => image.result.status === 'ok')).toBe(true);
  });

  it('reports a model failure and goes on', async () => {
    const scored: ScoredImage[] = [];

    await scoreImages(
      files,
      new Map(),
      scorer(async (call) => {
        if (call === 1) {
          throw new Error('out of memory');
        }
        return PREDICTION;
      }),
      async (image) => {
        scored.push(image);
      },
    );

    expect(scored.map((image) => image.result.status)).toEqual([
      'ok',
      'inference_failed',
      'ok',
    ]);
    expect(scored[1]?.problem).toBe('the model failed: out of memory');
    expect(scored[1]?.result.probabilities).toBeNull();
  });

  it('stops before the next file once aborted', async () => {
    const controller = new AbortController();
    const scored: ScoredImage[] = [];

    await scoreImages(
      files,
      new Map(),
      scorer(async () => PREDICTION),
      async (image) => {
        scored.push(image);
        controller.abort();
      },
      controller.signal,
    );

    expect(scored).toHaveLength(1);
  });
});

describe('scoreImages flags', () => {
  let folder: string;
  let good: ImageFile;
  let blurry: ImageFile;
  let broken: ImageFile;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-flags-'));
    good = imageFile(folder, 'good.jpg');
    blurry = imageFile(folder, 'blurry.png');
    broken = imageFile(folder, 'broken.jpg');
    const photo = await readFile(GOOD_PHOTO);
    await copyFile(GOOD_PHOTO, good.path);
    await blurred(photo, BLUR_SIGMA_PX).png().toFile(blurry.path);
    await writeFile(broken.path, photo.subarray(0, photo.length / 2));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /**
   * Returns a scorer whose predictions flag `ood` above `oodLimit`, and
   * whose outputs disagree when `disagree` is set.
   */
  function scorerWithOod(
    ood: number,
    oodLimit: number,
    disagree = false,
  ): ImageScorer {
    return {
      inputSize: INPUT_SIZE,
      metadataFor: () => new Float32Array(4),
      predict: async () => ({ ...PREDICTION, ood }),
      isOutOfDistribution: (prediction) => prediction.ood! > oodLimit,
      outputsDisagree: () => disagree,
    };
  }

  it('flags a blurred photo only', async () => {
    const scored = await scoreAll([good, blurry], scorerWithOod(1, 2));

    expect(scored[0]?.result.flags).toEqual([]);
    expect(scored[1]?.result.flags).toEqual(['blurry']);
    expect(scored[1]?.result.status).toBe('ok');
    expect(scored[1]?.result.probabilities?.malignant).toBe(
      PREDICTION.malignant,
    );
  });

  it('appends out_of_distribution from the model', async () => {
    const scored = await scoreAll([good, blurry], scorerWithOod(3, 2));

    expect(scored[0]?.result.flags).toEqual(['out_of_distribution']);
    expect(scored[1]?.result.flags).toEqual(['blurry', 'out_of_distribution']);
    expect(scored[1]?.result.probabilities).not.toBeNull();
  });

  it('appends outputs_disagree last', async () => {
    const scored = await scoreAll([blurry], scorerWithOod(3, 2, true));

    expect(scored[0]?.result.flags).toEqual([
      'blurry',
      'out_of_distribution',
      'outputs_disagree',
    ]);
  });

  it('gives a failure no flags', async () => {
    const scored = await scoreAll([broken], scorerWithOod(3, 2));

    expect(scored[0]?.result.status).toBe('unreadable');
    expect(scored[0]?.result.flags).toEqual([]);
    expect(scored[0]?.result.probabilities).toBeNull();
  });
});
