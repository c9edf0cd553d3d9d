/**
 * Warnings saved with an analysis: the photo-quality flags shown before
 * it, and the out-of-distribution and disagreement flags of its result.
 * The decisions are made by `assessQuality`, `isOutOfDistribution` and
 * `findDisagreement`, the code the live view uses. This module only
 * collects and names their outcomes.
 */

import type { RgbaImage } from '../preprocess/images';
import {
  assessQuality,
  OUT_OF_DISTRIBUTION,
  OUTPUTS_DISAGREE,
  type PhotoFlag,
  type QualityIssueCode,
} from '../quality/assess';
import { findDisagreement, isOutOfDistribution } from '../result/interpret';
import type { ModelManifest } from '../shared/manifest';
import type { Prediction } from '../shared/messages';

/**
 * Short words for each flag, as the history, the timeline and the report
 * list them. The `Record` type makes the compiler reject a missing flag.
 */
export const FLAG_WORDS: Record<PhotoFlag, string> = {
  greyscale: 'black and white',
  blurry: 'blurry',
  underexposed: 'too dark',
  overexposed: 'too bright',
  lesion_small: 'lesion small',
  off_centre: 'lesion off-centre',
  [OUT_OF_DISTRIBUTION]: 'unlike the training images',
  [OUTPUTS_DISAGREE]: 'model outputs disagree',
};

/** Every flag a saved analysis may have, in the order they are listed. */
export const PHOTO_FLAGS = Object.keys(FLAG_WORDS) as PhotoFlag[];

/** Short mark of an out-of-distribution result, as in the lesion list. */
export const UNRELIABLE_TEXT = 'Unreliable result';

/** Explanation after `UNRELIABLE_TEXT` in the timeline and the report. */
export const UNRELIABLE_DETAIL =
  'the photo did not look like the dermatoscopic images the model was ' +
  'trained on, so this result may be wrong.';

/** Text for an analysis whose flags are null (not recorded). */
export const FLAGS_NOT_RECORDED_TEXT =
  'Photo warnings were not recorded for this analysis.';

/**
 * Lists the photo-quality flags of the analysed pixels, as
 * `QualityWarnings` showed them. A failed check showed no warning, so it
 * gives no flag here either.
 */
export function qualityFlagsOf(pixels: RgbaImage): QualityIssueCode[] {
  try {
    return assessQuality(pixels).issues.map((issue) => issue.code);
  } catch (error) {
    console.error('Checking the photo quality for the history failed', error);
    return [];
  }
}

/** Short mark of a result whose two outputs disagree. */
export const UNCERTAIN_TEXT = 'Uncertain result';

/** Explanation after `UNCERTAIN_TEXT` in the timeline and the report. */
export const UNCERTAIN_DETAIL =
  'the malignant probability and the diagnosis table disagreed, so have a ' +
  'doctor check this lesion.';

/**
 * Returns the flags to save with an analysis: the quality flags in the
 * order given, then `out_of_distribution` when the result view marked the
 * prediction unreliable, then `outputs_disagree` when it cautioned that
 * the two outputs disagree. The command-line predictor uses the same order.
 */
export function analysisFlags(
  quality: readonly QualityIssueCode[],
  manifest: ModelManifest,
  prediction: Prediction,
): PhotoFlag[] {
  const flags: PhotoFlag[] = [...new Set(quality)];
  if (isOutOfDistribution(manifest, prediction)) {
    flags.push(OUT_OF_DISTRIBUTION);
  }
  if (findDisagreement(manifest, prediction) !== null) {
    flags.push(OUTPUTS_DISAGREE);
  }
  return flags;
}

/**
 * Tells whether a saved result's two outputs disagreed. Flags of `null`
 * (not recorded) give false, because nothing is known.
 */
export function isUncertain(flags: readonly PhotoFlag[] | null): boolean {
  return flags?.includes(OUTPUTS_DISAGREE) ?? false;
}

/**
 * Tells whether a saved analysis was marked unreliable. Flags of `null`
 * (not recorded) give false, because nothing is known.
 */
export function isUnreliable(flags: readonly PhotoFlag[] | null): boolean {
  return flags?.includes(OUT_OF_DISTRIBUTION) ?? false;
}

/** Returns the short words of the photo-quality flags, in their order. */
export function qualityWords(flags: readonly PhotoFlag[] | null): string[] {
  return (flags ?? [])
    .filter((flag) => flag !== OUT_OF_DISTRIBUTION && flag !== OUTPUTS_DISAGREE)
    .map((flag) => FLAG_WORDS[flag]);
}

/**
 * Returns "Photo warnings: blurry, too dark." for the quality flags, or
 * null when there are none.
 */
export function qualitySentence(
  flags: readonly PhotoFlag[] | null,
): string | null {
  const words = qualityWords(flags);
  return words.length === 0 ? null : `Photo warnings: ${words.join(', ')}.`;
}
