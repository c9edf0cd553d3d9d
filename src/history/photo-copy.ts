/**
 * The downscaled JPEG copy of a photo that the history keeps, made with
 * the browser's image resizing and JPEG encoder.
 */

import type { RgbaImage } from '../preprocess/images';
import { MAX_PHOTO_SIDE, type StoredPhoto } from './records';

/** JPEG quality of the copy, 0-1. */
export const PHOTO_COPY_QUALITY = 0.85;

/** Returns the size that fits within `maxSide`, never enlarging. */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

async function encodeJpeg(
  bitmap: ImageBitmap,
  width: number,
  height: number,
): Promise<Blob> {
  const options = { type: 'image/jpeg', quality: PHOTO_COPY_QUALITY };
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    drawOnWhite(canvas.getContext('2d'), bitmap, width, height);
    return canvas.convertToBlob(options);
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  drawOnWhite(canvas.getContext('2d'), bitmap, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) =>
        blob ? resolve(blob) : reject(new Error('JPEG encoding failed')),
      options.type,
      options.quality,
    ),
  );
}

/** JPEG has no alpha, so transparent pixels become white, as in analysis. */
function drawOnWhite(
  context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null,
  bitmap: ImageBitmap,
  width: number,
  height: number,
): void {
  if (!context) {
    throw new Error('the browser returned no 2D canvas context');
  }
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
}

/** Makes a JPEG copy of upright pixels, at most `MAX_PHOTO_SIDE` a side. */
export async function makePhotoCopy(image: RgbaImage): Promise<StoredPhoto> {
  const { width, height } = fitWithin(
    image.width,
    image.height,
    MAX_PHOTO_SIDE,
  );
  // A view of the same pixels, because decoded photos use plain buffers.
  const data = new Uint8ClampedArray(
    image.data.buffer as ArrayBuffer,
    image.data.byteOffset,
    image.data.byteLength,
  );
  const bitmap = await createImageBitmap(
    new ImageData(data, image.width, image.height),
    { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' },
  );
  try {
    const blob = await encodeJpeg(bitmap, width, height);
    return {
      type: 'image/jpeg',
      width,
      height,
      bytes: await blob.arrayBuffer(),
    };
  } finally {
    bitmap.close();
  }
}
