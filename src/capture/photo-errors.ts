import { formatName, type ImageFormat } from './sniff';

export type PhotoErrorReason =
  | 'empty'
  | 'not-an-image'
  | 'unsupported-format'
  | 'decode-failed'
  | 'too-large';

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
  const detail =
    format === 'heic'
      ? 'a HEIC photo, the default format of iPhone cameras'
      : `a ${formatName(format)} file`;
  return new PhotoError(
    'unsupported-format',
    `"${fileName}" is ${detail}. ${FORMATS_ADVICE}`,
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
