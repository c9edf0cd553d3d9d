/**
 * Dimensions, EXIF orientation and animation of a photo read from its
 * bytes without decoding the pixels, so the size checks run before the
 * browser spends memory on a decode. Pure, for the browser and Node.
 */

import { imageSize } from 'image-size';

import {
  isExifOrientation,
  type ExifOrientation,
} from '../preprocess/orientation';
import type { Size } from './photo-limits';
import type { ImageFormat } from './sniff';

export interface PhotoHeader {
  /** Stored width and height, before the EXIF orientation. */
  width: number;
  height: number;
  orientation: ExifOrientation;
  /** An animated PNG or WebP, of which decoders return the first frame. */
  animated: boolean;
}

/** Formats whose headers give one unambiguous image size. */
const HEADER_FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'webp'];

/**
 * Reads the header of a JPEG, PNG or WebP file. Returns null for other
 * formats and for headers image-size cannot read (a damaged file, or a
 * HEIC or AVIF photo stored as a grid of tiles), which the decoder then
 * judges.
 */
export function readPhotoHeader(
  bytes: Uint8Array,
  format: ImageFormat,
): PhotoHeader | null {
  if (!HEADER_FORMATS.includes(format)) {
    return null;
  }
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    return null;
  }
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height)) {
    return null;
  }
  if (width <= 0 || height <= 0) {
    return null;
  }
  return {
    width,
    height,
    orientation: isExifOrientation(size.orientation) ? size.orientation : 1,
    animated: isAnimated(bytes, format),
  };
}

/** Returns the size after the EXIF orientation, which 5-8 transpose. */
export function uprightSize(header: PhotoHeader): Size {
  return header.orientation >= 5
    ? { width: header.height, height: header.width }
    : { width: header.width, height: header.height };
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) |
      (bytes[offset + 1]! << 16) |
      (bytes[offset + 2]! << 8) |
      bytes[offset + 3]!) >>>
    0
  );
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** PNG signature length, then each chunk: length, type, data and CRC. */
const PNG_SIGNATURE_BYTES = 8;
const PNG_CHUNK_OVERHEAD = 12;

/**
 * Returns whether the file is animated: an APNG has an `acTL` chunk
 * before its first `IDAT`, and an animated WebP sets bit 1 of the `VP8X`
 * flags byte, at offset 20.
 */
function isAnimated(bytes: Uint8Array, format: ImageFormat): boolean {
  if (format === 'webp') {
    return ascii(bytes, 12, 4) === 'VP8X' && (bytes[20]! & 0x02) !== 0;
  }
  if (format !== 'png') {
    return false;
  }
  let offset = PNG_SIGNATURE_BYTES;
  while (offset + 8 <= bytes.length) {
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'acTL') {
      return true;
    }
    if (type === 'IDAT' || type === 'IEND') {
      return false;
    }
    offset += readUint32(bytes, offset) + PNG_CHUNK_OVERHEAD;
  }
  return false;
}
