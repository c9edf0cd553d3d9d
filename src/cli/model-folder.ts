/**
 * The exported model read from a folder on disk and loaded with the app's
 * own manifest validation and graph loader, on a TensorFlow.js backend
 * that runs in Node with no browser and no network.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { sha256Hex, toModelArtifacts } from '../model/artifacts';
import { activateBackend } from '../model/backends';
import { LesionModel } from '../model/engine';
import { parseManifest } from '../model/parse-manifest';
import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import { errorMessage, UsageError } from './errors';
import type { CliBackend } from './options';

/** The manifest's file name, as `model/export.py` writes it. */
const MANIFEST_FILE = 'manifest.json';

/**
 * Folder of the WASM backend's `.wasm` binaries inside node_modules, with
 * a trailing separator, as `setWasmPaths` expects.
 */
export function wasmBinaryFolder(): string {
  const require = createRequire(import.meta.url);
  const binary =
    require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  return `${dirname(binary)}/`;
}

/** Reads and validates `manifest.json` in `folder`. */
export async function readManifest(folder: string): Promise<ModelManifest> {
  const path = join(folder, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `No model at ${folder}: reading ${path} failed ` +
        `(${errorMessage(error)}). Give --model the folder that ` +
        'model/export.py wrote, with model.json and manifest.json.',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw ModelError.wrap(error, 'manifest-invalid', `${path} is not JSON`);
  }
  return parseManifest(json);
}

/**
 * Reads every file the manifest lists and checks its size and SHA-256,
 * so a partly copied model fails here rather than giving wrong results.
 */
async function readModelFiles(
  folder: string,
  manifest: ModelManifest,
): Promise<Map<string, ArrayBuffer>> {
  const files = new Map<string, ArrayBuffer>();
  for (const file of manifest.files) {
    const path = join(folder, file.path);
    let data: ArrayBuffer;
    try {
      const bytes = await readFile(path);
      data = bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer;
    } catch (error) {
      throw ModelError.wrap(
        error,
        'model-invalid',
        `Reading model file ${path} failed`,
      );
    }
    const sha256 = await sha256Hex(data);
    if (data.byteLength !== file.bytes || sha256 !== file.sha256) {
      throw new ModelError(
        'integrity-failed',
        `Model file ${path} is ${data.byteLength} bytes with SHA-256 ` +
          `${sha256}, but manifest.json lists ${file.bytes} bytes with ` +
          `${file.sha256}. Copy or export the model folder again.`,
      );
    }
    files.set(file.path, data);
  }
  return files;
}

/**
 * Loads the model in `folder`, whose manifest was read with
 * `readManifest`, on `backend`, and runs it once to compile its kernels.
 */
export async function loadModelFolder(
  folder: string,
  manifest: ModelManifest,
  backend: CliBackend,
): Promise<LesionModel> {
  const artifacts = await toModelArtifacts(
    await readModelFiles(folder, manifest),
  );
  await activateBackend([backend], { wasmBaseUrl: wasmBinaryFolder() });
  return LesionModel.load(artifacts, manifest);
}
