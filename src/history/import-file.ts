/**
 * Import of a history file the user picked: size check, parsing and
 * validation of everything, then one transaction that adds the records.
 */

import { HistoryError } from './errors';
import { MAX_IMPORT_BYTES, parseHistoryFile } from './import-json';
import type { HistoryStore, ImportSummary } from './store';
import type { HistoryVocabulary } from './vocabulary';

const BYTES_PER_MB = 1024 * 1024;

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Returns the message shown after a successful import. */
export function describeImport(
  fileName: string,
  summary: ImportSummary,
): string {
  const added =
    `Imported ${count(summary.addedAnalyses, 'analysis', 'analyses')} and ` +
    `${count(summary.addedLesions, 'new lesion', 'new lesions')} from ` +
    `"${fileName}".`;
  if (summary.skippedAnalyses === 0) {
    return added;
  }
  const skipped = summary.skippedAnalyses;
  const verb = skipped === 1 ? 'was' : 'were';
  return (
    `${added} ${count(skipped, 'analysis', 'analyses')} ${verb} already ` +
    `on this device and ${verb} left unchanged.`
  );
}

/**
 * Imports a history file and returns the message to show. Throws a
 * `HistoryError` whose message names the file and the problem, and states
 * that nothing changed.
 */
export async function importHistoryFile(
  store: HistoryStore,
  file: File,
  vocabulary: HistoryVocabulary,
): Promise<string> {
  const rejected = (detail: string) =>
    new HistoryError(
      'import-invalid',
      `"${file.name}" was not imported. ${detail} Nothing was changed. ` +
        'Choose a file that OncoScan exported.',
    );
  if (file.size > MAX_IMPORT_BYTES) {
    throw rejected(
      `It is ${(file.size / BYTES_PER_MB).toFixed(1)} MB, more than the ` +
        `${MAX_IMPORT_BYTES / BYTES_PER_MB} MB an import may be.`,
    );
  }
  const text = await file.text();
  let imported;
  try {
    imported = parseHistoryFile(text, vocabulary);
  } catch (error) {
    if (error instanceof HistoryError && error.code === 'import-invalid') {
      throw rejected(error.message);
    }
    throw error;
  }
  const summary = await store.importHistory(imported);
  console.info(
    `Imported history file "${file.name}" (schema version ` +
      `${summary.sourceVersion}): ${summary.addedAnalyses} analyses added, ` +
      `${summary.skippedAnalyses} already stored`,
  );
  return describeImport(file.name, summary);
}
