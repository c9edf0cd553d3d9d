/**
 * Browser decoder: a photo file to upright RGBA pixels, with checks that
 * turn every failure into a `PhotoError` the user can act on.
 */

import type { RgbaImage } from '../preprocess/images';
import { MAX_PIXELS } from './photo-limits';
import {
  PhotoError,
  decodeFailed,
  emptyFile,
  notAnImage,
  tooLarge,
  unsupportedFormat,
} from './photo-errors';
import {
  SNIFF_BYTES,
  SUPPORTED_FORMATS,
  sniffImageFormat,
  type ImageFormat,
} from './sniff';

export { MAX_PIXELS } from './photo-limits';

export interface DecodedPhoto {
  pixels: RgbaImage;
  format: ImageFormat;
}

/** Checks a file's first bytes and returns its format. */
export async function checkPhotoFile(file: File): Promise<ImageFormat> {
  if (file.size === 0) {
    throw emptyFile(file.name);
  }
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const format = sniffImageFormat(head);
  if (format === null) {
    throw notAnImage(file.name);
  }
  if (!SUPPORTED_FORMATS.includes(format)) {
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
 * Decodes a JPEG, PNG or WebP file. The pixels come back upright, because
 * `createImageBitmap` applies the EXIF orientation (`from-image`), and
 * without colour management, like the Python training pipeline.
 */
export async function decodePhoto(file: File): Promise<DecodedPhoto> {
  const format = await checkPhotoFile(file);

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
      colorSpaceConversion: 'none',
    });
  } catch (error) {
    throw decodeFailed(file.name, format, error);
  }

  try {
    const { width, height } = bitmap;
    if (width * height > MAX_PIXELS) {
      throw tooLarge(file.name, width, height, MAX_PIXELS);
    }
    return { pixels: readPixels(bitmap), format };
  } catch (error) {
    throw error instanceof PhotoError
      ? error
      : decodeFailed(file.name, format, error);
  } finally {
    bitmap.close();
  }
}
