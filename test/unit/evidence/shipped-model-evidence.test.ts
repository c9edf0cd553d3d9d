/**
 * The heatmap and the out-of-distribution flag with the model in
 * public/model/, on the TensorFlow.js CPU backend: the heatmap follows the
 * lesion when it moves, and photos that are not lesions are flagged.
 */

import { fileURLToPath } from 'node:url';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { camHeatmap, type Heatmap } from '../../../src/evidence/heatmap';
import type { LesionModel } from '../../../src/model/engine';
import type { RgbaImage } from '../../../src/preprocess/images';
import {
  encodeMetadata,
  UNKNOWN_PATIENT,
} from '../../../src/preprocess/metadata';
import { toModelInput } from '../../../src/preprocess/model-input';
import { isOutOfDistribution } from '../../../src/result/interpret';
import type { ModelManifest } from '../../../src/shared/manifest';
import type { Prediction } from '../../../src/shared/messages';
import { borderColour, toRgba } from '../../helpers/bad-photos.mjs';
import { NON_LESION_PHOTOS } from '../../helpers/non-lesion';
import { isSmokeModel, loadShippedModel } from '../../helpers/shipped-model';

const FIXTURES = ['ISIC_0025964', 'ISIC_0024698', 'ISIC_0028155'].map((name) =>
  fileURLToPath(new URL(`../../fixtures/images/${name}.jpg`, import.meta.url)),
);

/** Smoke runs cannot tell lesions from other photos yet. */
const SMOKE_MODEL = isSmokeModel();

describe('shipped model evidence', () => {
  let manifest: ModelManifest;
  let model: LesionModel;

  beforeAll(async () => {
    ({ manifest, model } = await loadShippedModel());
  }, 120_000);

  afterAll(() => {
    model?.dispose();
  });

  function analyse(pixels: RgbaImage): Promise<Prediction> {
    return model.predict(
      toModelInput(pixels, manifest.input.size),
      encodeMetadata(manifest.metadata, UNKNOWN_PATIENT),
    );
  }

  /** Heatmap over the photo's shown square: its centred square. */
  function heatmapOf(prediction: Prediction, pixels: RgbaImage): Heatmap {
    const side = Math.min(pixels.width, pixels.height);
    return camHeatmap(prediction.cam!, side, side);
  }

  it('gives a normalised heatmap of the photo shape', async () => {
    for (const path of FIXTURES) {
      const pixels = await toRgba(sharp(path));
      const heatmap = heatmapOf(await analyse(pixels), pixels);
      const side = Math.min(pixels.width, pixels.height);

      expect(heatmap.width).toBe(side);
      expect(heatmap.height).toBe(side);
      expect(heatmap.data).toHaveLength(side * side);
      expect(heatmap.data.every(Number.isFinite)).toBe(true);
      expect(Math.min(...heatmap.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...heatmap.data)).toBe(heatmap.peak ? 1 : 0);
    }
  }, 60_000);

  it('moves the heatmap peak with the lesion', async () => {
    // The fixture with the strongest evidence toward malignant, because a
    // map with no positive cell has no peak to follow.
    const evidence = await Promise.all(
      FIXTURES.map(async (path) => {
        const prediction = await analyse(await toRgba(sharp(path)));
        return { path, strength: Math.max(...prediction.cam!.values) };
      }),
    );
    const { path, strength } = evidence.reduce((a, b) =>
      b.strength > a.strength ? b : a,
    );
    expect(
      strength,
      'no fixture has evidence toward malignant',
    ).toBeGreaterThan(0);

    // The lesion's centred square in one corner of a frame twice its size,
    // on the skin colour of the photo's border.
    const { width, height } = await sharp(path).metadata();
    const side = Math.min(width, height);
    const square = await sharp(path)
      .extract({
        left: Math.floor((width - side) / 2),
        top: Math.floor((height - side) / 2),
        width: side,
        height: side,
      })
      .toBuffer();
    const background = await borderColour(await sharp(path).toBuffer());
    const placed = async (left: number, top: number) => {
      const frame = sharp({
        create: { width: 2 * side, height: 2 * side, channels: 3, background },
      }).composite([{ input: square, left, top }]);
      const pixels = await toRgba(sharp(await frame.png().toBuffer()));
      return heatmapOf(await analyse(pixels), pixels);
    };
    const topLeft = await placed(0, 0);
    const bottomRight = await placed(side, side);

    expect(topLeft.peak, 'top-left heatmap has no peak').not.toBeNull();
    expect(bottomRight.peak, 'bottom-right heatmap has no peak').not.toBeNull();
    expect(topLeft.peak!.x).toBeLessThan(side);
    expect(topLeft.peak!.y).toBeLessThan(side);
    expect(bottomRight.peak!.x).toBeGreaterThanOrEqual(side);
    expect(bottomRight.peak!.y).toBeGreaterThanOrEqual(side);
  }, 120_000);

  it('does not flag the HAM10000 fixtures', async () => {
    expect(manifest.ood, 'the manifest has no ood threshold').not.toBeNull();
    for (const path of FIXTURES) {
      const prediction = await analyse(await toRgba(sharp(path)));
      expect(Number.isFinite(prediction.ood)).toBe(true);
      expect(isOutOfDistribution(manifest, prediction), path).toBe(false);
    }
  }, 60_000);

  it.skipIf(SMOKE_MODEL).each(Object.entries(NON_LESION_PHOTOS))(
    'flags a generated %s',
    async (_name, generate) => {
      const prediction = await analyse(await toRgba(sharp(await generate())));
      expect(prediction.ood).toBeGreaterThan(manifest.ood!.threshold);
      expect(isOutOfDistribution(manifest, prediction)).toBe(true);
    },
    60_000,
  );
});
