import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  completeSingleOutputManifest,
  isSingleOutputManifest,
  parseBenchManifest,
} from '../../../src/bench/bench-manifest';
import { toModelArtifacts } from '../../../src/model/download';
import { LesionModel } from '../../../src/model/engine';
import { parseManifest } from '../../../src/model/parse-manifest';
import { buildFakeModel, toArrayBuffer } from '../../helpers/fake-model.mjs';

/**
 * Returns the fake model's manifest cut down to what
 * model/baseline_resnet50.py writes: files, input and metadata, and one
 * `malignant` output.
 */
function singleOutputManifest() {
  const { manifest, files } = buildFakeModel();
  return {
    files,
    json: {
      name: 'first-design-resnet50-random',
      version: 'baseline',
      contentHash: manifest.contentHash,
      files: manifest.files,
      downloadBytes: manifest.downloadBytes,
      input: manifest.input,
      metadata: manifest.metadata,
      outputs: { malignant: { name: 'malignant', shape: [-1, 1] } },
      note: 'random weights; for cost measurements only',
    } as Record<string, unknown>,
  };
}

describe('isSingleOutputManifest', () => {
  it('accepts the first design manifest', () => {
    expect(isSingleOutputManifest(singleOutputManifest().json)).toBe(true);
  });

  it('rejects a contract manifest', () => {
    expect(isSingleOutputManifest(buildFakeModel().manifest)).toBe(false);
  });

  it.each([null, [], 'manifest', { outputs: {} }])('rejects %j', (json) => {
    expect(isSingleOutputManifest(json)).toBe(false);
  });
});

describe('parseBenchManifest', () => {
  it('parses a contract manifest as the app does', () => {
    const { manifest } = buildFakeModel();

    expect(parseBenchManifest(manifest)).toEqual(parseManifest(manifest));
  });

  it('points diagnosis at the malignant node', () => {
    const manifest = parseBenchManifest(singleOutputManifest().json);

    expect(manifest.outputs.malignant).toEqual({
      name: 'malignant',
      shape: [-1, 1],
    });
    expect(manifest.outputs.diagnosis).toEqual(manifest.outputs.malignant);
    expect(manifest.outputs.cam).toEqual(manifest.outputs.malignant);
    expect(manifest.outputs.ood).toBeNull();
    expect(manifest.labels).toEqual(['malignant']);
  });

  it('keeps files, input and metadata', () => {
    const { json } = singleOutputManifest();

    const manifest = parseBenchManifest(json);

    expect(manifest.files).toEqual(json.files);
    expect(manifest.version).toBe('baseline');
    expect(manifest.input.name).toBe('image');
    expect(manifest.metadata.length).toBe(20);
  });

  it('still rejects invalid files', () => {
    const { json } = singleOutputManifest();
    json.files = [];

    expect(() => parseBenchManifest(json)).toThrow(/"files"/);
  });

  it('accepts a bare output node name', () => {
    const { json } = singleOutputManifest();
    json.outputs = { malignant: 'malignant' };

    const manifest = parseBenchManifest(json);

    expect(manifest.outputs.diagnosis.name).toBe('malignant');
    expect(completeSingleOutputManifest(json).outputs).toMatchObject({
      cam: 'malignant',
      embedding: 'malignant',
    });
  });
});

describe('single-output model in LesionModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('returns malignant as its diagnosis', async () => {
    const { json, files } = singleOutputManifest();
    const manifest = parseBenchManifest(json);
    const artifacts = await toModelArtifacts(
      new Map([...files].map(([path, data]) => [path, toArrayBuffer(data)])),
    );
    const model = await LesionModel.load(artifacts, manifest);
    const { size } = manifest.input;
    const before = tf.memory().numTensors;

    const prediction = await model.predict(
      new Float32Array(size * size * 3).fill(100),
      new Float32Array(manifest.metadata.length),
    );

    expect(prediction.malignant).toBeGreaterThan(0);
    expect(prediction.malignant).toBeLessThan(1);
    expect(prediction.diagnosis).toEqual([prediction.malignant]);
    expect(prediction.cam?.values).toEqual([prediction.malignant]);
    expect(prediction.ood).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
