/**
 * The scoring loop: each image is decoded, checked and preprocessed with
 * the app's pure functions and run through the model, in list order. The
 * next image is decoded (on libuv's thread pool) while the model runs.
 */

import { toModelInput } from '../preprocess/model-input';
import { applyExifOrientation } from '../preprocess/orientation';
import type { PhotoFlag } from '../quality/assess';
import type { Prediction } from '../shared/messages';
import { errorMessage } from './errors';
import { decodeImageFile } from './decode-image';
import type { ImageFile } from './image-files';
import { decodeFailure, ImageFileError } from './image-status';
import { qualityFlags, withResultFlags } from './photo-flags';
import type { ImageResult } from './results-csv';

export interface ImageScorer {
  /** Side of the square model input, `manifest.input.size`. */
  inputSize: number;
  /** Returns the encoded metadata vector of an image. */
  metadataFor(imageId: string): Float32Array;
  predict(image: Float32Array, metadata: Float32Array): Promise<Prediction>;
  /** Returns whether the `ood` score is above the model's threshold. */
  isOutOfDistribution(prediction: Prediction): boolean;
  /** Returns whether the malignant output and the diagnoses disagree. */
  outputsDisagree(prediction: Prediction): boolean;
}

/** One scored image, with what went wrong when it failed. */
export interface ScoredImage {
  file: ImageFile;
  result: ImageResult;
  /** Reason the image was not scored, or null when `result.status` is `ok`. */
  problem: string | null;
}

type PreparedInput =
  { input: Float32Array; flags: PhotoFlag[] } | { failure: ImageFileError };

async function prepareInput(
  file: ImageFile,
  duplicateOf: string | undefined,
  inputSize: number,
): Promise<PreparedInput> {
  if (duplicateOf !== undefined) {
    return {
      failure: new ImageFileError(
        'duplicate_id',
        `image_id "${file.imageId}" is already used by ${duplicateOf}. ` +
          'Rename one of the files.',
      ),
    };
  }
  try {
    const decoded = await decodeImageFile(file.path);
    // The app checks the upright pixels that the browser decodes, so the
    // quality checks get the same pixels here.
    const upright = applyExifOrientation(decoded.pixels, decoded.orientation);
    return {
      input: toModelInput(upright, inputSize),
      flags: qualityFlags(upright),
    };
  } catch (error) {
    return { failure: decodeFailure(error) };
  }
}

function failed(file: ImageFile, error: ImageFileError): ScoredImage {
  return {
    file,
    result: {
      imageId: file.imageId,
      status: error.status,
      flags: [],
      probabilities: null,
    },
    problem: error.message,
  };
}

/**
 * Scores `files` in order and calls `onScored` for each, failures
 * included. A scored image gets the app's photo-quality flags and, when
 * the model finds it unlike its training images, `out_of_distribution`.
 * Stops before the next image once `signal` is aborted.
 */
export async function scoreImages(
  files: readonly ImageFile[],
  duplicates: ReadonlyMap<ImageFile, string>,
  scorer: ImageScorer,
  onScored: (scored: ScoredImage) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const prepare = (file: ImageFile) =>
    prepareInput(file, duplicates.get(file), scorer.inputSize);

  let next = files.length > 0 ? prepare(files[0]!) : null;
  for (let i = 0; i < files.length && next; i++) {
    if (signal?.aborted) {
      return;
    }
    const file = files[i]!;
    const prepared = await next;
    next = i + 1 < files.length ? prepare(files[i + 1]!) : null;

    if ('failure' in prepared) {
      await onScored(failed(file, prepared.failure));
      continue;
    }
    let prediction: Prediction;
    try {
      prediction = await scorer.predict(
        prepared.input,
        scorer.metadataFor(file.imageId),
      );
    } catch (error) {
      const message = `the model failed: ${errorMessage(error)}`;
      await onScored(
        failed(file, new ImageFileError('inference_failed', message)),
      );
      continue;
    }
    await onScored({
      file,
      result: {
        imageId: file.imageId,
        status: 'ok',
        flags: withResultFlags(
          prepared.flags,
          scorer.isOutOfDistribution(prediction),
          scorer.outputsDisagree(prediction),
        ),
        probabilities: {
          malignant: prediction.malignant,
          diagnosis: prediction.diagnosis,
        },
      },
      problem: null,
    });
  }
}
