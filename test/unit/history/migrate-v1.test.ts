import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { fromDataUrl } from '../../../src/history/data-url';
import {
  migrateV1,
  v1LesionId,
  type V1AnalysisRecord,
} from '../../../src/history/migrate-v1';

const FIXTURE = new URL(
  '../../fixtures/history/v1-export.json',
  import.meta.url,
);

async function v1Records(): Promise<V1AnalysisRecord[]> {
  return JSON.parse(await readFile(FIXTURE, 'utf8')).analyses;
}

describe('migrateV1', () => {
  it('groups records by lesion name and site', async () => {
    const { lesions, analyses } = migrateV1(await v1Records());

    expect(lesions.map((lesion) => [lesion.name, lesion.site])).toEqual([
      ['left shoulder mole', 'back'],
      ['cheek spot', 'face'],
    ]);
    const shoulder = lesions[0]!;
    const shoulderAnalyses = analyses.filter(
      (analysis) => analysis.lesionId === shoulder.id,
    );
    expect(shoulderAnalyses.map((analysis) => analysis.id)).toEqual([
      'c0a8e1f2-0001-4a6b-9c1d-000000000001',
      'c0a8e1f2-0002-4a6b-9c1d-000000000002',
    ]);
    expect(shoulder.createdAt).toBe('2024-01-15T09:30:00.000Z');
  });

  it('maps every field of a record', async () => {
    const records = await v1Records();
    const source = records[1]!;
    const { analyses } = migrateV1(records);
    const migrated = analyses.find((analysis) => analysis.id === source.id)!;

    expect(migrated.analysedAt).toBe(new Date(source.savedAt).toISOString());
    expect(migrated.lesionId).toBe(v1LesionId(source.lesionName, source.site));
    expect(migrated.patient).toEqual({
      age: source.age,
      sex: source.sex,
      site: source.site,
    });
    expect(migrated.result.labels).toEqual(Object.keys(source.diagnosis));
    expect(migrated.result.diagnosis).toEqual(Object.values(source.diagnosis));
    expect(migrated.result.malignant).toBe(source.malignant);
    expect(migrated.result.threshold).toBe(source.threshold);
    expect(migrated.result.modelName).toBe(source.modelName);
    expect(migrated.result.modelVersion).toBe(source.modelVersion);
    expect(migrated.result.ood).toBeNull();
    expect(migrated.note).toBe(source.note);
    expect(migrated.photo.type).toBe('image/jpeg');
    expect(migrated.photo.width).toBe(source.photoWidth);
    expect(migrated.photo.height).toBe(source.photoHeight);
    expect(new Uint8Array(migrated.photo.bytes)).toEqual(
      new Uint8Array(fromDataUrl(source.photo)!.bytes),
    );
  });

  it('derives the risk category from the threshold', async () => {
    const { analyses } = migrateV1(await v1Records());
    for (const analysis of analyses) {
      const { malignant, threshold, riskCategory } = analysis.result;
      expect(riskCategory).toBe(malignant >= threshold ? 'refer' : 'monitor');
    }
    expect(analyses.map((analysis) => analysis.result.riskCategory)).toEqual([
      'monitor',
      'monitor',
      'refer',
    ]);
  });

  it('gives the same lesion ids on every run', async () => {
    const records = await v1Records();
    const first = migrateV1(records).lesions.map((lesion) => lesion.id);
    const second = migrateV1([...records].reverse()).lesions.map(
      (lesion) => lesion.id,
    );
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it('trims lesion names before grouping', async () => {
    const [record] = await v1Records();
    const { lesions } = migrateV1([
      record!,
      { ...record!, id: 'other', lesionName: '  left shoulder mole ' },
    ]);
    expect(lesions).toHaveLength(1);
  });

  it('rejects a photo that is not a data URL', async () => {
    const [record] = await v1Records();
    expect(() =>
      migrateV1([{ ...record!, photo: 'https://example.invalid/a.jpg' }]),
    ).toThrow(/has a photo that is not a base64 data URL/);
  });
});
