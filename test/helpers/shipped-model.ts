/**
 * The model in public/model/, loaded in Node through the app's own
 * download and loading code, on the TensorFlow.js CPU backend.
 */

import '@tensorflow/tfjs-backend-cpu';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';

import { downloadModelFiles, toModelArtifacts } from '../../src/model/download';
import { LesionModel } from '../../src/model/engine';
import { loadManifest } from '../../src/model/load-manifest';
import type { RgbaImage } from '../../src/preprocess/images';
import type { ModelManifest } from '../../src/shared/manifest';

const MODEL_FOLDER = new URL('../../public/model/', import.meta.url);
const MODEL_BASE_URL = 'http://127.0.0.1/model/';

/** Serves `MODEL_BASE_URL` from public/model/ on disk, in place of `fetch`. */
const readModelFile = (async (input: RequestInfo | URL) => {
  const path = String(input).slice(MODEL_BASE_URL.length);
  try {
    return new Response(await readFile(new URL(path, MODEL_FOLDER)));
  } catch {
    return new Response('not found', { status: 404 });
  }
}) as typeof fetch;

/**
 * Checks whether public/model/ holds a smoke run (version `x.y.z-smoke`),
 * whose out-of-distribution reference is fitted on a few dozen images, too
 * few to tell lesions from other photos. False when the model is missing.
 */
export function isSmokeModel(): boolean {
  const path = new URL('manifest.json', MODEL_FOLDER);
  if (!existsSync(path)) {
    return false;
  }
  const { version } = JSON.parse(readFileSync(path, 'utf8')) as {
    version: string;
  };
  return /-smoke\b/.test(version);
}

export async function loadShippedModel(): Promise<{
  manifest: ModelManifest;
  model: LesionModel;
}> {
  if (!existsSync(new URL('manifest.json', MODEL_FOLDER))) {
    throw new Error(
      'public/model/manifest.json not found: the shipped model is missing. ' +
        'model/export.py writes it.',
    );
  }
  await tf.setBackend('cpu');
  const options = { fetchFunction: readModelFile, cacheStorage: null };
  const manifest = await loadManifest(MODEL_BASE_URL, options);
  const files = await downloadModelFiles(MODEL_BASE_URL, manifest, options);
  const model = await LesionModel.load(await toModelArtifacts(files), manifest);
  return { manifest, model };
}

/** Decodes a photo to RGBA with libvips, applying its EXIF orientation. */
export async function decodeWithSharp(path: string): Promise<RgbaImage> {
  const { data, info } = await sharp(path)
    .rotate()
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
