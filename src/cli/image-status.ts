/**
 * The `status` column of the results: `ok`, the warnings on a scored image
 * (see `photo-flags.ts`), or why an image has no probabilities. Each
 * failure is a typed error while the image is read.
 */

import { MAX_FILE_BYTES, MIN_SIDE } from '../capture/photo-limits';
import { errorMessage } from './errors';

export type FailureStatus =
  | 'empty'
  | 'not_an_image'
  | 'unsupported_heic'
  | 'unsupported_format'
  | 'too_large'
  | 'too_small'
  | 'unreadable'
  | 'duplicate_id'
  | 'inference_failed';

export type ImageStatus = 'ok' | FailureStatus;

/** Meaning of each status, for the help text and docs/command-line.md. */
export const STATUS_DESCRIPTIONS: Record<ImageStatus, string> = {
  ok: 'scored, with no warning',
  empty: 'the file has 0 bytes',
  not_an_image: 'the content is not an image, such as a renamed text file',
  unsupported_heic: 'a HEIC/HEIF photo, which cannot be decoded here',
  unsupported_format: 'a BMP, TIFF or PDF file',
  too_large: `more pixels than the limit, or a file over ${MAX_FILE_BYTES / 1e6} MB`,
  too_small: `a shorter side under ${MIN_SIDE} pixels, such as a thumbnail`,
  unreadable: 'the file could not be read, or is truncated or corrupt',
  duplicate_id: 'another file has the same image_id',
  inference_failed: 'the model failed on this image',
};

/** Reason one image could not be scored. The run goes on with the next. */
export class ImageFileError extends Error {
  override readonly name = 'ImageFileError';

  constructor(
    readonly status: FailureStatus,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Part of libvips' message when `limitInputPixels` rejects an image. */
const PIXEL_LIMIT_MESSAGE = 'exceeds pixel limit';

/**
 * Maps an error of sharp (libvips) while decoding to a status. Only its
 * first line is kept, because libvips appends every decoder warning.
 */
export function decodeFailure(error: unknown): ImageFileError {
  if (error instanceof ImageFileError) {
    return error;
  }
  const firstLine = errorMessage(error).split('\n')[0]!.trim();
  const status = firstLine.includes(PIXEL_LIMIT_MESSAGE)
    ? 'too_large'
    : 'unreadable';
  return new ImageFileError(status, `decoding failed: ${firstLine}`, {
    cause: error,
  });
}
