/**
 * Records of the analysis history as stored in IndexedDB (schema version
 * 3), and the pure function that builds one from an analysis.
 */

import { assertCamGrid } from '../evidence/heatmap';
import type { PatientMetadata } from '../preprocess/metadata';
import type { PhotoFlag, QualityIssueCode } from '../quality/assess';
import { riskCategory, type RiskCategory } from '../result/interpret';
import type { ModelManifest } from '../shared/manifest';
import type { CamGrid, Prediction } from '../shared/messages';
import { analysisFlags } from './flags';

/** Maximum length of a lesion name, in UTF-16 code units. */
export const MAX_LESION_NAME_LENGTH = 100;

/**
 * Maximum length of a saved photo copy's longer side, in pixels: enough to
 * compare a lesion's photos side by side on a phone or in print.
 */
export const MAX_PHOTO_SIDE = 512;

/** Maximum length of a note, in UTF-16 code units (about a page of text). */
export const MAX_NOTE_LENGTH = 2000;

/**
 * Maximum rows or columns of a saved class-activation grid. The graph's
 * grid has one cell per 32 input pixels a side (docs/model-interface.md),
 * so 64 allows model inputs up to 2048 pixels and grids of at most 4096
 * numbers.
 */
export const MAX_CAM_SIDE = 64;

/** Image types a saved photo copy may have. */
export const PHOTO_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Downscaled copy of the analysed photo. */
export interface StoredPhoto {
  type: PhotoType;
  /** Size in pixels. */
  width: number;
  height: number;
  bytes: ArrayBuffer;
}

/** Metadata the analysis was run with, `null` where unknown. */
export interface PatientRecord {
  /** Age in years. */
  age: number | null;
  /** A value of `manifest.metadata.sex.values`. */
  sex: string | null;
  /** A value of `manifest.metadata.site.values`. */
  site: string | null;
}

/** Model outputs of one analysis and the model that produced them. */
export interface AnalysisResult {
  /** Calibrated malignant probability, 0-1. */
  malignant: number;
  /** Probability of each diagnosis, in `labels` order. */
  diagnosis: number[];
  /** Diagnosis codes of the model, as `manifest.labels`. */
  labels: string[];
  /** Referral threshold on `malignant` that the model used, 0-1. */
  threshold: number;
  riskCategory: RiskCategory;
  /** Out-of-distribution score, or null for models without one. */
  ood: number | null;
  /**
   * Class-activation grid of the malignant output, which the heatmap
   * shows, or null where none was saved: analyses saved before schema
   * version 3, and predictions made without one.
   */
  cam: CamGrid | null;
  /**
   * Warnings that applied when the photo was analysed: the photo-quality
   * flags shown before the analysis, then `out_of_distribution` when the
   * result was marked unreliable. An empty list means no warning applied.
   * Null means unknown: analyses saved before the flags were stored.
   */
  flags: PhotoFlag[] | null;
  modelName: string;
  modelVersion: string;
}

/** A lesion the user follows over time, such as "left shoulder mole". */
export interface LesionRecord {
  id: string;
  name: string;
  /** A HAM10000 site value of `manifest.metadata.site`, or null. */
  site: string | null;
  /** ISO 8601 timestamp in UTC. */
  createdAt: string;
}

export interface AnalysisRecord {
  id: string;
  lesionId: string;
  /** ISO 8601 timestamp in UTC of the analysis. */
  analysedAt: string;
  patient: PatientRecord;
  result: AnalysisResult;
  /** Free text the user wrote, shown as text only. */
  note: string;
  photo: StoredPhoto;
}

/** An analysis the user asked to save, before it becomes a record. */
export interface AnalysisToSave {
  id: string;
  lesionId: string;
  analysedAt: Date;
  manifest: ModelManifest;
  prediction: Prediction;
  patient: PatientMetadata;
  /** Photo-quality flags that were shown for the analysed photo. */
  qualityFlags: readonly QualityIssueCode[];
  note: string;
  photo: StoredPhoto;
}

/**
 * Copies a prediction's class-activation grid for storage. Throws a
 * `RangeError` unless it is a grid of finite numbers at most
 * `MAX_CAM_SIDE` cells a side, the limit the import also applies.
 */
function storedCam(cam: CamGrid | undefined): CamGrid | null {
  if (!cam) {
    return null;
  }
  assertCamGrid(cam);
  if (cam.rows > MAX_CAM_SIDE || cam.columns > MAX_CAM_SIDE) {
    throw new RangeError(
      `CAM has ${cam.rows} x ${cam.columns} cells, more than the maximum ` +
        `of ${MAX_CAM_SIDE} a side`,
    );
  }
  return { rows: cam.rows, columns: cam.columns, values: [...cam.values] };
}

/**
 * Builds the stored record of an analysis, with the threshold, labels and
 * model version of the manifest it ran with and the warnings that applied
 * to it. Throws a `RangeError` for a
 * note over `MAX_NOTE_LENGTH`, outputs that do not match the labels, or an
 * invalid class-activation grid.
 */
export function buildAnalysisRecord(analysis: AnalysisToSave): AnalysisRecord {
  const { manifest, prediction, patient } = analysis;
  const note = analysis.note.trim();
  if (note.length > MAX_NOTE_LENGTH) {
    throw new RangeError(
      `The note has ${note.length} characters; the maximum is ` +
        `${MAX_NOTE_LENGTH}`,
    );
  }
  if (prediction.diagnosis.length !== manifest.labels.length) {
    throw new RangeError(
      `Got ${prediction.diagnosis.length} diagnosis probabilities for ` +
        `${manifest.labels.length} labels`,
    );
  }
  return {
    id: analysis.id,
    lesionId: analysis.lesionId,
    analysedAt: analysis.analysedAt.toISOString(),
    patient: { age: patient.age, sex: patient.sex, site: patient.site },
    result: {
      malignant: prediction.malignant,
      diagnosis: [...prediction.diagnosis],
      labels: [...manifest.labels],
      threshold: manifest.threshold,
      riskCategory: riskCategory(prediction.malignant, manifest.threshold),
      ood: prediction.ood,
      cam: storedCam(prediction.cam),
      flags: analysisFlags(analysis.qualityFlags, manifest, prediction),
      modelName: manifest.name,
      modelVersion: manifest.version,
    },
    note,
    photo: analysis.photo,
  };
}
