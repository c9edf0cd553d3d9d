// A tiny TensorFlow.js graph model with the signature of
// docs/model-interface.md, written by hand, for tests that need a model but
// not a trained one. Its numbers mean nothing.
//
//   image [b, S, S, 3], metadata [b, L]
//   pooled     = mean over height and width of image / 255      [b, 3]
//   features   = concat(pooled, metadata)                       [b, 3 + L]
//   malignant  = sigmoid(features x W_m + b_m)                  [b, 1]
//   diagnosis  = softmax(features x W_d)                        [b, classes]
//   cam        = mean over channels of avgpool32(image / 255)   [b, S/32, S/32]
//   embedding  = pooled x W_e                                   [b, 1280]
//   ood        = sum of squares of embedding                    [b]
//
// Run as a script to write the files to a folder:
//   node test/helpers/fake-model.mjs OUT_DIR

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const HAM10000_SITES = [
  'abdomen',
  'acral',
  'back',
  'chest',
  'ear',
  'face',
  'foot',
  'genital',
  'hand',
  'lower extremity',
  'neck',
  'scalp',
  'trunk',
  'unknown',
  'upper extremity',
];

export const LABELS = ['akiec', 'bcc', 'bkl', 'df', 'mel', 'nv', 'vasc'];

export const LABEL_NAMES = {
  akiec: 'Actinic keratosis or intraepithelial carcinoma',
  bcc: 'Basal cell carcinoma',
  bkl: 'Benign keratosis',
  df: 'Dermatofibroma',
  mel: 'Melanoma',
  nv: 'Mole (melanocytic nevus)',
  vasc: 'Vascular lesion',
};

const EMBEDDING_SIZE = 1280;
const CAM_STRIDE = 32;

/**
 * OOD threshold of the fake manifest. The fake score of a mid-grey image
 * (all pixels 128) is about 305, and of an all-white one about 1210.
 */
export const OOD_THRESHOLD = 800;

/** Returns a manifest that follows the contract, without `files`. */
export function fakeManifestBody({ size = 64, version = '0.0.0-test' } = {}) {
  const sexValues = ['male', 'female', 'unknown'];
  return {
    name: 'oncoscan-fake',
    version,
    input: {
      name: 'image',
      size,
      channels: 3,
      range: [0, 255],
      layout: 'NHWC',
    },
    metadata: {
      name: 'metadata',
      length: 2 + sexValues.length + HAM10000_SITES.length,
      age: {
        index: 0,
        missingIndex: 1,
        mean: 51.9,
        std: 16.9,
        min: 0,
        max: 120,
      },
      sex: { offset: 2, values: sexValues },
      site: {
        offset: 5,
        values: HAM10000_SITES,
        displayNames: {
          'lower extremity': 'Leg',
          'upper extremity': 'Arm',
          acral: 'Palm or sole',
        },
      },
    },
    labels: LABELS,
    labelNames: LABEL_NAMES,
    malignantLabels: ['akiec', 'bcc', 'mel'],
    threshold: 0.3,
    operatingPoint: { sensitivity: 0.9, specificity: 0.7, auc: 0.9 },
    calibration: { method: 'temperature', malignant: 1, diagnosis: 1 },
    outputs: {
      malignant: { name: 'malignant', shape: [-1, 1] },
      diagnosis: { name: 'diagnosis', shape: [-1, LABELS.length] },
      cam: { name: 'cam', shape: [-1, size / CAM_STRIDE, size / CAM_STRIDE] },
      embedding: { name: 'embedding', shape: [-1, EMBEDDING_SIZE] },
      ood: { name: 'ood', shape: [-1] },
    },
    ood: { method: 'sum-of-squares', threshold: OOD_THRESHOLD, components: 0 },
    quantization: null,
  };
}

const base64 = (text) => Buffer.from(text).toString('base64');
const floatAttr = { type: 'DT_FLOAT' };

function node(name, op, input, attr = {}) {
  return { name, op, input, attr };
}

function placeholder(name, dims) {
  return node(name, 'Placeholder', [], {
    dtype: floatAttr,
    shape: { shape: { dim: dims.map((size) => ({ size: String(size) })) } },
  });
}

function constant(name, dtype) {
  return node(name, 'Const', [], { dtype: { type: dtype } });
}

/** Deterministic pseudo-random weights in [-1, 1). */
function weights(count, seed) {
  const values = new Float32Array(count);
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values[i] = state / 1073741824 - 1;
  }
  return values;
}

/**
 * Builds the model files. `classes` changes the width of the diagnosis
 * output, to test the shape check.
 */
