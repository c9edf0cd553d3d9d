/**
 * The analysis history's IndexedDB schema: database name, version, stores
 * and indexes, and the upgrade that migrates older versions. The record
 * types are in records.ts. Exported JSON carries the same `SCHEMA_VERSION`.
 */

import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';

import { migrateV1, type V1AnalysisRecord } from './migrate-v1';
import { migrateV2Analysis, type V2AnalysisRecord } from './migrate-v2';
import type { AnalysisRecord, LesionRecord } from './records';

export const HISTORY_DB_NAME = 'oncoscan-history';

/**
 * Version of the database layout and of the export format. Version 1 kept
 * one `analyses` store with the lesion name, the metadata and the model
 * outputs flat in each record and the photo as a data URL. Version 2 adds
 * the `lesions` store and keeps photos as bytes. Version 3 adds the
 * class-activation grid (`result.cam`) and the photo's warnings
 * (`result.flags`) to each analysis.
 */
export const SCHEMA_VERSION = 3;

export interface HistorySchema extends DBSchema {
  lesions: { key: string; value: LesionRecord };
  analyses: {
    key: string;
    value: AnalysisRecord;
    /** `[lesionId, analysedAt]`: a lesion's analyses in date order. */
    indexes: { lesionDate: [string, string] };
  };
}

export type HistoryDb = IDBPDatabase<HistorySchema>;

type UpgradeTransaction = IDBPTransaction<
  HistorySchema,
  StoreNames<HistorySchema>[],
  'versionchange'
>;

/** Creates the version 1 layout: one store of flat analysis records. */
function createV1(db: HistoryDb): void {
  db.createObjectStore('analyses', { keyPath: 'id' });
}

/**
 * Moves version 1 records to the version 2 layout inside the upgrade
 * transaction. Only IndexedDB requests are awaited, because awaiting
 * anything else would let the transaction commit early.
 */
async function upgradeToV2(
  db: HistoryDb,
  transaction: UpgradeTransaction,
): Promise<void> {
  db.createObjectStore('lesions', { keyPath: 'id' });
  const analyses = transaction.objectStore('analyses');
  analyses.createIndex('lesionDate', ['lesionId', 'analysedAt']);

  const v1Records = (await analyses.getAll()) as unknown as V1AnalysisRecord[];
  if (v1Records.length === 0) {
    return;
  }
  const migrated = migrateV1(v1Records);
  const lesions = transaction.objectStore('lesions');
  await Promise.all([
    ...migrated.lesions.map((lesion) => lesions.put(lesion)),
    // Version 2 records, until upgradeToV3 runs in the same transaction.
    ...migrated.analyses.map((analysis) =>
      analyses.put(analysis as unknown as AnalysisRecord),
    ),
  ]);
  console.info(
    `Migrated ${migrated.analyses.length} saved analyses to history ` +
      `schema version 2 (${migrated.lesions.length} lesions)`,
  );
}

/**
 * Adds `result.cam` and `result.flags` to version 2 analyses inside the
 * upgrade transaction, one record at a time with a cursor, so a large
 * history is never read into memory at once. It awaits only IndexedDB
 * requests, as upgradeToV2 does.
 */
async function upgradeToV3(transaction: UpgradeTransaction): Promise<void> {
  let cursor = await transaction.objectStore('analyses').openCursor();
  let migrated = 0;
  while (cursor) {
    const record = cursor.value as unknown as V2AnalysisRecord;
    await cursor.update(migrateV2Analysis(record));
    migrated += 1;
    cursor = await cursor.continue();
  }
  if (migrated > 0) {
    console.info(
      `Migrated ${migrated} saved analyses to history schema version 3`,
    );
  }
}

/** Runs the upgrade steps from `oldVersion` to `SCHEMA_VERSION` in order. */
async function upgradeFrom(
  oldVersion: number,
  db: HistoryDb,
  transaction: UpgradeTransaction,
): Promise<void> {
  if (oldVersion < 2) {
    await upgradeToV2(db, transaction);
  }
  if (oldVersion < 3) {
    await upgradeToV3(transaction);
  }
}

/**
 * Opens the history database, creating or migrating it to
 * `SCHEMA_VERSION`. A failed migration aborts the upgrade, so the data
 * stays as it was, and rejects with the migration's error. `onClosed` runs
 * when the connection closes without a `close()` call of ours.
 */
export async function openHistoryDb(
  name: string = HISTORY_DB_NAME,
  onClosed: () => void = () => {},
): Promise<HistoryDb> {
  let migrationError: unknown = null;
  try {
    return await openDB<HistorySchema>(name, SCHEMA_VERSION, {
      upgrade(db, oldVersion, _newVersion, transaction) {
        console.info(
          `Upgrading history database "${name}" from version ` +
            `${oldVersion} to ${SCHEMA_VERSION}`,
        );
        if (oldVersion < 1) {
          createV1(db);
        }
        // openDB rejects when the upgrade aborts; this only stops the
        // transaction's own promise from being reported as unhandled.
        transaction.done.catch(() => {});
        upgradeFrom(oldVersion, db, transaction).catch((error: unknown) => {
          migrationError = error;
          transaction.abort();
        });
      },
      blocked(currentVersion) {
        console.warn(
          `History database "${name}" version ${currentVersion} is open in ` +
            'another tab; waiting for it to close',
        );
      },
      // A newer version of the app, in another tab or after an update,
      // waits for this connection to close before it can upgrade.
      blocking(_currentVersion, blockedVersion, event) {
        console.info(
          `Closing history database "${name}" so version ` +
            `${blockedVersion} can open`,
        );
        (event.target as IDBDatabase).close();
        onClosed();
      },
      terminated() {
        console.warn(`The browser closed history database "${name}"`);
        onClosed();
      },
    });
  } catch (error) {
    throw migrationError ?? error;
  }
}
