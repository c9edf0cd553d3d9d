import { HeatmapOverlay, type AnalysedPhoto } from '../evidence/HeatmapOverlay';
import type { ModelManifest } from '../shared/manifest';
import type { Prediction } from '../shared/messages';
import { DiagnosisTable } from './DiagnosisTable';
import {
  formatPercent,
  isOutOfDistribution,
  RISK_CATEGORY_TEXT,
  riskCategory,
} from './interpret';
import { ResultMeaning } from './ResultMeaning';

interface ResultViewProps {
  manifest: ModelManifest;
  prediction: Prediction;
  /** The analysed photo, for the heatmap; without it none is shown. */
  photo?: AnalysedPhoto;
}

/**
 * Returns the unrounded probabilities as JSON keyed by `malignant` and
 * each label code, for scripts and end-to-end tests that read the page.
 */
function probabilitiesJson(
  manifest: ModelManifest,
  prediction: Prediction,
): string {
  const diagnosis = manifest.labels.map((code, i) => [
    code,
    prediction.diagnosis[i],
  ]);
  return JSON.stringify({
    malignant: prediction.malignant,
    ...Object.fromEntries(diagnosis),
  });
}

export function ResultView({ manifest, prediction, photo }: ResultViewProps) {
  const category = riskCategory(prediction.malignant, manifest.threshold);
  return (
    <article
      className="result"
      aria-labelledby="result-heading"
      data-testid="result"
      data-probabilities={probabilitiesJson(manifest, prediction)}
    >
      <h2 id="result-heading">Result</h2>
      {isOutOfDistribution(manifest, prediction) && (
        <p className="warning" data-testid="ood-warning">
          Unreliable result: this photo does not look like the dermatoscopic
          images the model was trained on, so the result below may be wrong.
          Retake it as a close-up of the lesion, in focus and evenly lit,
          ideally through a dermatoscope, or have a clinician look at it.
        </p>
      )}
      <p className={`risk risk-${category}`} data-testid="risk-category">
        {RISK_CATEGORY_TEXT[category]}
      </p>
      <p className="probability">
        Malignant probability:{' '}
        <strong data-testid="malignant-probability">
          {formatPercent(prediction.malignant)}
        </strong>{' '}
        <span className="threshold">
          (referral threshold {formatPercent(manifest.threshold)})
        </span>
      </p>
      {photo && prediction.cam && (
        <HeatmapOverlay cam={prediction.cam} photo={photo} />
      )}
      <DiagnosisTable manifest={manifest} diagnosis={prediction.diagnosis} />
      <ResultMeaning manifest={manifest} />
    </article>
  );
}
