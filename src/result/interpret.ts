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
