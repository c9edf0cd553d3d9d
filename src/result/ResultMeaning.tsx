import type { ModelManifest } from '../shared/manifest';
import { formatPercent, malignantNames, missedPer100 } from './interpret';

/** Explains what the result means and what it does not mean. */
export function ResultMeaning({ manifest }: { manifest: ModelManifest }) {
  const { sensitivity, specificity } = manifest.operatingPoint;
  const missed = missedPer100(sensitivity);
  return (
    <section className="meaning" aria-labelledby="meaning-heading">
      <h3 id="meaning-heading">What this result means</h3>
      <p>
        <strong>This is not a diagnosis.</strong> OncoScan estimates how likely
        the lesion in the photo is to be malignant, meaning one of these:
      </p>
      <ul data-testid="malignant-diagnoses">
        {malignantNames(manifest).map((name) => (
          <li key={name}>{name}</li>
        ))}
      </ul>
      <p>
        It cannot rule skin cancer in or out. Only a clinician who examines the
        lesion can do that.
      </p>
      <p data-testid="operating-point">
        At the referral threshold of {formatPercent(manifest.threshold)}, the
        model referred {formatPercent(sensitivity)} of the malignant lesions in
        its test set (sensitivity) and rated {formatPercent(specificity)} of the
        benign lesions low risk (specificity). So about {missed} in 100
        malignant lesions would still be rated low risk.
      </p>
      <p>
        See a doctor about any lesion that is new, changing, bleeding or
        itching, whatever this result says.
      </p>
    </section>
  );
}
