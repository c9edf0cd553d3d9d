import type { ModelManifest } from '../shared/manifest';
import {
  formatPercent,
  malignantNames,
  missedPer100,
  oneInN,
} from './interpret';

/**
 * HAM10000's image count and its mel, bcc and akiec images (1,113 + 514 +
 * 327), counted from `model/data/splits.csv`. The validation split that the
 * calibration was fitted on has about the same share (281 of 1,490 images,
 * `model/MODEL_CARD.md`). The manifest records neither.
 */
const HAM10000_IMAGES = 10_015;
const HAM10000_MALIGNANT_IMAGES = 1_954;

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
        model referred {formatPercent(sensitivity)} of the images of malignant
        lesions in its test set (sensitivity) and rated{' '}
        {formatPercent(specificity)} of the images of benign lesions low risk
        (specificity). These figures count images, and some lesions have
        several. So about {missed} in 100 photos of malignant lesions would
        still be rated low risk.
      </p>
      <p data-testid="prevalence">
        The probability is calibrated on the HAM10000 dataset, where about 1 in{' '}
        {oneInN(HAM10000_MALIGNANT_IMAGES, HAM10000_IMAGES)} images shows a
        malignant lesion, far more than among the lesions seen in primary care.
        So it is not the chance that this lesion is cancer for a given patient.
      </p>
      <p>
        See a doctor about any lesion that is new, changing, bleeding or
        itching, whatever this result says.
      </p>
    </section>
  );
}
