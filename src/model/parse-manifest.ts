/**
 * Validation of `manifest.json` against docs/model-interface.md, so a model
 * that breaks the contract fails at load with the field at fault, not later
 * with a wrong result.
 */

import { ModelError } from '../shared/errors';
import type {
  AgeEncoding,
  CategoricalEncoding,
  MetadataEncoding,
  ModelFile,
  ModelManifest,
  ModelOutputSpec,
  ModelOutputs,
  OodSpec,
  SiteEncoding,
} from '../shared/manifest';

/** Graph input names the contract uses when the manifest names none. */
const DEFAULT_INPUT_NAMES = { image: 'image', metadata: 'metadata' };

/** Batch dimension in manifest shapes. */
const BATCH = -1;

/** A dimension of a contract shape that any positive size matches. */
const ANY_SIZE = 0;

function matchesDimension(dim: unknown, expected: number): boolean {
  if (expected === ANY_SIZE) {
    return Number.isInteger(dim) && (dim as number) > 0;
  }
  return dim === expected;
}

type Json = Record<string, unknown>;

function fail(path: string, expected: string, value: unknown): never {
  const actual = JSON.stringify(value) ?? String(value);
  throw new ModelError(
    'manifest-invalid',
    `Model manifest field "${path}" must be ${expected}, got ${actual}`,
  );
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(path, 'an object', value);
  }
  return value as Json;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    fail(path, 'a non-empty string', value);
  }
  return value;
}

function number(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, 'a finite number', value);
  }
  return value;
}

function index(value: unknown, path: string, length: number): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    fail(path, 'a non-negative integer', value);
  }
  if ((value as number) >= length) {
    fail(path, `below metadata.length (${length})`, value);
  }
  return value as number;
}

function probability(value: unknown, path: string): number {
  const p = number(value, path);
  if (p < 0 || p > 1) {
    fail(path, 'a number from 0 to 1', value);
  }
  return p;
}

function strings(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail(path, 'a non-empty array of strings', value);
  }
  return value.map((item, i) => string(item, `${path}[${i}]`));
}

function parseFiles(value: unknown): ModelFile[] {
  if (!Array.isArray(value) || value.length === 0) {
    fail('files', 'a non-empty array', value);
  }
  const files = value.map((item, i) => {
    const file = object(item, `files[${i}]`);
    const bytes = number(file.bytes, `files[${i}].bytes`);
    if (!Number.isInteger(bytes) || bytes <= 0) {
      fail(`files[${i}].bytes`, 'a positive integer', bytes);
    }
    const sha256 = string(file.sha256, `files[${i}].sha256`).toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) {
      fail(`files[${i}].sha256`, '64 hexadecimal digits', file.sha256);
    }
    const path = string(file.path, `files[${i}].path`);
    if (path.includes('..') || path.startsWith('/') || path.includes(':')) {
      fail(`files[${i}].path`, 'a path inside the model folder', path);
    }
    return { path, bytes, sha256 };
  });
  if (!files.some((file) => file.path === 'model.json')) {
    fail('files', 'a list that includes model.json', value);
  }
  return files;
}

function parseCategorical(
  value: unknown,
  path: string,
  length: number,
): CategoricalEncoding {
  const field = object(value, path);
  const offset = index(field.offset, `${path}.offset`, length);
  const values = strings(field.values, `${path}.values`);
  if (!values.includes('unknown')) {
    fail(`${path}.values`, 'a list that includes "unknown"', values);
  }
  if (offset + values.length > length) {
    fail(`${path}.values`, `no longer than ${length - offset}`, values);
  }
  return { offset, values };
}

function parseAge(value: unknown, length: number): AgeEncoding {
  const age = object(value, 'metadata.age');
  const std = number(age.std, 'metadata.age.std');
  if (std <= 0) {
    fail('metadata.age.std', 'a positive number', std);
  }
  const min = number(age.min, 'metadata.age.min');
  const max = number(age.max, 'metadata.age.max');
  if (max <= min) {
    fail('metadata.age.max', `greater than metadata.age.min (${min})`, max);
  }
  return {
    index: index(age.index, 'metadata.age.index', length),
    missingIndex: index(age.missingIndex, 'metadata.age.missingIndex', length),
    mean: number(age.mean, 'metadata.age.mean'),
    std,
    min,
    max,
  };
}

function parseMetadata(value: unknown): MetadataEncoding {
  const metadata = object(value, 'metadata');
  const length = number(metadata.length, 'metadata.length');
  if (!Number.isInteger(length) || length <= 0) {
    fail('metadata.length', 'a positive integer', length);
  }
  const age = parseAge(metadata.age, length);
  const sex = parseCategorical(metadata.sex, 'metadata.sex', length);
  const siteField = object(metadata.site, 'metadata.site');
  const siteCodes = parseCategorical(siteField, 'metadata.site', length);
  const displayNames = object(
    siteField.displayNames ?? {},
    'metadata.site.displayNames',
  );
  const site: SiteEncoding = {
    ...siteCodes,
    displayNames: Object.fromEntries(
      siteCodes.values.map((code) => [
        code,
        typeof displayNames[code] === 'string'
          ? (displayNames[code] as string)
          : code,
      ]),
    ),
  };

  // Every slot may be used by one field only.
  const slots = [
    age.index,
    age.missingIndex,
    ...sex.values.map((_, i) => sex.offset + i),
    ...site.values.map((_, i) => site.offset + i),
  ];
  const seen = new Set<number>();
  for (const slot of slots) {
    if (seen.has(slot)) {
      fail('metadata', 'a layout where no two fields share a slot', slot);
    }
    seen.add(slot);
  }
  const name =
    metadata.name === undefined
      ? DEFAULT_INPUT_NAMES.metadata
      : string(metadata.name, 'metadata.name');
  return { name, length, age, sex, site };
}

