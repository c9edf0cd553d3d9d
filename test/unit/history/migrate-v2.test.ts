import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { fromDataUrl } from '../../../src/history/data-url';
import {
  migrateV2,
  migrateV2Analysis,
  type V2AnalysisRecord,
} from '../../../src/history/migrate-v2';

const FIXTURE = new URL(
  '../../fixtures/history/v2-export.json',
  import.meta.url,
);

/** The fixture's analyses as version 2 stored them: photos as bytes. */
async function v2Records(): Promise<V2AnalysisRecord[]> {
  const file = JSON.parse(await readFile(FIXTURE, 'utf8'));
  return file.analyses.map((analysis: any) => {
    const { dataUrl, ...photo } = analysis.photo;
    return {
      ...analysis,
      photo: { ...photo, bytes: fromDataUrl(dataUrl)!.bytes },
    };
  });
}

describe('migrateV2', () => {
  it('adds an empty grid, unknown flags, keeps the rest', async () => {
    const records = await v2Records();
    const migrated = migrateV2(records);

    expect(migrated).toHaveLength(records.length);
    migrated.forEach((analysis, i) => {
      const source = records[i]!;
      expect(analysis.result.cam).toBeNull();
      // Unknown, not "no warnings": version 2 did not store them.
      expect(analysis.result.flags).toBeNull();
      expect(analysis).toEqual({
        ...source,
        result: { ...source.result, cam: null, flags: null },
      });
      expect(analysis.photo.bytes).toBe(source.photo.bytes);
    });
  });

  it('leaves the version 2 record unchanged', async () => {
    const [record] = await v2Records();
    const before = structuredClone(record!);

    migrateV2Analysis(record!);

    expect(record).toEqual(before);
    expect('cam' in record!.result).toBe(false);
    expect('flags' in record!.result).toBe(false);
  });
});
