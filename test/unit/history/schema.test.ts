import 'fake-indexeddb/auto';

import { readFile } from 'node:fs/promises';

import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { fromDataUrl } from '../../../src/history/data-url';
import {
  v1LesionId,
  type V1AnalysisRecord,
} from '../../../src/history/migrate-v1';
import { openHistoryDb, SCHEMA_VERSION } from '../../../src/history/schema';

const FIXTURE = new URL(
  '../../fixtures/history/v1-export.json',
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
