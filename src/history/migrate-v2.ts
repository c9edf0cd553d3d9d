/**
 * Migration of version 2 history records to version 3. Pure, so the
 * IndexedDB upgrade and the import of version 2 JSON share it.
 */

import type { AnalysisRecord, AnalysisResult } from './records';

/** An analysis as version 2 stored and exported it. */
export interface V2AnalysisRecord extends Omit<AnalysisRecord, 'result'> {
  /** The model outputs without the class-activation grid and flags. */
  result: Omit<AnalysisResult, 'cam' | 'flags'>;
}

/**
 * Converts one version 2 analysis. Version 2 did not store the
 * class-activation grid, so `cam` is null and the history shows no
 * heatmap for it. It did not store the photo's warnings either, so
 * `flags` is null (unknown), not an empty list. The `ood` score alone
 * cannot restore the out-of-distribution flag, because the threshold it
 * was compared with is in the manifest of the model that made it, which
 * the record does not keep.
 */
export function migrateV2Analysis(record: V2AnalysisRecord): AnalysisRecord {
  return { ...record, result: { ...record.result, cam: null, flags: null } };
}

/** Converts version 2 analyses. Lesions did not change in version 3. */
export function migrateV2(
  records: readonly V2AnalysisRecord[],
): AnalysisRecord[] {
  return records.map(migrateV2Analysis);
}
