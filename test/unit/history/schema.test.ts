import 'fake-indexeddb/auto';

import { readFile } from 'node:fs/promises';

import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fromDataUrl } from '../../../src/history/data-url';
import {
  v1LesionId,
  type V1AnalysisRecord,
} from '../../../src/history/migrate-v1';
import type { V2AnalysisRecord } from '../../../src/history/migrate-v2';
import type { LesionRecord } from '../../../src/history/records';
import { openHistoryDb, SCHEMA_VERSION } from '../../../src/history/schema';
import { HistoryStore } from '../../../src/history/store';
import { makeAnalysis } from '../../helpers/history-records';

const FIXTURE = new URL(
  '../../fixtures/history/v1-export.json',
  import.meta.url,
);
const V2_FIXTURE = new URL(
  '../../fixtures/history/v2-export.json',
  import.meta.url,
);

let dbNumber = 0;
function uniqueName(): string {
  dbNumber += 1;
  return `schema-test-${dbNumber}`;
}

/** Creates a database as version 1 of the app left it. */
async function createV1Database(
  name: string,
  records: V1AnalysisRecord[],
): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(database) {
      database.createObjectStore('analyses', { keyPath: 'id' });
    },
  });
  const transaction = db.transaction('analyses', 'readwrite');
  await Promise.all([
    ...records.map((record) => transaction.store.put(record)),
    transaction.done,
  ]);
  db.close();
}

async function v1Records(): Promise<V1AnalysisRecord[]> {
  return JSON.parse(await readFile(FIXTURE, 'utf8')).analyses;
}

/** Records of the version 2 fixture as version 2 stored them. */
async function v2Records(): Promise<{
  lesions: LesionRecord[];
  analyses: V2AnalysisRecord[];
}> {
  const file = JSON.parse(await readFile(V2_FIXTURE, 'utf8'));
  const analyses = file.analyses.map((analysis: any) => {
    const { dataUrl, ...photo } = analysis.photo;
    return {
      ...analysis,
      photo: { ...photo, bytes: fromDataUrl(dataUrl)!.bytes },
    };
  });
  return { lesions: file.lesions, analyses };
}

/** Creates a database as version 2 of the app left it. */
async function createV2Database(
  name: string,
  records: { lesions: LesionRecord[]; analyses: V2AnalysisRecord[] },
): Promise<void> {
  const db = await openDB(name, 2, {
    upgrade(database) {
      database.createObjectStore('lesions', { keyPath: 'id' });
      database
        .createObjectStore('analyses', { keyPath: 'id' })
        .createIndex('lesionDate', ['lesionId', 'analysedAt']);
    },
  });
  const transaction = db.transaction(['lesions', 'analyses'], 'readwrite');
  await Promise.all([
    ...records.lesions.map((lesion) =>
      transaction.objectStore('lesions').put(lesion),
    ),
    ...records.analyses.map((analysis) =>
      transaction.objectStore('analyses').put(analysis),
    ),
    transaction.done,
  ]);
  db.close();
}

describe('openHistoryDb', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('creates the current layout', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const db = await openHistoryDb(uniqueName());

    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['analyses', 'lesions']);
    const analyses = db.transaction('analyses').store;
    expect([...analyses.indexNames]).toEqual(['lesionDate']);
    expect(analyses.index('lesionDate').keyPath).toEqual([
      'lesionId',
      'analysedAt',
    ]);
    db.close();
  });

  it('migrates version 1 records in the upgrade', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const name = uniqueName();
    const records = await v1Records();
    await createV1Database(name, records);

    const db = await openHistoryDb(name);

    const lesions = await db.getAll('lesions');
    const analyses = await db.getAll('analyses');
    expect(lesions).toHaveLength(2);
    expect(analyses).toHaveLength(records.length);
    for (const record of records) {
      const migrated = analyses.find((analysis) => analysis.id === record.id)!;
      expect(migrated.lesionId).toBe(
        v1LesionId(record.lesionName, record.site),
      );
      expect(migrated.note).toBe(record.note);
      expect(migrated.result.malignant).toBe(record.malignant);
      expect(migrated.result.cam).toBeNull();
      expect(new Uint8Array(migrated.photo.bytes)).toEqual(
        new Uint8Array(fromDataUrl(record.photo)!.bytes),
      );
      expect('savedAt' in migrated).toBe(false);
    }
    const shoulder = await db.getAllFromIndex(
      'analyses',
      'lesionDate',
      IDBKeyRange.bound(
        [v1LesionId('left shoulder mole', 'back'), ''],
        [v1LesionId('left shoulder mole', 'back'), '\uffff'],
      ),
    );
    expect(shoulder.map((analysis) => analysis.analysedAt)).toEqual([
      '2024-01-15T09:30:00.000Z',
      '2024-04-02T17:05:00.000Z',
    ]);
    db.close();
  });

  it('opens version 2 data with no grids', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const name = uniqueName();
    const records = await v2Records();
    await createV2Database(name, records);

    const db = await openHistoryDb(name);

    expect(db.version).toBe(SCHEMA_VERSION);
    expect(await db.getAll('lesions')).toEqual(records.lesions);
    const analyses = await db.getAll('analyses');
    expect(analyses).toHaveLength(records.analyses.length);
    for (const source of records.analyses) {
      const migrated = analyses.find((analysis) => analysis.id === source.id);
      expect(migrated).toEqual({
        ...source,
        result: { ...source.result, cam: null, flags: null },
      });
    }
    expect(info).toHaveBeenCalledWith(
      `Migrated ${records.analyses.length} saved analyses to history ` +
        'schema version 3',
    );
    db.close();
  });

  it('lists and extends version 2 data', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const name = uniqueName();
    const records = await v2Records();
    await createV2Database(name, records);
    const store = new HistoryStore(name);

    try {
      const [lesion] = records.lesions;
      const before = await store.listAnalyses(lesion!.id);
      expect(before.map((analysis) => analysis.result.cam)).toEqual([
        null,
        null,
      ]);
      const added = makeAnalysis({
        id: 'after-update',
        lesionId: lesion!.id,
        analysedAt: '2025-09-01T10:00:00.000Z',
      });
      await store.saveAnalysis(added);

      const after = await store.listAnalyses(lesion!.id);
      expect(after.map((analysis) => analysis.id)).toEqual([
        ...before.map((analysis) => analysis.id),
        'after-update',
      ]);
      expect(after[2]!.result.cam).toEqual(added.result.cam);
    } finally {
      await store.close();
    }
  });

  it('keeps version 1 data when the migration fails', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    const name = uniqueName();
    const [good, other] = await v1Records();
    const broken = { ...other!, photo: 'not a data URL' };
    await createV1Database(name, [good!, broken]);

    await expect(openHistoryDb(name)).rejects.toThrow(
      /has a photo that is not a base64 data URL/,
    );

    const db = await openDB(name);
    expect(db.version).toBe(1);
    expect([...db.objectStoreNames]).toEqual(['analyses']);
    expect(await db.count('analyses')).toBe(2);
    expect(await db.get('analyses', broken.id)).toEqual(broken);
    db.close();
  });
});
