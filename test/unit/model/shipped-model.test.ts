/**
 * The model in public/model/ against the app: its manifest, file hashes,
 * input names and output shapes, on the TensorFlow.js CPU backend.
 */

import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LesionModel } from '../../../src/model/engine';
import {
  encodeMetadata,
  UNKNOWN_PATIENT,
} from '../../../src/preprocess/metadata';
import { toModelInput } from '../../../src/preprocess/model-input';
import type { ModelManifest } from '../../../src/shared/manifest';
import {
  decodeWithSharp,
  loadShippedModel,
} from '../../helpers/shipped-model';

const PHOTO = fileURLToPath(
  new URL('../../fixtures/images/ISIC_0025964.jpg', import.meta.url),
);

/** Maximum distance of the 7 diagnosis probabilities' sum from 1. */
const SOFTMAX_SUM_TOLERANCE = 1e-4;

/** Analyses in the tensor-leak check. */
const LEAK_CHECK_RUNS = 3;

describe('shipped model in the app pipeline', () => {
  let manifest: ModelManifest;
  let model: LesionModel;
  let image: Float32Array;

  beforeAll(async () => {
    ({ manifest, model } = await loadShippedModel());
    image = toModelInput(await decodeWithSharp(PHOTO), manifest.input.size);
  }, 120_000);

  afterAll(() => {
    model?.dispose();
  });

  it('lists the seven HAM10000 diagnoses', () => {
    expect(manifest.labels).toEqual([
      'akiec',
      'bcc',
      'bkl',
      'df',
      'mel',
      'nv',
      'vasc',
    ]);
    expect(manifest.malignantLabels).toEqual(['akiec', 'bcc', 'mel']);
  });

  it('returns probabilities for a fixture photo', async () => {
    const metadata = encodeMetadata(manifest.metadata, UNKNOWN_PATIENT);
    const prediction = await model.predict(image, metadata);

    expect(prediction.malignant).toBeGreaterThanOrEqual(0);
    expect(prediction.malignant).toBeLessThanOrEqual(1);
    expect(prediction.diagnosis).toHaveLength(7);
    const sum = prediction.diagnosis.reduce((total, p) => total + p, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(SOFTMAX_SUM_TOLERANCE);
    if (manifest.ood) {
      expect(Number.isFinite(prediction.ood)).toBe(true);
    }
  }, 60_000);

  it('keeps the tensor count level over analyses', async () => {
    const metadata = encodeMetadata(manifest.metadata, {
      age: 40,
      sex: 'female',
      site: 'chest',
    });
    await model.predict(image, metadata);
    const before = tf.memory().numTensors;

    for (let run = 0; run < LEAK_CHECK_RUNS; run++) {
      await model.predict(image, metadata);
    }

    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});
