/**
 * Migration of version 1 history records to version 2. Pure, so the
 * IndexedDB upgrade and the import of version 1 JSON share it. The result
 * is in the version 2 layout, which `migrateV2` brings up to date.
 */

import { riskCategory } from '../result/interpret';
import { fromDataUrl } from './data-url';
import type { V2AnalysisRecord } from './migrate-v2';
import { PHOTO_TYPES, type LesionRecord, type PhotoType } from './records';

/** An analysis as version 1 stored and exported it. */
export interface V1AnalysisRecord {
  id: string;
  /** Milliseconds since 1970-01-01 UTC. */
  savedAt: number;
  lesionName: string;
  /** Site of the lesion, which was also the site the model was given. */
  site: string | null;
  /** Age in years. */
  age: number | null;
  sex: string | null;
  malignant: number;
  /** Probability of each diagnosis code, in the model's label order. */
  diagnosis: Record<string, number>;
  threshold: number;
  modelName: string;
  modelVersion: string;
  note: string;
  /** Photo copy as a base64 data URL. */
  photo: string;
  /** Size of the photo copy in pixels. */
  photoWidth: number;
  photoHeight: number;
}

export interface MigratedHistory {
  lesions: LesionRecord[];
  analyses: V2AnalysisRecord[];
}

function isPhotoType(type: string): type is PhotoType {
  return (PHOTO_TYPES as readonly string[]).includes(type);
}

/**
 * Returns a lesion id derived from the version 1 lesion name and site, so
 * migrating the same records again, in the database or from an exported
 * file, gives the same lesion. The hash is cyrb53 (53-bit, public domain).
 */
export function v1LesionId(name: string, site: string | null): string {
  const key = JSON.stringify([name, site]);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `v1-lesion-${hash.toString(16).padStart(14, '0')}`;
}

/**
 * Converts version 1 records. Records with the same lesion name and site
 * become one lesion, created at its earliest analysis. Throws a
 * `RangeError` for a photo that is not a base64 data URL of a photo type.
 */
export function migrateV1(
  records: readonly V1AnalysisRecord[],
): MigratedHistory {
  const byDate = [...records].sort((a, b) => a.savedAt - b.savedAt);
  const lesionIds = new Set<string>();
  const lesions: LesionRecord[] = [];
  const analyses: V2AnalysisRecord[] = [];

  for (const record of byDate) {
    const name = record.lesionName.trim();
    const analysedAt = new Date(record.savedAt).toISOString();
    const lesionId = v1LesionId(name, record.site);
    if (!lesionIds.has(lesionId)) {
      lesionIds.add(lesionId);
      lesions.push({
        id: lesionId,
        name,
        site: record.site,
        createdAt: analysedAt,
      });
    }

    const photo = fromDataUrl(record.photo);
    if (!photo || !isPhotoType(photo.type)) {
      throw new RangeError(
        `Saved analysis ${record.id} has a photo that is not a base64 ` +
          `data URL of type ${PHOTO_TYPES.join(', ')}`,
      );
    }
    const labels = Object.keys(record.diagnosis);
    analyses.push({
      id: record.id,
      lesionId,
      analysedAt,
      patient: { age: record.age, sex: record.sex, site: record.site },
      result: {
        malignant: record.malignant,
        diagnosis: labels.map((label) => record.diagnosis[label]!),
        labels,
        threshold: record.threshold,
        riskCategory: riskCategory(record.malignant, record.threshold),
        // Version 1 did not store the out-of-distribution score.
        ood: null,
        modelName: record.modelName,
        modelVersion: record.modelVersion,
      },
      note: record.note,
      photo: {
        type: photo.type,
        width: record.photoWidth,
        height: record.photoHeight,
        bytes: photo.bytes,
      },
    });
  }
  return { lesions, analyses };
}
