/**
 * Warnings on a scored image in the `status` column: the app's photo-quality
 * flags and its out-of-distribution flag, computed by the app's own code.
 * A flagged image keeps its probabilities, as the app still shows its
 * result.
 */

import type { RgbaImage } from '../preprocess/images';
import {
  assessQuality,
  OUT_OF_DISTRIBUTION,
  type PhotoFlag,
} from '../quality/assess';
import type { ImageStatus } from './image-status';

/**
 * Separator between the flags of one image, as in
 * `blurry;out_of_distribution`. csv-stringify quotes a field only for the
 * delimiter (`,`), a quote or a line break, so a status with `;` stays
 * unquoted.
 */
export const FLAG_SEPARATOR = ';';

/** Meaning of each flag, for the help text and docs/command-line.md. */
export const FLAG_DESCRIPTIONS: Record<PhotoFlag, string> = {
  blurry: 'the photo looks blurry',
  underexposed: 'the photo is too dark',
  overexposed: 'the photo is too bright, so details are washed out',
  greyscale: 'the photo has almost no colour (black and white)',
  lesion_small: 'the lesion looks small in the photo, or none stands out',
  off_centre: 'the lesion is not in the middle of the analysed square',
  [OUT_OF_DISTRIBUTION]:
    'unlike the training images, so the result may be wrong',
};

/** Every flag, in the order of the help text and the run summary. */
export const PHOTO_FLAGS = Object.keys(FLAG_DESCRIPTIONS) as PhotoFlag[];

/**
 * Lists the photo-quality flags of upright RGBA pixels, as the app shows
 * them before analysis, in the order `assessQuality` returns them.
 */
export function qualityFlags(pixels: RgbaImage): PhotoFlag[] {
  return assessQuality(pixels).issues.map((issue) => issue.code);
}

/** Appends `out_of_distribution` to the quality flags when it applies. */
export function withOutOfDistribution(
  flags: readonly PhotoFlag[],
  outOfDistribution: boolean,
): PhotoFlag[] {
  return outOfDistribution ? [...flags, OUT_OF_DISTRIBUTION] : [...flags];
}

/**
 * Returns the `status` cell: a failure's reason, `ok` for a scored image
 * without flags, or its flags joined by `FLAG_SEPARATOR`.
 */
export function formatStatus(
  status: ImageStatus,
  flags: readonly PhotoFlag[],
): string {
  if (status !== 'ok' || flags.length === 0) {
    return status;
  }
  return flags.join(FLAG_SEPARATOR);
}
