/**
 * Browser decoder: a photo file to upright RGBA pixels, with checks that
 * turn every failure into a `PhotoError` the user can act on. The file
 * size is checked before anything is read, and the dimensions in the
 * header before anything is decoded.
 */

import type { RgbaImage } from '../preprocess/images';
import { readPhotoHeader, uprightSize, type PhotoHeader } from './photo-header';
import {
  PhotoError,
  decodeFailed,
  emptyFile,
  fileTooLarge,
  formatNotDecoded,
  notAnImage,
  tooLarge,
  tooSmall,
  unsupportedFormat,
} from './photo-errors';
import {
  MAX_FILE_BYTES,
  checkPhotoSize,
  decodeSize,
  wideCropSide,
  type Size,
} from './photo-limits';
import {
  BROWSER_DEPENDENT_FORMATS,
  SNIFF_BYTES,
  SUPPORTED_FORMATS,
  sniffImageFormat,
  type ImageFormat,
} from './sniff';

/**
 * Bytes read for the header. A JPEG's metadata segments are at most 64 KiB
 * each, so its frame header is nearly always well within this. When it is
 * not, the size comes from a first decode at full size instead.
 */
export const HEADER_BYTES = 1024 * 1024;

/** Something about a usable photo that the user should know. */
export type PhotoNotice =
  | { kind: 'animated' }
  | { kind: 'wide-crop'; side: number }
  | { kind: 'downscaled'; width: number; height: number };

export interface DecodedPhoto {
  /** Upright pixels, scaled down when the photo exceeds a canvas. */
  pixels: RgbaImage;
  format: ImageFormat;
  /** Upright size of the photo as stored in the file. */
  width: number;
  height: number;
  notices: PhotoNotice[];
}

/** Checks a file's size and first bytes and returns its format. */
export async function checkPhotoFile(file: File): Promise<ImageFormat> {
  if (file.size === 0) {
    throw emptyFile(file.name);
  }
  if (file.size > MAX_FILE_BYTES) {
    throw fileTooLarge(file.name, file.size, MAX_FILE_BYTES);
  }
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const format = sniffImageFormat(head);
  if (format === null) {
    throw notAnImage(file.name);
  }
  if (
    !SUPPORTED_FORMATS.includes(format) &&
    !BROWSER_DEPENDENT_FORMATS.includes(format)
  ) {
    throw unsupportedFormat(file.name, format);
  }
  return format;
}

function drawingContext(
  width: number,
  height: number,
): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null {
  if (typeof OffscreenCanvas !== 'undefined') {
    return new OffscreenCanvas(width, height).getContext('2d', {
      willReadFrequently: true,
    });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas.getContext('2d', { willReadFrequently: true });
}

function readPixels(bitmap: ImageBitmap): RgbaImage {
  const { width, height } = bitmap;
  const context = drawingContext(width, height);
  if (!context) {
    throw new Error('the browser returned no 2D canvas context');
  }
  context.drawImage(bitmap, 0, 0);
  // NOTE: canvases store premultiplied alpha, so semi-transparent pixels
  // can differ by a few levels from the file's own values.
  const { data } = context.getImageData(0, 0, width, height);
  return { data, width, height };
}

/**
 * Decodes upright pixels without colour management, like the Python
 * training pipeline. `resize` is the upright size to scale to while
 * decoding, because Chromium 156 applies `resizeWidth` and `resizeHeight`
 * after the EXIF orientation (test/e2e/photo-input.e2e.test.ts checks
 * this).
 * NOTE: only Chromium is tested. A browser that scaled before turning
 * would stretch a turned photo over the canvas limit, and Safari's HEIC
 * decoding, the path without a header, has never run in a test.
 */
function createBitmap(file: File, resize: Size | null): Promise<ImageBitmap> {
  const options: ImageBitmapOptions = {
    imageOrientation: 'from-image',
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
  };
  if (resize) {
    options.resizeWidth = resize.width;
    options.resizeHeight = resize.height;
    options.resizeQuality = 'high';
  }
  return createImageBitmap(file, options);
}

function checkSize(file: File, size: Size): void {
  const problem = checkPhotoSize(size.width, size.height);
  if (problem?.kind === 'too-large') {
    throw tooLarge(file.name, size.width, size.height, problem.maxPixels);
  }
  if (problem?.kind === 'too-small') {
    throw tooSmall(file.name, size.width, size.height, problem.minSide);
  }
}

/** Returns the size to scale to while decoding, or null for full size. */
function resizeFor(size: Size): Size | null {
  const target = decodeSize(size.width, size.height);
  return target.width === size.width && target.height === size.height
    ? null
    : target;
}

/**
 * Decodes the photo, scaled down to fit a canvas when it is larger. With
 * no readable header (HEIC, AVIF), the size comes from a first decode at
 * full size, which is then repeated scaled down if need be.
 */
async function decodeBitmap(
  file: File,
  header: PhotoHeader | null,
): Promise<{ bitmap: ImageBitmap; size: Size }> {
  if (header) {
    const size = uprightSize(header);
    checkSize(file, size);
    return { bitmap: await createBitmap(file, resizeFor(size)), size };
  }
  const bitmap = await createBitmap(file, null);
  const size = { width: bitmap.width, height: bitmap.height };
  try {
    checkSize(file, size);
  } catch (error) {
    bitmap.close();
    throw error;
  }
  const resize = resizeFor(size);
  if (!resize) {
    return { bitmap, size };
  }
  bitmap.close();
  return { bitmap: await createBitmap(file, resize), size };
}

function noticesFor(
  header: PhotoHeader | null,
  size: Size,
  pixels: RgbaImage,
): PhotoNotice[] {
  const notices: PhotoNotice[] = [];
  if (header?.animated) {
    notices.push({ kind: 'animated' });
  }
  const side = wideCropSide(size.width, size.height);
  if (side !== null) {
    notices.push({ kind: 'wide-crop', side });
  }
  if (pixels.width !== size.width || pixels.height !== size.height) {
    notices.push({
      kind: 'downscaled',
      width: pixels.width,
      height: pixels.height,
    });
  }
  return notices;
}

/**
 * Decodes a JPEG, PNG or WebP file, or a HEIC or AVIF file where the
 * browser can. The pixels come back upright, because `createImageBitmap`
 * applies the EXIF orientation (`from-image`), and without colour
 * management, like the Python training pipeline.
 */
export async function decodePhoto(file: File): Promise<DecodedPhoto> {
  const format = await checkPhotoFile(file);
  const head = await file.slice(0, HEADER_BYTES).arrayBuffer();
  const header = readPhotoHeader(new Uint8Array(head), format);

  let decoded: { bitmap: ImageBitmap; size: Size };
  try {
    decoded = await decodeBitmap(file, header);
  } catch (error) {
    if (error instanceof PhotoError) {
      throw error;
    }
    throw BROWSER_DEPENDENT_FORMATS.includes(format)
      ? formatNotDecoded(file.name, format, error)
      : decodeFailed(file.name, format, error);
  }

  const { bitmap, size } = decoded;
  try {
    const pixels = readPixels(bitmap);
    return {
      pixels,
      format,
      width: size.width,
      height: size.height,
      notices: noticesFor(header, size, pixels),
    };
  } catch (error) {
    throw decodeFailed(file.name, format, error);
  } finally {
    bitmap.close();
  }
}
