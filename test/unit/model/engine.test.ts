import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { toModelArtifacts } from '../../../src/model/download';
import { checkOutputShape, LesionModel } from '../../../src/model/engine';
import { parseManifest } from '../../../src/model/parse-manifest';
import { ModelError } from '../../../src/shared/errors';
import type { ModelManifest } from '../../../src/shared/manifest';
import {
  buildFakeModel,
  OOD_THRESHOLD,
  toArrayBuffer,
} from '../../helpers/fake-model.mjs';

/** Repeated analyses in the tensor-leak check. */
const LEAK_CHECK_RUNS = 5;

async function loadFake(options: { classes?: number } = {}) {
  const { manifest, files } = buildFakeModel(options);
  const buffers = new Map(
    [...files].map(([path, data]) => [path, toArrayBuffer(data)]),
  );
  return {
    // The manifest always lists 7 labels; `classes` changes only the graph.
    manifest: parseManifest(manifest),
    artifacts: await toModelArtifacts(buffers),
  };
}

function inputsFor(manifest: ModelManifest, fill = 128) {
  const { size } = manifest.input;
  return {
    image: new Float32Array(size * size * 3).fill(fill),
    metadata: new Float32Array(manifest.metadata.length),
  };
}

describe('LesionModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('returns probabilities of the contract shape', async () => {
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    const { image, metadata } = inputsFor(manifest);

    const prediction = await model.predict(image, metadata);

    expect(prediction.backend).toBe('cpu');
    expect(prediction.malignant).toBeGreaterThan(0);
    expect(prediction.malignant).toBeLessThan(1);
    expect(prediction.diagnosis).toHaveLength(manifest.labels.length);
    const total = prediction.diagnosis.reduce((sum, p) => sum + p, 0);
    expect(total).toBeCloseTo(1, 5);
    expect(prediction.inferenceMs).toBeGreaterThanOrEqual(0);
    model.dispose();
  });

  it('returns the ood score the graph computes', async () => {
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    const grey = inputsFor(manifest, 128);
    const white = inputsFor(manifest, 255);

    const greyScore = (await model.predict(grey.image, grey.metadata)).ood;
    const whiteScore = (await model.predict(white.image, white.metadata)).ood;

    expect(greyScore).toBeLessThan(OOD_THRESHOLD);
    expect(whiteScore).toBeGreaterThan(OOD_THRESHOLD);
    model.dispose();
  });

  it('returns the cam grid row by row', async () => {
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    const { size } = manifest.input;
    const { image, metadata } = inputsFor(manifest, 0);
    // The fake cam is the mean brightness of each 32 x 32 block, so a
    // white top-right block gives 1 in row 0, column 1 only.
    for (let y = 0; y < 32; y++) {
      for (let x = 32; x < 64; x++) {
        image.fill(255, (y * size + x) * 3, (y * size + x + 1) * 3);
      }
    }

    const { cam } = await model.predict(image, metadata);

    expect(cam?.rows).toBe(2);
    expect(cam?.columns).toBe(2);
    expect(cam?.values).toEqual([0, 1, 0, 0]);
    model.dispose();
  });

  it('leaves ood null for a model without it', async () => {
    const { manifest, artifacts } = await loadFake();
    const withoutOod = {
      ...manifest,
      outputs: { ...manifest.outputs, ood: null },
      ood: null,
    };
    const model = await LesionModel.load(artifacts, withoutOod);
    const { image, metadata } = inputsFor(manifest);
    expect((await model.predict(image, metadata)).ood).toBeNull();
    model.dispose();
  });

  it('keeps the tensor count level over analyses', async () => {
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    const { image, metadata } = inputsFor(manifest);
    await model.predict(image, metadata);
    const before = tf.memory().numTensors;

    for (let run = 0; run < LEAK_CHECK_RUNS; run++) {
      await model.predict(image, metadata);
    }

    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('frees its weights on dispose', async () => {
    const before = tf.memory().numTensors;
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('responds to the metadata input', async () => {
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    const { image, metadata } = inputsFor(manifest);
    const blank = await model.predict(image, metadata);
    metadata[manifest.metadata.age.missingIndex] = 1;
    const withMetadata = await model.predict(image, metadata);
    expect(withMetadata.malignant).not.toBe(blank.malignant);
    model.dispose();
  });

  it('fails at load on a wrong output shape', async () => {
    const before = tf.memory().numTensors;
    const { manifest, artifacts } = await loadFake({ classes: 5 });

    const error = await LesionModel.load(artifacts, manifest).catch(
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('output-shape');
    expect((error as ModelError).message).toBe(
      'Model output "diagnosis" has shape [1, 5], but the manifest ' +
        'requires [1, 7]',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects an image of the wrong size', async () => {
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    const { metadata } = inputsFor(manifest);

    await expect(
      model.predict(new Float32Array(10), metadata),
    ).rejects.toMatchObject({
      code: 'input-invalid',
      message: expect.stringMatching(/has 10 values, expected 12288/),
    });
    model.dispose();
  });

  it('rejects metadata of the wrong length', async () => {
    const { manifest, artifacts } = await loadFake();
    const model = await LesionModel.load(artifacts, manifest);
    const { image } = inputsFor(manifest);

    await expect(
      model.predict(image, new Float32Array(3)),
    ).rejects.toMatchObject({ code: 'input-invalid' });
    model.dispose();
  });
});

describe('checkOutputShape', () => {
  it('accepts a matching shape', () => {
    const tensor = tf.zeros([1, 7]);
    expect(() => checkOutputShape('diagnosis', tensor, [1, 7])).not.toThrow();
    tensor.dispose();
  });

  it('names the actual shape of a wrong rank', () => {
    const tensor = tf.zeros([1, 7, 1]);
    expect(() => checkOutputShape('diagnosis', tensor, [1, 7])).toThrow(
      /has shape \[1, 7, 1\], but the manifest requires \[1, 7\]/,
    );
    tensor.dispose();
  });
});
