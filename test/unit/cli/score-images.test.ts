import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ImageFile } from '../../../src/cli/image-files';
import { scoreImages, type ScoredImage } from '../../../src/cli/score-images';
import type { Prediction } from '../../../src/shared/messages';
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

  function scorer(predict: (call: number) => Promise<Prediction>) {
    let calls = 0;
    return {
      inputSize: INPUT_SIZE,
      metadataFor: () => new Float32Array(4),
      predict: (image: Float32Array) => {
        expect(image).toHaveLength(INPUT_SIZE * INPUT_SIZE * 3);
        return predict(calls++);
      },
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
