import { HeatmapOverlay, type AnalysedPhoto } from '../evidence/HeatmapOverlay';
import type { ModelManifest } from '../shared/manifest';
import type { Prediction } from '../shared/messages';
import { DiagnosisTable } from './DiagnosisTable';
import { formatPercentPair, isOutOfDistribution } from './interpret';
import { ResultMeaning } from './ResultMeaning';
import { resultStatus, UNRELIABLE_HEADLINE } from './result-status';

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
  const status = resultStatus(manifest, prediction);
  const unreliable = isOutOfDistribution(manifest, prediction);
  const [probabilityText, thresholdText] = formatPercentPair(
    prediction.malignant,
    manifest.threshold,
  );
  return (
    <article
      className="result"
      aria-labelledby="result-heading"
      data-testid="result"
      data-probabilities={probabilitiesJson(manifest, prediction)}
    >
      <h2 id="result-heading">Result</h2>
      {unreliable && (
        <p className="warning" data-testid="ood-warning">
          Unreliable result: this photo does not look like the dermatoscopic
          images the model was trained on, so the result below may be wrong.
          Retake it as a close-up of the lesion, in focus and evenly lit,
          ideally through a dermatoscope, or have a clinician look at it.
        </p>
      )}
      <div className={`risk risk-${status.tone}`} data-testid="risk-category">
        <p className="risk-headline">{status.headline}</p>
        {status.cautions.map((caution) => (
          <p key={caution} className="risk-caution" data-testid="risk-caution">
            {caution}
          </p>
        ))}
      </div>
      <p className="probability">
        Malignant probability:{' '}
        <strong data-testid="malignant-probability">{probabilityText}</strong>{' '}
        <span className="threshold">(referral threshold {thresholdText})</span>
        {unreliable && (
          <span className="unreliable-mark" data-testid="unreliable-mark">
            {' '}
            {UNRELIABLE_HEADLINE}.
          </span>
        )}
      </p>
      {photo && prediction.cam && (
        <HeatmapOverlay cam={prediction.cam} photo={photo} />
      )}
      <DiagnosisTable
        manifest={manifest}
        diagnosis={prediction.diagnosis}
        unreliable={unreliable}
      />
      <ResultMeaning manifest={manifest} />
    </article>
  );
}