export function buildFakeModel({
  size = 64,
  classes = LABELS.length,
  version,
} = {}) {
  const body = fakeManifestBody({ size, version });
  const metadataLength = body.metadata.length;
  const featureCount = 3 + metadataLength;

  const weightList = [
    {
      name: 'scale',
      shape: [],
      dtype: 'float32',
      data: Float32Array.of(1 / 255),
    },
    {
      name: 'spatial_axes',
      shape: [2],
      dtype: 'int32',
      data: Int32Array.of(1, 2),
    },
    {
      name: 'channel_axis',
      shape: [1],
      dtype: 'int32',
      data: Int32Array.of(3),
    },
    {
      name: 'feature_axis',
      shape: [1],
      dtype: 'int32',
      data: Int32Array.of(1),
    },
    { name: 'concat_axis', shape: [], dtype: 'int32', data: Int32Array.of(1) },
    {
      name: 'w_malignant',
      shape: [featureCount, 1],
      dtype: 'float32',
      data: weights(featureCount, 1),
    },
    {
      name: 'b_malignant',
      shape: [1],
      dtype: 'float32',
      data: Float32Array.of(-0.5),
    },
    {
      name: 'w_diagnosis',
      shape: [featureCount, classes],
      dtype: 'float32',
      data: weights(featureCount * classes, 2),
    },
    {
      name: 'w_embedding',
      shape: [3, EMBEDDING_SIZE],
      dtype: 'float32',
      data: weights(3 * EMBEDDING_SIZE, 3),
    },
  ];

  const matMul = {
    T: floatAttr,
    transpose_a: { b: false },
    transpose_b: { b: false },
  };
  const nodes = [
    placeholder('image', [-1, size, size, 3]),
    placeholder('metadata', [-1, metadataLength]),
    constant('scale', 'DT_FLOAT'),
    constant('spatial_axes', 'DT_INT32'),
    constant('channel_axis', 'DT_INT32'),
    constant('feature_axis', 'DT_INT32'),
    constant('concat_axis', 'DT_INT32'),
    constant('w_malignant', 'DT_FLOAT'),
    constant('b_malignant', 'DT_FLOAT'),
    constant('w_diagnosis', 'DT_FLOAT'),
    constant('w_embedding', 'DT_FLOAT'),
    node('scaled', 'Mul', ['image', 'scale'], { T: floatAttr }),
    node('pooled', 'Mean', ['scaled', 'spatial_axes'], {
      keep_dims: { b: false },
    }),
    node('features', 'ConcatV2', ['pooled', 'metadata', 'concat_axis'], {
      N: { i: '2' },
    }),
    node('malignant_logit', 'MatMul', ['features', 'w_malignant'], matMul),
    node('malignant_biased', 'AddV2', ['malignant_logit', 'b_malignant'], {
      T: floatAttr,
    }),
    node('malignant', 'Sigmoid', ['malignant_biased'], { T: floatAttr }),
    node('diagnosis_logits', 'MatMul', ['features', 'w_diagnosis'], matMul),
    node('diagnosis', 'Softmax', ['diagnosis_logits'], { T: floatAttr }),
    node('cells', 'AvgPool', ['scaled'], {
      ksize: {
        list: { i: ['1', String(CAM_STRIDE), String(CAM_STRIDE), '1'] },
      },
      strides: {
        list: { i: ['1', String(CAM_STRIDE), String(CAM_STRIDE), '1'] },
      },
      padding: { s: base64('VALID') },
      data_format: { s: base64('NHWC') },
      T: floatAttr,
    }),
    node('cam', 'Mean', ['cells', 'channel_axis'], { keep_dims: { b: false } }),
    node('embedding', 'MatMul', ['pooled', 'w_embedding'], matMul),
    node('embedding_squared', 'Square', ['embedding'], { T: floatAttr }),
    node('ood', 'Sum', ['embedding_squared', 'feature_axis'], {
      keep_dims: { b: false },
    }),
  ];

  const shard = Buffer.concat(
    weightList.map((w) =>
      Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength),
    ),
  );
  const shardName = 'group1-shard1of1.bin';
  const modelJson = {
    format: 'graph-model',
    generatedBy: 'test/helpers/fake-model.mjs',
    convertedBy: null,
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [
      {
        paths: [shardName],
        weights: weightList.map(({ name, shape, dtype }) => ({
          name,
          shape,
          dtype,
        })),
      },
    ],
  };

  const files = new Map([
    ['model.json', Buffer.from(JSON.stringify(modelJson))],
    [shardName, shard],
  ]);
  const sha256 = (data) => createHash('sha256').update(data).digest('hex');
  const listed = [...files].map(([path, data]) => ({
    path,
    bytes: data.byteLength,
    sha256: sha256(data),
  }));
  const manifest = {
    ...body,
    contentHash: sha256(Buffer.concat([...files.values()])),
    files: listed,
  };
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  return { manifest, files };
}

/** Returns the file's bytes as an ArrayBuffer of its own. */
export function toArrayBuffer(data) {
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
}

async function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('Usage: node test/helpers/fake-model.mjs OUT_DIR');
    process.exit(2);
  }
  const { files } = buildFakeModel();
  await mkdir(outDir, { recursive: true });
  for (const [path, data] of files) {
    await writeFile(join(outDir, path), data);
  }
  console.log(`wrote the fake model to ${outDir}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
