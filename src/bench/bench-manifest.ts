/**
 * Manifests of the models the bench page loads. A manifest that follows
 * docs/model-interface.md is parsed as the app parses it. The first
 * design's network, written by model/baseline_resnet50.py, has one output,
 * `malignant`, and no labels, so its manifest is first completed with the
 * fields the model runtime requires, and then the same parser checks it.
 */

import { parseManifest } from '../model/parse-manifest';
import type { ModelManifest } from '../shared/manifest';

/** Name of the only output of a single-output model. */
const MALIGNANT_OUTPUT = 'malignant';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tells whether `json` describes a model whose only output is `malignant`. */
export function isSingleOutputManifest(json: unknown): json is Json {
  if (!isObject(json) || json.labels !== undefined) {
    return false;
  }
  const outputs = json.outputs;
  return isObject(outputs) && Object.keys(outputs).join() === MALIGNANT_OUTPUT;
}

/**
 * Adds what the contract parser requires to a single-output manifest:
 * every output names the `malignant` node. Threshold and operating point
 * are placeholders, because the bench page shows no result.
 */
export function completeSingleOutputManifest(json: Json): Json {
  const outputs = json.outputs as Json;
  const malignant = outputs[MALIGNANT_OUTPUT];
  const nodeName = isObject(malignant) ? malignant.name : malignant;
  return {
    ...json,
    labels: [MALIGNANT_OUTPUT],
    labelNames: { [MALIGNANT_OUTPUT]: 'Malignant' },
    malignantLabels: [MALIGNANT_OUTPUT],
    threshold: 0.5,
    operatingPoint: { sensitivity: 0, specificity: 0, auc: 0 },
    outputs: {
      malignant,
      diagnosis: malignant,
      cam: nodeName,
      embedding: nodeName,
    },
  };
}

/**
 * Validates a bench model's `manifest.json` and returns it typed.
 * `LesionModel` fetches the `diagnosis` and `cam` outputs too, so for a
 * single-output model both name the `malignant` node with its `[-1, 1]`
 * shape, and each analysis reads that 1-value tensor back three times.
 * That cam shape breaks the contract, so it is set after parsing, and the
 * cam grid of such a prediction means nothing.
 */
export function parseBenchManifest(json: unknown): ModelManifest {
  if (!isSingleOutputManifest(json)) {
    return parseManifest(json);
  }
  const manifest = parseManifest(completeSingleOutputManifest(json));
  const { malignant } = manifest.outputs;
  return {
    ...manifest,
    outputs: { ...manifest.outputs, diagnosis: malignant, cam: malignant },
  };
}
