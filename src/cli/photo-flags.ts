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
  OUTPUTS_DISAGREE,
  type PhotoFlag,
} from '../quality/assess';

export { OUTPUTS_DISAGREE };
import type { ImageStatus } from './image-status';

/**
 * Separator between the flags of one image, as in
 * `blurry;out_of_distribution`. csv-stringify quotes a field only for the
 * delimiter (`,`), a quote or a line break, so a status with `;` stays
 * unquoted.
 */
export const FLAG_SEPARATOR = ';';

/** Every warning the `status` column can list. */
export type StatusFlag = PhotoFlag;

/** Meaning of each flag, for the help text and docs/command-line.md. */
export const FLAG_DESCRIPTIONS: Record<StatusFlag, string> = {
  blurry: 'the photo looks blurry',
  underexposed: 'the photo is too dark',
  overexposed: 'the photo is too bright, so details are washed out',
  greyscale: 'the photo has almost no colour (black and white)',
  lesion_small: 'the lesion looks small in the photo, or none stands out',
  off_centre: 'the lesion is not in the middle of the analysed square',
  [OUT_OF_DISTRIBUTION]:
    'unlike the training images, so the result may be wrong',
  [OUTPUTS_DISAGREE]: 'the malignant probability and the diagnoses disagree',
};

/** Every flag, in the order of the help text and the run summary. */
export const STATUS_FLAGS = Object.keys(FLAG_DESCRIPTIONS) as StatusFlag[];

/**
 * Lists the photo-quality flags of upright RGBA pixels, as the app shows
 * them before analysis, in the order `assessQuality` returns them.
 */
export function qualityFlags(pixels: RgbaImage): PhotoFlag[] {
  return assessQuality(pixels).issues.map((issue) => issue.code);
}

/**
 * Appends the flags of the model's result to the quality flags:
 * `out_of_distribution`, then `outputs_disagree`, each when it applies.
 */
export function withResultFlags(
  flags: readonly PhotoFlag[],
  outOfDistribution: boolean,
  outputsDisagree: boolean,
): StatusFlag[] {
  const all: StatusFlag[] = [...flags];
  if (outOfDistribution) {
    all.push(OUT_OF_DISTRIBUTION);
  }
  if (outputsDisagree) {
    all.push(OUTPUTS_DISAGREE);
  }
  return all;
}

/**
 * Returns the `status` cell: a failure's reason, `ok` for a scored image
 * without flags, or its flags joined by `FLAG_SEPARATOR`.
 */
export function formatStatus(
  status: ImageStatus,
  flags: readonly StatusFlag[],
): string {
  if (status !== 'ok' || flags.length === 0) {
    return status;
  }
  return flags.join(FLAG_SEPARATOR);
}
