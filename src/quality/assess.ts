/**
 * Photo-quality checks before analysis: blur, exposure, and a lesion that
 * is too small or off-centre, each with a hint on how to retake the photo.
 * Pure, so the command-line predictor writes the same flags.
 *
 * The thresholds come from `scripts/measure-photo-quality.mjs`, run on the
 * HAM10000 test split and on bad photos it generates from those images.
 * docs/photo-quality.md contains its output.
 */

import { assertImageShape, type RgbaImage } from '../preprocess/images';
import {
  estimateLesion,
  exposureStats,
  greySquare,
  laplacianVariance,
  meanChroma,
} from './measures';

/** Flags of the quality checks, as the command line writes them too. */
export type QualityIssueCode =
  | 'greyscale'
  | 'blurry'
  | 'underexposed'
  | 'overexposed'
  | 'lesion_small'
  | 'off_centre';

/** Flag of a photo unlike the training data, from the model's `ood`. */
export const OUT_OF_DISTRIBUTION = 'out_of_distribution';

/**
 * Flag of a result whose malignant probability and 7-class diagnoses
 * disagree (`findDisagreement` in src/result/interpret.ts).
 */
export const OUTPUTS_DISAGREE = 'outputs_disagree';

/** Every flag a photo can get, before or after analysis. */
export type PhotoFlag =
  QualityIssueCode | typeof OUT_OF_DISTRIBUTION | typeof OUTPUTS_DISAGREE;

export interface QualityIssue {
  code: QualityIssueCode;
  /** Problem and retake hint, in plain words. */
  message: string;
}

/** The measures behind the checks, for logs and the measurement script. */
export interface QualityMeasures {
  /** Variance of the Laplacian, grey levels squared. */
  laplacianVariance: number;
  /** Share of pixels at or below `DARK_LEVEL`, 0-1. */
  darkShare: number;
  /** Share of pixels at or above `BRIGHT_LEVEL`, 0-1. */
  brightShare: number;
  /** Mean luminance, 0-255. */
  meanLuminance: number;
  /** Lesion pixels over the analysed disc, 0-1. */
  lesionAreaShare: number;
  /** Lesion centroid's distance from the centre, in units of the side. */
  lesionCentreOffset: number;
  /** Mean of max(R, G, B) - min(R, G, B), 0-255. */
  meanChroma: number;
}

export interface QualityReport {
  issues: QualityIssue[];
  measures: QualityMeasures;
}

/**
 * Side of the grey square the checks run on, in pixels. It is below the
 * 150-pixel square of the reduced HAM10000 images, so those are shrunk
 * like phone photos are and the blur measure compares alike.
 */
export const QUALITY_SIDE_PX = 128;

/** Grey level at or below which a pixel counts as clipped dark. */
export const DARK_LEVEL = 16;

/** Grey level at or above which a pixel counts as clipped bright. */
export const BRIGHT_LEVEL = 240;

/**
 * Thresholds of the checks. Each comment gives the percentiles of
 * docs/photo-quality.md that the value sits between: on the 1,498
 * HAM10000 test photos ("originals") and on the bad photos generated from
 * them.
 */
