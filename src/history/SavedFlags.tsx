import type { PhotoFlag } from '../quality/assess';
import {
  FLAGS_NOT_RECORDED_TEXT,
  isUncertain,
  isUnreliable,
  qualitySentence,
  UNCERTAIN_DETAIL,
  UNCERTAIN_TEXT,
  UNRELIABLE_DETAIL,
  UNRELIABLE_TEXT,
} from './flags';

/**
 * Shows a saved analysis's warnings: the unreliable-result and
 * uncertain-result marks, styled as the result view's warning, and the
 * photo-quality flags in short words.
 */
export function SavedFlags({ flags }: { flags: readonly PhotoFlag[] | null }) {
  if (flags === null) {
    return (
      <p className="muted" data-testid="saved-flags-unknown">
        {FLAGS_NOT_RECORDED_TEXT}
      </p>
    );
  }
  const quality = qualitySentence(flags);
  return (
    <>
      {isUnreliable(flags) && (
        <p className="warning saved-unreliable" data-testid="saved-unreliable">
          <strong>{UNRELIABLE_TEXT}:</strong> {UNRELIABLE_DETAIL}
        </p>
      )}
      {isUncertain(flags) && (
        <p className="warning saved-uncertain" data-testid="saved-uncertain">
          <strong>{UNCERTAIN_TEXT}:</strong> {UNCERTAIN_DETAIL}
        </p>
      )}
      {quality && (
        <p className="saved-quality" data-testid="saved-quality">
          {quality}
        </p>
      )}
    </>
  );
}
