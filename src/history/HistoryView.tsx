import { useId, useMemo, useRef, useState } from 'react';

import { formatPercent, RISK_CATEGORY_TEXT } from '../result/interpret';
import type { ModelManifest } from '../shared/manifest';
import { BodyMap } from './BodyMap';
import { ConfirmButton } from './ConfirmButton';
import { HistoryError } from './errors';
import { downloadJson, downloadReport, type ExportScope } from './exports';
import {
  isUncertain,
  isUnreliable,
  qualitySentence,
  UNCERTAIN_TEXT,
  UNRELIABLE_TEXT,
} from './flags';
import { formatDate } from './format';
import { importHistoryFile } from './import-file';
import { LesionTimeline } from './LesionTimeline';
import type { HistoryStore, LesionSummary } from './store';
import { historyStore, useHistoryQuery } from './use-history';
import {
  DEFAULT_VOCABULARY,
  siteName,
  vocabularyOf,
  type HistoryVocabulary,
} from './vocabulary';
import './history.css';

interface HistoryViewProps {
  /** The loaded model's manifest, or null while it loads or if it failed. */
  manifest: ModelManifest | null;
  store?: HistoryStore;
}

type Message = { kind: 'status' | 'error'; text: string } | null;

const listLesions = (store: HistoryStore) => store.listLesions();

const MAP_LABEL =
  'Tracked lesions by body site. Choose a site to list its lesions.';

/** Returns "the 1 lesion" or "all 3 lesions". */
function lesionCount(n: number): string {
  return n === 1 ? 'the 1 lesion' : `all ${n} lesions`;
}

function analysisCount(n: number): string {
  return n === 1 ? '1 analysis' : `${n} analyses`;
}

function summaryText(
  summary: LesionSummary,
  vocabulary: HistoryVocabulary,
): string {
  const parts = [
    siteName(vocabulary, summary.lesion.site),
    analysisCount(summary.analysisCount),
  ];
  const { latest } = summary;
  if (latest) {
    parts.push(
      `latest ${formatDate(latest.analysedAt)}: ` +
        `${formatPercent(latest.result.malignant)}, ` +
        RISK_CATEGORY_TEXT[latest.result.riskCategory],
    );
    const quality = qualitySentence(latest.result.flags);
    if (quality) {
      parts.push(quality);
    }
  }
  return parts.join(' · ');
}

/**
 * Shows the saved history: a body map of tracked lesions, the lesion list, one
 * lesion's timeline, and export, import and delete.
 */
