// Runs an exported graph model with TensorFlow.js on the CPU backend and
// prints every named output as JSON. The Python export tests call this to
// compare TensorFlow.js against PyTorch.
//
// Usage: node test/model/run_graph.mjs MODEL_DIR IMAGES.f32 METADATA.json
//   IMAGES.f32     float32 little-endian NHWC pixels, 0-255
//   METADATA.json  {"shape": [N, S], "metadata": [[...], ...], "outputs": [...]}
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const [modelDir, imagesPath, requestPath] = process.argv.slice(2);
if (!modelDir || !imagesPath || !requestPath) {
  console.error('usage: run_graph.mjs MODEL_DIR IMAGES.f32 REQUEST.json');
  process.exit(2);
}

const modelJson = JSON.parse(readFileSync(join(modelDir, 'model.json')));
const manifest = modelJson.weightsManifest[0];
const shards = manifest.paths.map((p) => readFileSync(join(modelDir, p)));
const weights = Buffer.concat(shards);
const handler = tf.io.fromMemory({
  modelTopology: modelJson.modelTopology,
  weightSpecs: manifest.weights,
  weightData: weights.buffer.slice(
    weights.byteOffset,
    weights.byteOffset + weights.byteLength,
  ),
  signature: modelJson.signature,
});

await tf.setBackend('cpu');
const model = await tf.loadGraphModel(handler);
const request = JSON.parse(readFileSync(requestPath));
const raw = readFileSync(imagesPath);
const pixels = new Float32Array(
  raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength),
);
const image = tf.tensor(pixels, request.shape, 'float32');
const metadata = tf.tensor2d(request.metadata, undefined, 'float32');
const results = model.execute({ image, metadata }, request.outputs);
const list = Array.isArray(results) ? results : [results];
const out = {};
request.outputs.forEach((name, i) => {
  out[name] = { shape: list[i].shape, values: Array.from(list[i].dataSync()) };
});
process.stdout.write(JSON.stringify(out));
