/**
 * The JSON export of the history: every lesion and analysis, with photos
 * as base64 data URLs so one file carries everything to another device.
 */

import { toDataUrl } from './data-url';
import type {
  AnalysisRecord,
  LesionRecord,
  PhotoType,
  StoredPhoto,
} from './records';
import { SCHEMA_VERSION } from './schema';

/** Value of the `format` field that marks an OncoScan history export. */
export const EXPORT_FORMAT = 'oncoscan-history';

export interface ExportedPhoto {
  type: PhotoType;
  width: number;
  height: number;
  /** `data:TYPE;base64,...` of the photo bytes. */
  dataUrl: string;
}

export type ExportedAnalysis = Omit<AnalysisRecord, 'photo'> & {
  photo: ExportedPhoto;
};

export interface HistoryExport {
  format: typeof EXPORT_FORMAT;
  schemaVersion: typeof SCHEMA_VERSION;
  /** ISO 8601 timestamp in UTC. */
  exportedAt: string;
  /** Version of the app that wrote the file, for support questions. */
  appVersion: string;
  lesions: LesionRecord[];
  analyses: ExportedAnalysis[];
}

export function exportPhoto(photo: StoredPhoto): ExportedPhoto {
  return {
    type: photo.type,
    width: photo.width,
    height: photo.height,
    dataUrl: toDataUrl(photo.type, photo.bytes),
  };
}

/** Builds the export of the given lesions and their analyses. */
export function encodeHistoryExport(
  lesions: readonly LesionRecord[],
  analyses: readonly AnalysisRecord[],
  exportedAt: Date,
  appVersion: string,
): HistoryExport {
  return {
    format: EXPORT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: exportedAt.toISOString(),
    appVersion,
    lesions: [...lesions],
    analyses: analyses.map((analysis) => ({
      ...analysis,
      photo: exportPhoto(analysis.photo),
    })),
  };
}
