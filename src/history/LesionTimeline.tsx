import { useCallback, useMemo } from 'react';

import { formatPercent, RISK_CATEGORY_TEXT } from '../result/interpret';
import { ConfirmButton } from './ConfirmButton';
import { toDataUrl } from './data-url';
import { isUncertain, isUnreliable } from './flags';
import { formatDateTime } from './format';
import { ProbabilityChart } from './ProbabilityChart';
import type { AnalysisRecord, LesionRecord, StoredPhoto } from './records';
import { SavedFlags } from './SavedFlags';
import { SavedHeatmap } from './SavedHeatmap';
import type { HistoryStore } from './store';
import { useHistoryQuery } from './use-history';
import { siteName, type HistoryVocabulary } from './vocabulary';

interface LesionTimelineProps {
  lesion: LesionRecord;
  store: HistoryStore;
  vocabulary: HistoryVocabulary;
  onDeleteAnalysis: (analysis: AnalysisRecord) => void;
}

const DELETE_QUESTION =
  'Delete this analysis and its photo? This cannot be undone.';

/** Data URL of a stored photo; the app's CSP allows `data:` images. */
function PhotoImage({ photo, alt }: { photo: StoredPhoto; alt: string }) {
  const src = useMemo(() => toDataUrl(photo.type, photo.bytes), [photo]);
  return <img src={src} alt={alt} width={photo.width} height={photo.height} />;
}

/**
 * Shows a lesion's photos side by side, oldest first, with the chart of its
 * malignant probability and each analysis's result, warnings, heatmap and
 * note.
 */
export function LesionTimeline({
  lesion,
  store,
  vocabulary,
  onDeleteAnalysis,
}: LesionTimelineProps) {
  const analyses = useHistoryQuery(
    store,
    useCallback((current) => current.listAnalyses(lesion.id), [lesion.id]),
  );

  if (analyses.status === 'loading') {
    return <p>Loading the analyses of “{lesion.name}”…</p>;
  }
  if (analyses.status === 'failed') {
    return (
      <p className="error" role="alert">
        {analyses.message}
      </p>
    );
  }
  const list = analyses.value;
  return (
    <div className="lesion-timeline">
      <p>
        Body site: {siteName(vocabulary, lesion.site)}.{' '}
        {list.length === 1 ? '1 analysis' : `${list.length} analyses`}.
      </p>
      {list.length > 0 && (
        <ProbabilityChart
          title={`Malignant probability of ${lesion.name} over time`}
          analyses={list.map((analysis) => ({
            id: analysis.id,
            analysedAt: analysis.analysedAt,
            malignant: analysis.result.malignant,
            threshold: analysis.result.threshold,
            unreliable: isUnreliable(analysis.result.flags),
          }))}
        />
      )}
      <ol
        className="photo-strip"
        aria-label={`Photos of ${lesion.name}, oldest first`}
        tabIndex={0}
      >
        {list.map((analysis) => {
          const when = formatDateTime(analysis.analysedAt);
          const { result } = analysis;
          // An unreliable or uncertain low risk must not look reassuring,
          // so its risk text takes the warning colour instead of green.
          const riskClass =
            isUnreliable(result.flags) ||
            (isUncertain(result.flags) && result.riskCategory === 'monitor')
              ? 'unreliable'
              : result.riskCategory;
          return (
            <li key={analysis.id} data-testid="timeline-entry">
              <figure>
                <PhotoImage
                  photo={analysis.photo}
                  alt={`Photo of ${lesion.name}, ${when}`}
                />
                <figcaption>
                  <time dateTime={analysis.analysedAt}>{when}</time>
                  <SavedFlags flags={result.flags} />
                  <span
                    className={`timeline-risk ${riskClass}`}
                    data-testid="timeline-risk"
                  >
                    {RISK_CATEGORY_TEXT[result.riskCategory]}
                  </span>
                  <span data-testid="timeline-probability">
                    Malignant probability {formatPercent(result.malignant)}
                  </span>
                  <span className="muted">
                    Threshold {formatPercent(result.threshold)}, model{' '}
                    {result.modelVersion}
                  </span>
                </figcaption>
              </figure>
              <SavedHeatmap
                cam={result.cam}
                photo={analysis.photo}
                subject={`${lesion.name}, ${when}`}
              />
              {analysis.note !== '' && (
                <p className="history-note" data-testid="timeline-note">
                  {analysis.note}
                </p>
              )}
              <ConfirmButton
                label="Delete"
                accessibleLabel={`Delete the analysis of ${when}`}
                question={DELETE_QUESTION}
                confirmLabel="Delete the analysis"
                onConfirm={() => onDeleteAnalysis(analysis)}
              />
            </li>
          );
        })}
      </ol>
    </div>
  );
}
