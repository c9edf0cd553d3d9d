/**
 * The camera's current frame as a JPEG file, which then goes through the
 * same checks, decoder and preprocessing as a photo the user picks.
 */

import { CameraError } from './camera-errors';

/**
 * JPEG quality of captured frames, 0-1. At 0.95 compression changes few
 * pixels by more than a level or two, and encoding takes a fraction of
 * the time PNG takes.
 */
export const CAPTURE_JPEG_QUALITY = 0.95;

/** Returns a file name like `camera-2024-05-01-14-03-22.jpg`. */
export function captureFileName(date: Date): string {
  const stamp = date.toISOString().slice(0, 19).replace(/[T:]/g, '-');
  return `camera-${stamp}.jpg`;
}

/** Encodes the video's current frame, at its full resolution. */
export async function captureFrame(
  video: HTMLVideoElement,
  now: Date = new Date(),
): Promise<File> {
  const { videoWidth: width, videoHeight: height } = video;
  if (width === 0 || height === 0) {
    throw new CameraError('failed');
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) {
    throw new CameraError('failed');
  }
  context.drawImage(video, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', CAPTURE_JPEG_QUALITY),
  );
  if (!blob) {
    throw new CameraError('failed');
  }
  return new File([blob], captureFileName(now), { type: 'image/jpeg' });
}