function parseLabelNames(
  value: unknown,
  labels: string[],
): Record<string, string> {
  // The contract defines labelNames only as "plain-language name of each
  // code", so both a list in label order and an object keyed by code work.
  if (Array.isArray(value)) {
    const names = strings(value, 'labelNames');
    if (names.length !== labels.length) {
      fail('labelNames', `${labels.length} names, one per label`, value);
    }
    return Object.fromEntries(labels.map((code, i) => [code, names[i]!]));
  }
  const names = object(value, 'labelNames');
  return Object.fromEntries(
    labels.map((code) => [code, string(names[code], `labelNames.${code}`)]),
  );
}

/**
 * Reads one output entry: `{ name, shape }`, or a bare node name, which
 * takes `contractShape`.
 */
function parseOutput(
  value: unknown,
  key: string,
  contractShape: number[],
): ModelOutputSpec {
  const path = `outputs.${key}`;
  if (typeof value === 'string') {
    return { name: string(value, path), shape: contractShape };
  }
  const output = object(value, path);
  const name = string(output.name, `${path}.name`);
  const shape = output.shape ?? contractShape;
  const valid =
    Array.isArray(shape) &&
    shape.length === contractShape.length &&
    shape.every((dim, i) => matchesDimension(dim, contractShape[i]!));
  if (!valid) {
    fail(`${path}.shape`, `of the form [${contractShape.join(', ')}]`, shape);
  }
  return { name, shape: shape as number[] };
}

function parseOutputs(
  value: unknown,
  labelCount: number,
  size: number,
): ModelOutputs {
  const outputs = object(value, 'outputs');
  const cells = size / 32;
  return {
    malignant: parseOutput(outputs.malignant, 'malignant', [BATCH, 1]),
    diagnosis: parseOutput(outputs.diagnosis, 'diagnosis', [
      BATCH,
      labelCount,
    ]),
    cam: parseOutput(outputs.cam, 'cam', [BATCH, cells, cells]),
    embedding: parseOutput(outputs.embedding, 'embedding', [BATCH, ANY_SIZE]),
    ood:
      outputs.ood === undefined
        ? null
        : parseOutput(outputs.ood, 'ood', [BATCH]),
  };
}

function parseOod(value: unknown): OodSpec | null {
  if (value === undefined || value === null) {
    return null;
  }
  const ood = object(value, 'ood');
  return {
    method: string(ood.method, 'ood.method'),
    threshold: number(ood.threshold, 'ood.threshold'),
  };
}

/** Validates parsed `manifest.json` and returns it typed. */
export function parseManifest(json: unknown): ModelManifest {
  const root = object(json, '(root)');

  const input = object(root.input, 'input');
  const size = number(input.size, 'input.size');
  if (!Number.isInteger(size) || size < 32 || size % 32 !== 0) {
    fail('input.size', 'a positive multiple of 32', size);
  }
  if (input.channels !== 3) {
    fail('input.channels', '3', input.channels);
  }
  const range = input.range;
  if (!Array.isArray(range) || range[0] !== 0 || range[1] !== 255) {
    fail('input.range', '[0, 255]', range);
  }
  if (input.layout !== 'NHWC') {
    fail('input.layout', '"NHWC"', input.layout);
  }

  const labels = strings(root.labels, 'labels');
  const malignantLabels = strings(root.malignantLabels, 'malignantLabels');
  for (const code of malignantLabels) {
    if (!labels.includes(code)) {
      fail('malignantLabels', `codes from labels (${labels.join(', ')})`, code);
    }
  }

  const operatingPoint = object(root.operatingPoint, 'operatingPoint');
  const outputs = parseOutputs(root.outputs, labels.length, size);
  const ood = parseOod(root.ood);
  if (outputs.ood && !ood) {
    fail('ood', 'an object with the threshold of the ood output', root.ood);
  }
  const quantization = root.quantization ?? null;
  if (
    quantization !== null &&
    quantization !== 'float16' &&
    quantization !== 'uint8'
  ) {
    fail('quantization', '"float16", "uint8" or null', quantization);
  }

  return {
    name: string(root.name, 'name'),
    version: string(root.version, 'version'),
    contentHash: string(root.contentHash, 'contentHash'),
    files: parseFiles(root.files),
    input: {
      name:
        input.name === undefined
          ? DEFAULT_INPUT_NAMES.image
          : string(input.name, 'input.name'),
      size,
      channels: 3,
      range: [0, 255],
      layout: 'NHWC',
    },
    metadata: parseMetadata(root.metadata),
    labels,
    labelNames: parseLabelNames(root.labelNames, labels),
    malignantLabels,
    threshold: probability(root.threshold, 'threshold'),
    operatingPoint: {
      sensitivity: probability(
        operatingPoint.sensitivity,
        'operatingPoint.sensitivity',
      ),
      specificity: probability(
        operatingPoint.specificity,
        'operatingPoint.specificity',
      ),
      auc: probability(operatingPoint.auc, 'operatingPoint.auc'),
    },
    outputs,
    ood: outputs.ood ? ood : null,
    quantization,
  };
}
