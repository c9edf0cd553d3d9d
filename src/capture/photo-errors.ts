import { formatName, type ImageFormat } from './sniff';

export type PhotoErrorReason =
  | 'empty'
  | 'not-an-image'
  | 'unsupported-format'
  | 'decode-failed'
  | 'file-too-large'
  | 'too-large'
  | 'too-small';

/** A photo the app cannot use, with a message for the user. */
export class PhotoError extends Error {
  override readonly name = 'PhotoError';

  constructor(
    readonly reason: PhotoErrorReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const BYTES_PER_MB = 1_000_000;

const FORMATS_ADVICE =
  'OncoScan reads JPEG, PNG and WebP photos, so save or export the photo ' +
  'in one of those formats and choose it again.';

export function emptyFile(fileName: string): PhotoError {
  return new PhotoError(
    'empty',
    `"${fileName}" is empty (0 bytes). Choose another photo.`,
  );
}

export function notAnImage(fileName: string): PhotoError {
  return new PhotoError(
    'not-an-image',
    `"${fileName}" is not an image. Choose a JPEG, PNG or WebP photo of ` +
      'the skin lesion.',
  );
}

export function unsupportedFormat(
  fileName: string,
  format: ImageFormat,
): PhotoError {
  return new PhotoError(
    'unsupported-format',
    `"${fileName}" is a ${formatName(format)} file. ${FORMATS_ADVICE}`,
  );
}

/**
 * A HEIC or AVIF photo this browser could not decode. Safari decodes
 * HEIC and Chromium does not, so the HEIC message explains how to get JPEG.
 */
export function formatNotDecoded(
  fileName: string,
  format: ImageFormat,
  cause: unknown,
): PhotoError {
  if (format !== 'heic') {
    return new PhotoError(
      'unsupported-format',
      `"${fileName}" is an ${formatName(format)} image, which this browser ` +
        `cannot decode. ${FORMATS_ADVICE}`,
      { cause },
    );
  }
  return new PhotoError(
    'unsupported-format',
    `"${fileName}" is a HEIC photo, the default format of iPhone cameras, ` +
      'and this browser cannot decode it. Export it as JPEG and choose it ' +
      'again: on the iPhone, share the photo as JPEG, or set Settings > ' +
      'Camera > Formats to Most Compatible so the camera saves JPEG photos.',
    { cause },
  );
}

export function decodeFailed(
  fileName: string,
  format: ImageFormat,
  cause: unknown,
): PhotoError {
  return new PhotoError(
    'decode-failed',
    `"${fileName}" looks like a ${formatName(format)} image but could not ` +
      'be decoded, so it may be damaged or incomplete. Try another photo.',
    { cause },
  );
}

export function fileTooLarge(
  fileName: string,
  bytes: number,
  maxBytes: number,
): PhotoError {
  return new PhotoError(
    'file-too-large',
    `"${fileName}" is ${megabytes(bytes)} MB, more than the ` +
      `${megabytes(maxBytes)} MB OncoScan reads, so it was not opened. ` +
      'Choose a photo straight from the camera, or export a smaller JPEG ' +
      'copy, and choose it again.',
  );
}

function megabytes(bytes: number): string {
  return (bytes / BYTES_PER_MB).toFixed(0);
}

export function tooSmall(
  fileName: string,
  width: number,
  height: number,
  minSide: number,
): PhotoError {
  return new PhotoError(
    'too-small',
    `"${fileName}" is only ${width} x ${height} pixels. OncoScan needs at ` +
      `least ${minSide} pixels on the shorter side to see the lesion, so ` +
      'take a closer photo and choose it again.',
  );
}

export function tooLarge(
  fileName: string,
  width: number,
  height: number,
  maxPixels: number,
): PhotoError {
  const megapixels = (maxPixels / 1e6).toFixed(0);
  return new PhotoError(
    'too-large',
    `"${fileName}" is ${width} x ${height} pixels, more than the ` +
      `${megapixels} megapixels OncoScan can process. Crop or resize it ` +
      'and choose it again.',
  );
}