export const THRESHOLDS = {
  /**
   * Below this Laplacian variance the photo is blurry. Originals: 1st
   * percentile 7.38 (0.5 % flagged). Blurred with sigma 2.5 px: 99th
   * percentile 4.11.
   */
  minLaplacianVariance: 6,
  /**
   * Below this mean luminance the photo is underexposed. Originals: 1st
   * percentile 105. Darkened to 35 %: 99th percentile 70.8.
   */
  minMeanLuminance: 85,
  /**
   * Above this share of dark pixels the photo is underexposed, even with
   * a normal mean, as with a shadow over half the frame. Originals: 99th
   * percentile 0.0154.
   */
  maxDarkShare: 0.25,
  /**
   * Above this share of bright pixels the photo is overexposed. Originals:
   * 99th percentile 0.0004. Brightened by x1.8 +60: 1st percentile 0.324.
   */
  maxBrightShare: 0.1,
  /**
   * Below this area share the lesion is too small. Originals: 5th
   * percentile 0.058 (3.8 % flagged). Lesion shrunk to 1/4 of the side:
   * median 0.023.
   */
  minLesionAreaShare: 0.05,
  /**
   * Above this centroid offset the lesion is off-centre. Originals: 95th
   * percentile 0.272, 99th 0.364 (2.9 % flagged). Frame shifted by 30 %
   * of the side: median 0.308.
   */
  maxLesionCentreOffset: 0.31,
  /**
   * Below this mean chroma the photo is black-and-white, or nearly so,
   * unlike the training photos, so the lesion's colours, which the model
   * relies on, are missing. Originals: 1st percentile 15.7. Turned black
   * and white, also after JPEG at quality 80: 99th percentile 0.
   */
  minMeanChroma: 5,
};

export const QUALITY_MESSAGES: Record<QualityIssueCode, string> = {
  blurry:
    'The photo looks blurry. Hold the camera steady, let it focus on the ' +
    'lesion, and take the photo again.',
  underexposed:
    'The photo is too dark. Take it again in brighter, even light, with no ' +
    'shadow over the lesion.',
  overexposed:
    'The photo is too bright, so details are washed out. Take it again ' +
    'without flash or direct sunlight on the skin.',
  greyscale:
    'The photo has almost no colour, like a black-and-white photo. The ' +
    "model needs the lesion's colours, so take the photo again in colour, " +
    'in white light.',
  lesion_small:
    'The lesion looks small in the photo, or no lesion stands out. Move ' +
    'closer so the lesion fills most of the frame.',
  off_centre:
    'The lesion is not in the middle of the photo. The model analyses only ' +
    'the centred square, so take the photo again with the lesion in the ' +
    'middle.',
};

function issue(code: QualityIssueCode): QualityIssue {
  return { code, message: QUALITY_MESSAGES[code] };
}

/** Computes the measures and lists the checks the photo fails. */
export function assessQuality(pixels: RgbaImage): QualityReport {
  assertImageShape(pixels, 4);
  const grey = greySquare(pixels, QUALITY_SIDE_PX);
  const exposure = exposureStats(grey, DARK_LEVEL, BRIGHT_LEVEL);
  const lesion = estimateLesion(grey);
  const measures: QualityMeasures = {
    laplacianVariance: laplacianVariance(grey),
    ...exposure,
    lesionAreaShare: lesion.areaShare,
    lesionCentreOffset: lesion.centreOffset,
    meanChroma: meanChroma(pixels, QUALITY_SIDE_PX),
  };

  const issues: QualityIssue[] = [];
  if (
    measures.meanLuminance < THRESHOLDS.minMeanLuminance ||
    measures.darkShare > THRESHOLDS.maxDarkShare
  ) {
    issues.push(issue('underexposed'));
  }
  if (measures.brightShare > THRESHOLDS.maxBrightShare) {
    issues.push(issue('overexposed'));
  }
  // Clipped pixels carry no edges and no lesion contrast, so the other
  // measures mean little on a badly exposed photo: its fix comes first.
  if (issues.length > 0) {
    return { issues, measures };
  }

  if (measures.meanChroma < THRESHOLDS.minMeanChroma) {
    issues.push(issue('greyscale'));
  }
  if (measures.laplacianVariance < THRESHOLDS.minLaplacianVariance) {
    issues.push(issue('blurry'));
  }
  if (measures.lesionAreaShare < THRESHOLDS.minLesionAreaShare) {
    issues.push(issue('lesion_small'));
  } else if (measures.lesionCentreOffset > THRESHOLDS.maxLesionCentreOffset) {
    issues.push(issue('off_centre'));
  }
  return { issues, measures };
}
