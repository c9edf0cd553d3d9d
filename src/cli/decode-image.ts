/**
 * Node decoder: an image file to RGBA pixels as stored plus its EXIF
 * orientation, with libvips through sharp. The shared preprocessing then
 * turns them into the model input exactly as the app does.
 */

import { readFile, stat } from 'node:fs/promises';

import sharp, { type SharpOptions } from 'sharp';

import {
  checkPhotoSize,
  MAX_FILE_BYTES,
  MAX_PIXELS,
} from '../capture/photo-limits';
import {
  formatName,
  SNIFF_BYTES,
  sniffImageFormat,
  SUPPORTED_FORMATS,
  type ImageFormat,
} from '../capture/sniff';
import type { RgbaImage } from '../preprocess/images';
import {
  isExifOrientation,
  type ExifOrientation,
} from '../preprocess/orientation';
import { errorMessage } from './errors';
import { decodeFailure, ImageFileError } from './image-status';

/**
 * Formats the predictor decodes: the app's, plus AVIF, which the app
 * decodes where the browser can and libvips always can, and GIF, whose
 * first frame libvips decodes like any other still image.
 */
export const DECODED_FORMATS: readonly ImageFormat[] = [
  ...SUPPORTED_FORMATS,
  'avif',
  'gif',
];

export interface DecodedImage {
  /** Pixels as stored in the file, before the EXIF orientation. */
  pixels: RgbaImage;
  orientation: ExifOrientation;
  format: ImageFormat;
}

const SHARP_OPTIONS: SharpOptions = {
  // Corrupt or truncated data is an error rather than an image filled in
  // with grey, so damaged files are reported instead of scored.
  failOn: 'warning',
  // libvips checks it from the header before it decodes any pixel.
  limitInputPixels: MAX_PIXELS,
  // The app decodes with `colorSpaceConversion: 'none'`, like the Python
  // training pipeline, so embedded ICC profiles are ignored here too.
  // CMYK JPEGs are still converted to sRGB, with libvips' built-in profile.
  ignoreIcc: true,
  // First frame of an animated GIF, PNG or WebP.
  pages: 1,
  page: 0,
};

function checkFormat(data: Buffer): ImageFormat {
  if (data.length === 0) {
    throw new ImageFileError('empty', 'the file is empty (0 bytes)');
  }
  const format = sniffImageFormat(data.subarray(0, SNIFF_BYTES));
  if (format === null) {
    throw new ImageFileError(
      'not_an_image',
      'the file does not start like a JPEG, PNG, WebP, AVIF or GIF image. ' +
        'Check that it is a photo.',
    );
  }
  if (format === 'heic') {
    throw new ImageFileError(
      'unsupported_heic',
      'HEIC photos cannot be decoded here. Export them as JPEG or PNG.',
    );
  }
  if (!DECODED_FORMATS.includes(format)) {
    throw new ImageFileError(
      'unsupported_format',
      `${formatName(format)} files are not supported. Convert the file ` +
        'to JPEG or PNG.',
    );
  }
  return format;
}

/** Applies the app's limits on dimensions, read from the header. */
function checkDimensions(width: number, height: number): void {
  const problem = checkPhotoSize(width, height);
  if (problem?.kind === 'too-large') {
    throw new ImageFileError(
      'too_large',
      `${width} x ${height} pixels is more than the limit of ` +
        `${problem.maxPixels / 1e6} megapixels. Shrink the image first.`,
    );
  }
  if (problem?.kind === 'too-small') {
    throw new ImageFileError(
      'too_small',
      `${width} x ${height} pixels is too small to analyse: the shorter ` +
        `side must be at least ${problem.minSide} pixels. Use the original ` +
        'photo rather than a thumbnail.',
    );
  }
}

/**
 * Decodes an image in memory. Throws an `ImageFileError` whose `status`
 * gives the reason the image cannot be scored.
 */
export async function decodeImage(data: Buffer): Promise<DecodedImage> {
  const format = checkFormat(data);
  try {
    // The header is read without the pixel limit, so an image over it gets
    // a message with its size rather than libvips' bare rejection.
    const metadata = await sharp(data, {
      ...SHARP_OPTIONS,
      limitInputPixels: false,
    }).metadata();
    checkDimensions(metadata.width, metadata.height);

    const { data: pixels, info } = await sharp(data, SHARP_OPTIONS)
      .toColourspace('srgb')
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const orientation = isExifOrientation(metadata.orientation)
      ? metadata.orientation
      : 1;
    return {
      pixels: { data: pixels, width: info.width, height: info.height },
      orientation,
      format,
    };
  } catch (error) {
    throw decodeFailure(error);
  }
}

/**
 * Reads and decodes one image file, as `decodeImage` does. A file over
 * the app's size limit is rejected before it is read into memory.
 */
export async function decodeImageFile(path: string): Promise<DecodedImage> {
  let data: Buffer;
  try {
    const { size } = await stat(path);
    if (size > MAX_FILE_BYTES) {
      throw new ImageFileError(
        'too_large',
        `the file is ${Math.round(size / 1e6)} MB, over the limit of ` +
          `${MAX_FILE_BYTES / 1e6} MB for a photo. Check that it is a ` +
          'photo, or shrink it first.',
      );
    }
    data = await readFile(path);
  } catch (error) {
    if (error instanceof ImageFileError) {
      throw error;
    }
    throw new ImageFileError(
      'unreadable',
      `reading failed: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  return decodeImage(data);
}