export function HistoryView({
  manifest,
  store = historyStore,
}: HistoryViewProps) {
  const headingId = useId();
  const importId = useId();
  const importHintId = useId();
  const lesionHeadingRef = useRef<HTMLHeadingElement>(null);
  const vocabulary = useMemo(
    () => (manifest ? vocabularyOf(manifest.metadata) : DEFAULT_VOCABULARY),
    [manifest],
  );
  const labelNames = manifest?.labelNames ?? {};
  const summaries = useHistoryQuery(store, listLesions);
  const [openId, setOpenId] = useState<string | null>(null);
  const [siteFilter, setSiteFilter] = useState<string | null>(null);
  const [message, setMessage] = useState<Message>(null);

  const run = async (action: () => Promise<string | null>) => {
    setMessage(null);
    try {
      const text = await action();
      setMessage(text ? { kind: 'status', text } : null);
    } catch (error) {
      // A rejected import is the user's file, not a fault of the app.
      if (error instanceof HistoryError && error.code === 'import-invalid') {
        console.warn(`History import rejected: ${error.message}`);
      } else {
        console.error('History action failed', error);
      }
      const text = error instanceof Error ? error.message : String(error);
      setMessage({ kind: 'error', text });
    }
  };

  const list = summaries.status === 'ready' ? summaries.value : [];
  const open = list.find((summary) => summary.lesion.id === openId);
  const counts: Record<string, number> = {};
  for (const { lesion } of list) {
    if (lesion.site !== null) {
      counts[lesion.site] = (counts[lesion.site] ?? 0) + 1;
    }
  }
  const visibleLesions =
    siteFilter === null
      ? list
      : list.filter((summary) => summary.lesion.site === siteFilter);

  const exportButtons = (scope: ExportScope) => (
    <>
      <button
        type="button"
        onClick={() =>
          run(async () => {
            await downloadReport(store, scope, vocabulary, labelNames);
            return (
              'The report was downloaded. Open it and print it, or save ' +
              'it as PDF.'
            );
          })
        }
      >
        Download printable report
      </button>
      <button
        type="button"
        onClick={() =>
          run(async () => {
            await downloadJson(store, scope);
            return 'The JSON file was downloaded.';
          })
        }
      >
        Export as JSON
      </button>
    </>
  );

  const openLesion = (id: string) => {
    setMessage(null);
    setOpenId(id);
    // Focus the heading of the new view, as a page change would.
    requestAnimationFrame(() => lesionHeadingRef.current?.focus());
  };

  return (
    <section className="history" aria-labelledby={headingId}>
      <h2 id={headingId}>History</h2>
      <p className="hint">
        Saved analyses stay in this browser on this device and are never
        uploaded. Export them to keep a copy or to move them to another device.
      </p>

      <div role="status" data-testid="history-status">
        {message?.kind === 'status' && <p>{message.text}</p>}
      </div>
      {message?.kind === 'error' && (
        <p className="error" role="alert" data-testid="history-error">
          {message.text}
        </p>
      )}

      {summaries.status === 'loading' && <p>Loading the saved history…</p>}
      {summaries.status === 'failed' && (
        <p className="error" role="alert">
          {summaries.message}
        </p>
      )}

      {open ? (
        <article className="lesion" aria-labelledby="lesion-heading">
          <button type="button" onClick={() => setOpenId(null)}>
            Back to all lesions
          </button>
          <h3 id="lesion-heading" ref={lesionHeadingRef} tabIndex={-1}>
            {open.lesion.name}
          </h3>
          <LesionTimeline
            lesion={open.lesion}
            store={store}
            vocabulary={vocabulary}
            onDeleteAnalysis={(analysis) =>
              run(async () => {
                await store.deleteAnalysis(analysis.id);
                return 'The analysis was deleted.';
              })
            }
          />
          <div className="history-actions">
            {exportButtons(open.lesion)}
            <ConfirmButton
              label="Delete this lesion"
              question={
                `Delete “${open.lesion.name}” and its ` +
                `${analysisCount(open.analysisCount)}? This cannot be undone.`
              }
              confirmLabel="Delete the lesion"
              onConfirm={() =>
                run(async () => {
                  await store.deleteLesion(open.lesion.id);
                  setOpenId(null);
                  return `“${open.lesion.name}” was deleted.`;
                })
              }
            />
          </div>
        </article>
      ) : (
        summaries.status === 'ready' && (
          <>
            {list.length === 0 ? (
              <p data-testid="history-empty">
                No analyses are saved yet. After an analysis, use “Save to
                history” to start following a lesion.
              </p>
            ) : (
              <>
                <BodyMap
                  label={MAP_LABEL}
                  vocabulary={vocabulary}
                  value={siteFilter}
                  onChange={setSiteFilter}
                  counts={counts}
                />
                {siteFilter !== null && (
                  <button type="button" onClick={() => setSiteFilter(null)}>
                    Show lesions of all sites
                  </button>
                )}
                <ul className="lesion-list" data-testid="lesion-list">
                  {visibleLesions.map((summary) => (
                    <li key={summary.lesion.id}>
                      <button
                        type="button"
                        className="lesion-link"
                        onClick={() => openLesion(summary.lesion.id)}
                      >
                        <span className="lesion-name">
                          {summary.lesion.name}
                        </span>
                        {isUnreliable(summary.latest?.result.flags ?? null) && (
                          <span
                            className="flag-badge"
                            data-testid="lesion-unreliable"
                          >
                            Latest: {UNRELIABLE_TEXT.toLowerCase()}
                          </span>
                        )}
                        {isUncertain(summary.latest?.result.flags ?? null) && (
                          <span
                            className="flag-badge"
                            data-testid="lesion-uncertain"
                          >
                            Latest: {UNCERTAIN_TEXT.toLowerCase()}
                          </span>
                        )}
                        <span className="muted">
                          {summaryText(summary, vocabulary)}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
                {visibleLesions.length === 0 && (
                  <p>No tracked lesions on this site.</p>
                )}
              </>
            )}
            <div className="history-actions">
              {list.length > 0 && exportButtons(null)}
              <div className="field import-field">
                <label htmlFor={importId}>Import a history file (JSON)</label>
                <input
                  id={importId}
                  type="file"
                  accept="application/json,.json"
                  aria-describedby={importHintId}
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    // Allow choosing the same file again.
                    event.target.value = '';
                    if (file) {
                      void run(() =>
                        importHistoryFile(store, file, vocabulary),
                      );
                    }
                  }}
                />
                <p id={importHintId} className="hint">
                  A file exported by OncoScan on this or another device.
                  Analyses already here are kept as they are.
                </p>
              </div>
              {list.length > 0 && (
                <ConfirmButton
                  label="Delete the whole history"
                  question={
                    `Delete ${lesionCount(list.length)} ` +
                    'and their analyses from this device? This cannot be ' +
                    'undone. Export the history first to keep a copy.'
                  }
                  confirmLabel="Delete everything"
                  onConfirm={() =>
                    run(async () => {
                      await store.deleteAll();
                      setSiteFilter(null);
                      return 'The whole history was deleted.';
                    })
                  }
                />
              )}
            </div>
          </>
        )
      )}
    </section>
  );
}
