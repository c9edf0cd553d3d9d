/**
 * The files the history view offers: the JSON export and the printable
 * report, of one lesion or of everything.
 */

import { APP_VERSION } from '../shared/app-version';
import { downloadFile } from './download';
import { encodeHistoryExport } from './export-json';
import { fileNamePart, isoDay } from './format';
import type { AnalysisRecord, LesionRecord } from './records';
import { buildReport, type ReportLesion } from './report';
import type { HistoryStore } from './store';
import type { HistoryVocabulary } from './vocabulary';

/** One lesion, or `null` for the whole history. */
export type ExportScope = LesionRecord | null;

async function readScope(
  store: HistoryStore,
  scope: ExportScope,
): Promise<{ lesions: LesionRecord[]; analyses: AnalysisRecord[] }> {
  if (scope) {
    return { lesions: [scope], analyses: await store.listAnalyses(scope.id) };
  }
  return store.readAll();
}

function baseName(scope: ExportScope, now: Date): string {
  const subject = scope ? fileNamePart(scope.name) : 'history';
  return `oncoscan-${subject}-${isoDay(now)}`;
}

/** Downloads the JSON export of one lesion or of everything. */
export async function downloadJson(
  store: HistoryStore,
  scope: ExportScope,
  now: Date = new Date(),
): Promise<void> {
  const { lesions, analyses } = await readScope(store, scope);
  const file = encodeHistoryExport(lesions, analyses, now, APP_VERSION);
  downloadFile(
    `${baseName(scope, now)}.json`,
    new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' }),
  );
}

/** Downloads the printable HTML report of one lesion or of everything. */
export async function downloadReport(
  store: HistoryStore,
  scope: ExportScope,
  vocabulary: HistoryVocabulary,
  labelNames: Readonly<Record<string, string>>,
  now: Date = new Date(),
): Promise<void> {
  const { lesions, analyses } = await readScope(store, scope);
  const byLesion: ReportLesion[] = lesions
    .map((lesion) => ({
      lesion,
      analyses: analyses.filter((analysis) => analysis.lesionId === lesion.id),
    }))
    .sort((a, b) => a.lesion.name.localeCompare(b.lesion.name));
  const html = buildReport({
    lesions: byLesion,
    vocabulary,
    labelNames,
    generatedAt: now,
    appVersion: APP_VERSION,
  });
  downloadFile(
    `${baseName(scope, now)}-report.html`,
    new Blob([html], { type: 'text/html' }),
  );
}
