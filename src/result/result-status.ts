/**
 * The headline, colour and cautions of a result: the referral as the
 * validated rule gives it, made neutral and qualified when the photo is out
 * of distribution or the model's two outputs disagree.
 */

import type { ModelManifest } from '../shared/manifest';
import type { Prediction } from '../shared/messages';
import {
  findDisagreement,
  formatPercent,
  formatPercentPair,
  isOutOfDistribution,
  RISK_CATEGORY_TEXT,
  riskCategory,
  type Disagreement,
} from './interpret';

/** Colour of the risk box, where `uncertain` is neither red nor green. */
export type RiskTone = 'refer' | 'monitor' | 'uncertain';

export interface ResultStatus {
  tone: RiskTone;
  headline: string;
  /** Sentences shown with the headline, each saying what to do. */
  cautions: string[];
}

export const UNRELIABLE_HEADLINE = 'Unreliable for this photo';

/** Headline of a low risk that the diagnosis output contradicts. */
export const UNCERTAIN_HEADLINE = 'Uncertain: have a doctor check it';

const SEE_A_DOCTOR = 'Have a doctor check this lesion.';

function unreliableCaution(categoryText: string): string {
  return (
    `The model rated it “${categoryText}”, but this photo is unlike the ` +
    'images it was trained on, so do not rely on that rating. Retake a ' +
    'close, centred, in-focus colour photo of the lesion and analyse it ' +
    'again, or have a doctor check the lesion.'
  );
}

/** First sentence of the caution on outputs that disagree. */
export const DISAGREEMENT_LEAD =
  'Uncertain result: the two parts of the model disagree.';

function disagreementCaution(
  disagreement: Disagreement,
  threshold: number,
): string {
  const lead = DISAGREEMENT_LEAD;
  const [sum, cutoff] = formatPercentPair(disagreement.malignantSum, threshold);
  if (disagreement.kind === 'points-benign') {
    return (
      `${lead} The referral says refer, but the malignant diagnoses in the ` +
      `table add up to only ${sum}, below the referral threshold of ` +
      `${cutoff}. ${SEE_A_DOCTOR}`
    );
  }
  const top = disagreement.topDiagnosis;
  const evidence = top.malignant
    ? `the most likely diagnosis in the table is ${top.name}, which is ` +
      `malignant, at ${formatPercent(top.probability)}`
    : `the malignant diagnoses in the table add up to ${sum}, at or above ` +
      `the referral threshold of ${cutoff}`;
  return `${lead} The referral rates it low risk, but ${evidence}. ${SEE_A_DOCTOR}`;
}

/** Derives what the risk box shows from the prediction and the manifest. */
export function resultStatus(
  manifest: ModelManifest,
  prediction: Prediction,
): ResultStatus {
  const category = riskCategory(prediction.malignant, manifest.threshold);
  const categoryText = RISK_CATEGORY_TEXT[category];
  const disagreement = findDisagreement(manifest, prediction);
  const cautions: string[] = [];

  if (isOutOfDistribution(manifest, prediction)) {
    cautions.push(unreliableCaution(categoryText));
    if (disagreement) {
      cautions.push(disagreementCaution(disagreement, manifest.threshold));
    }
    return { tone: 'uncertain', headline: UNRELIABLE_HEADLINE, cautions };
  }

  if (disagreement) {
    cautions.push(disagreementCaution(disagreement, manifest.threshold));
  }
  // A disagreement makes a low-risk result neutral, with a headline that
  // does not reassure, but leaves a referral red.
  if (category === 'monitor' && disagreement) {
    return { tone: 'uncertain', headline: UNCERTAIN_HEADLINE, cautions };
  }
  return { tone: category, headline: categoryText, cautions };
}
