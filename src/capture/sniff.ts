/**
 * Image format detection from a file's first bytes, because the file name
 * and the browser's MIME type can both be wrong.
 */

export type ImageFormat =
  'jpeg' | 'png' | 'webp' | 'heic' | 'avif' | 'gif' | 'bmp' | 'tiff' | 'pdf';

export const SUPPORTED_FORMATS: readonly ImageFormat[] = [
  'jpeg',
  'png',
  'webp',
];

/**
 * Formats some browsers decode and others do not (Safari decodes HEIC,
 * Chromium does not), so the app tries the browser's decoder on them.
 */
export const BROWSER_DEPENDENT_FORMATS: readonly ImageFormat[] = [
  'heic',
  'avif',
];

/** `accept` attribute value for the file input. */
export const ACCEPTED_TYPES =
  'image/jpeg,image/png,image/webp,image/heic,image/heif,image/avif';

/** Bytes `sniffImageFormat` needs to see. */
export const SNIFF_BYTES = 16;

const FORMAT_NAMES: Record<ImageFormat, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  heic: 'HEIC',
  avif: 'AVIF',
  gif: 'GIF',
  bmp: 'BMP',
  tiff: 'TIFF',
  pdf: 'PDF',
};

export function formatName(format: ImageFormat): string {
  return FORMAT_NAMES[format];
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

/** Returns the format of a file from its first bytes, or null if unknown. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    return 'jpeg';
  }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'png';
  }
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') {
    return 'webp';
  }
  if (ascii(bytes, 4, 4) === 'ftyp') {
    // ISO base media file: the major brand distinguishes HEIF from AVIF.
    const brand = ascii(bytes, 8, 4);
    if (brand === 'avif' || brand === 'avis') {
      return 'avif';
    }
    if (['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand)) {
      return 'heic';
    }
    return null;
  }
  if (ascii(bytes, 0, 4) === 'GIF8') {
    return 'gif';
  }
  if (ascii(bytes, 0, 2) === 'BM') {
    return 'bmp';
  }
  if (
    startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
    startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])
  ) {
    return 'tiff';
  }
  if (ascii(bytes, 0, 5) === '%PDF-') {
    return 'pdf';
  }
  return null;
}
