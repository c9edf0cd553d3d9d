/**
 * Turns the model's outputs into what the result view shows. The threshold,
 * label names and operating point all come from the manifest.
 */

import type { ModelManifest } from '../shared/manifest';
import type { Prediction } from '../shared/messages';

export type RiskCategory = 'refer' | 'monitor';

export const RISK_CATEGORY_TEXT: Record<RiskCategory, string> = {
  refer: 'Refer to a dermatologist',
  monitor: 'Low risk: monitor for change',
};

/** At or above the threshold the lesion is referred. */
export function riskCategory(
  malignant: number,
  threshold: number,
): RiskCategory {
  return malignant >= threshold ? 'refer' : 'monitor';
}

/** Formats a 0-1 probability as a percentage with one decimal. */
export function formatPercent(probability: number): string {
  const percent = probability * 100;
  if (percent > 0 && percent < 0.1) {
    return '< 0.1 %';
  }
  if (percent < 100 && percent > 99.9) {
    return '> 99.9 %';
  }
  return `${percent.toFixed(1)} %`;
}

/**
 * Formats a probability and the threshold it is compared with. When both
 * round to the same one-decimal text but differ, both get two decimals,
 * so a value just below the threshold never reads as equal to it.
 */
export function formatPercentPair(
  value: number,
  threshold: number,
): [string, string] {
  const pair: [string, string] = [
    formatPercent(value),
    formatPercent(threshold),
  ];
  if (pair[0] !== pair[1] || value === threshold) {
    return pair;
  }
  return [`${(value * 100).toFixed(2)} %`, `${(threshold * 100).toFixed(2)} %`];
}

export interface DiagnosisProbability {
  code: string;
  name: string;
  probability: number;
  malignant: boolean;
}

/** Pairs each probability with its label, most likely first. */
export function rankDiagnoses(
  manifest: ModelManifest,
  diagnosis: readonly number[],
): DiagnosisProbability[] {
  if (diagnosis.length !== manifest.labels.length) {
    throw new RangeError(
      `Got ${diagnosis.length} diagnosis probabilities for ` +
        `${manifest.labels.length} labels`,
    );
  }
  return manifest.labels
    .map((code, i) => ({
      code,
      name: manifest.labelNames[code] ?? code,
      probability: diagnosis[i]!,
      malignant: manifest.malignantLabels.includes(code),
    }))
    .sort((a, b) => b.probability - a.probability);
}

/** Plain-language names of the diagnoses counted as malignant. */
export function malignantNames(manifest: ModelManifest): string[] {
  return manifest.malignantLabels.map(
    (code) => manifest.labelNames[code] ?? code,
  );
}

/** Whole number of malignant lesions in 100 the threshold misses. */
export function missedPer100(sensitivity: number): number {
  return Math.round((1 - sensitivity) * 100);
}

/** Rounds `total / part` to the N of "1 in N", for a share in words. */
export function oneInN(part: number, total: number): number {
  if (part <= 0 || part > total) {
    throw new RangeError(
      `Invalid share ${part} of ${total}: the part must be above 0 and at ` +
        'most the total',
    );
  }
  return Math.round(total / part);
}

/** Checks the OOD score against the manifest's threshold. */
export function isOutOfDistribution(
  manifest: ModelManifest,
  prediction: Prediction,
): boolean {
  return (
    manifest.ood !== null &&
    prediction.ood !== null &&
    prediction.ood > manifest.ood.threshold
  );
}

/** Sum of the diagnosis probabilities of the classes counted as malignant. */
export function malignantDiagnosisProbability(
  manifest: ModelManifest,
  diagnosis: readonly number[],
): number {
  return rankDiagnoses(manifest, diagnosis)
    .filter((row) => row.malignant)
    .reduce((sum, row) => sum + row.probability, 0);
}

/**
 * A contradiction between the diagnosis output and the referral, which the
 * `malignant` output alone decides. The kind is `points-malignant` for a
 * low-risk referral and `points-benign` for a referral.
 */
export interface Disagreement {
  kind: 'points-malignant' | 'points-benign';
  topDiagnosis: DiagnosisProbability;
  /** Sum of the malignant classes' diagnosis probabilities. */
  malignantSum: number;
}

/**
 * Compares the referral with the diagnosis output and returns how they
 * disagree, or null when they agree. A low-risk referral disagrees when the
 * most likely diagnosis is malignant or the malignant diagnoses sum to the
 * threshold or more. A referral disagrees when the malignant diagnoses sum
 * to less than the threshold. A benign top diagnosis alone does not
 * contradict a referral, because the threshold is set low for sensitivity.
 */
export function findDisagreement(
  manifest: ModelManifest,
  prediction: Prediction,
): Disagreement | null {
  const category = riskCategory(prediction.malignant, manifest.threshold);
  const malignantSum = malignantDiagnosisProbability(
    manifest,
    prediction.diagnosis,
  );
  const topDiagnosis = rankDiagnoses(manifest, prediction.diagnosis)[0]!;
  const sumRefers = malignantSum >= manifest.threshold;

  if (category === 'monitor' && (topDiagnosis.malignant || sumRefers)) {
    return { kind: 'points-malignant', topDiagnosis, malignantSum };
  }
  if (category === 'refer' && !sumRefers) {
    return { kind: 'points-benign', topDiagnosis, malignantSum };
  }
  return null;
}
