/**
 * Model files in memory to TensorFlow.js artifacts, with no browser API,
 * so the app and the Node predictor load the model the same way.
 */

import { io } from '@tensorflow/tfjs-core';

import { ModelError } from '../shared/errors';

/** Returns lower-case hex SHA-256 of `data`. */
export async function sha256Hex(data: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return Array.from(new Uint8Array(digest), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}

/** Builds TensorFlow.js model artifacts from model files keyed by path. */
export async function toModelArtifacts(
  files: Map<string, ArrayBuffer>,
): Promise<io.ModelArtifacts> {
  const modelJsonData = files.get('model.json');
  if (!modelJsonData) {
    throw new ModelError('model-invalid', 'model.json was not downloaded');
  }
  let modelJson: io.ModelJSON;
  try {
    modelJson = JSON.parse(new TextDecoder().decode(modelJsonData));
  } catch (error) {
    throw ModelError.wrap(error, 'model-invalid', 'model.json is not JSON');
  }
  if (modelJson.format !== 'graph-model' || !modelJson.modelTopology) {
    throw new ModelError(
      'model-invalid',
      `model.json must be a TensorFlow.js graph model, got format ` +
        `"${modelJson.format}"`,
    );
  }

  return io.getModelArtifactsForJSON(modelJson, async (weightsManifest) => {
    const specs: io.WeightsManifestEntry[] = [];
    const buffers: ArrayBuffer[] = [];
    for (const group of weightsManifest) {
      specs.push(...group.weights);
      for (const path of group.paths) {
        const shard = files.get(path);
        if (!shard) {
          throw new ModelError(
            'model-invalid',
            `model.json lists weight shard ${path}, which the manifest ` +
              'does not include',
          );
        }
        buffers.push(shard);
      }
    }
    return [specs, io.concatenateArrayBuffers(buffers)];
  });
}
