// The served model, loaded with TensorFlow.js in Node, against the outputs
// PyTorch computed for the same 8 inputs when the model was exported
// (model/parity.py writes the fixture).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

const MODEL_DIR = 'public/model';
const FIXTURE_DIR = 'test/fixtures/parity';
const OUTPUTS = ['malignant', 'diagnosis', 'cam', 'ood'] as const;
type OutputName = (typeof OUTPUTS)[number];
// The exported graph against its own weights run op by op in PyTorch.
const GRAPH_TOLERANCE = 1e-3;
// Against the float32 PyTorch model, when the shipped weights are
// quantised.
const QUANTISED_TOLERANCE = 1e-2;

interface ParityFixture {
  cases: string[];
  shape: [number, number, number, number];
  metadata: number[][];
  quantization: string | null;
  pytorch: Record<OutputName, unknown>;
  graph: Record<OutputName, unknown>;
}

function loadModelFromDisk(dir: string): tf.io.IOHandler {
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const group = modelJson.weightsManifest[0];
  const weights = Buffer.concat(
    group.paths.map((path: string) => readFileSync(join(dir, path))),
  );
  return tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: group.weights,
    weightData: new Uint8Array(weights).buffer,
    signature: modelJson.signature,
  });
}

function flatten(values: unknown): number[] {
  return (values as number[]).flat(3) as number[];
}

/** Largest |actual - expected| divided by max(1, |expected|). */
function maxRelativeError(actual: Float32Array, expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  expected.forEach((value, i) => {
    const error = Math.abs((actual[i] ?? NaN) - value);
    worst = Math.max(worst, error / Math.max(1, Math.abs(value)));
  });
  return worst;
}

describe('shipped model parity with PyTorch', () => {
  let fixture: ParityFixture;
  const outputs = new Map<OutputName, Float32Array>();

  beforeAll(async () => {
    await tf.setBackend('cpu');
    fixture = JSON.parse(
      readFileSync(join(FIXTURE_DIR, 'expected.json'), 'utf8'),
    );
    const model = await tf.loadGraphModel(loadModelFromDisk(MODEL_DIR));
    const pixels = Float32Array.from(
      readFileSync(join(FIXTURE_DIR, 'images.u8')),
    );
    const image = tf.tensor4d(pixels, fixture.shape);
    const metadata = tf.tensor2d(fixture.metadata);
    const results = model.execute({ image, metadata }, [
      ...OUTPUTS,
    ]) as tf.Tensor[];
    OUTPUTS.forEach((name, i) => {
      outputs.set(name, results[i]?.dataSync() as Float32Array);
    });
    tf.dispose([image, metadata, ...results]);
    model.dispose();
  }, 120_000);

  it('covers eight inputs', () => {
    expect(fixture.cases).toHaveLength(8);
    expect(fixture.metadata).toHaveLength(8);
  });

  it.each(OUTPUTS)('%s matches the exported weights run in PyTorch', (name) => {
    const actual = outputs.get(name);
    expect(actual).toBeDefined();
    const error = maxRelativeError(actual!, flatten(fixture.graph[name]));
    expect(error).toBeLessThan(GRAPH_TOLERANCE);
  });

  it.each(['malignant', 'diagnosis'] as const)(
    '%s probabilities match the float32 PyTorch model',
    (name) => {
      const actual = outputs.get(name);
      expect(actual).toBeDefined();
      const tolerance =
        fixture.quantization === null ? GRAPH_TOLERANCE : QUANTISED_TOLERANCE;
      const error = maxRelativeError(actual!, flatten(fixture.pytorch[name]));
      expect(error).toBeLessThan(tolerance);
    },
  );

  it('stores weights in shards of at most 1 MiB', () => {
    const modelJson = JSON.parse(
      readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'),
    );
    for (const path of modelJson.weightsManifest[0].paths as string[]) {
      const bytes = readFileSync(join(MODEL_DIR, path)).length;
      expect(bytes).toBeLessThanOrEqual(1 << 20);
    }
  });
});
