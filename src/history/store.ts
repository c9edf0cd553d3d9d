/**
 * Reads and writes of the analysis history. Every change runs in one
 * IndexedDB transaction, so a failed write (a full quota included) leaves
 * the stored history exactly as it was.
 */

import type { IDBPTransaction } from 'idb';

import { HistoryError, isQuotaExceeded } from './errors';
import type { ImportedHistory } from './import-json';
import type { AnalysisRecord, LesionRecord } from './records';
import {
  HISTORY_DB_NAME,
  openHistoryDb,
  type HistoryDb,
  type HistorySchema,
} from './schema';

const STORES = ['lesions', 'analyses'] as const;

type Transaction = IDBPTransaction<
  HistorySchema,
  typeof STORES extends readonly (infer T)[] ? T[] : never,
  'readwrite'
>;

/** A lesion with the number of its analyses and the latest one. */
export interface LesionSummary {
  lesion: LesionRecord;
  analysisCount: number;
  latest: AnalysisRecord | null;
}

export interface ImportSummary {
  sourceVersion: number;
  addedLesions: number;
  addedAnalyses: number;
  /** Analyses whose id was already stored; the stored ones were kept. */
  skippedAnalyses: number;
}

export interface HistoryCounts {
  lesions: number;
  analyses: number;
}

/** Key range of one lesion's analyses in the `lesionDate` index. */
function lesionRange(lesionId: string): IDBKeyRange {
  // '\uffff' sorts after every ISO 8601 timestamp.
  return IDBKeyRange.bound([lesionId, ''], [lesionId, '\uffff']);
}

/**
 * Makes one request per item and awaits them all. A request that throws
 * while it is made becomes a rejection, so the requests made before it
 * are still awaited and their abort errors are not left unhandled.
 */
function requestEach<T>(
  items: readonly T[],
  request: (item: T) => Promise<unknown>,
): Promise<unknown[]> {
  return Promise.all(
    items.map((item) => {
      try {
        return request(item);
      } catch (error) {
        return Promise.reject(error);
      }
    }),
  );
}

function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Maps a failed write to a `HistoryError`. `action` completes "Could not
 * ...", and `unchanged` states what was kept.
 */
function writeError(
  error: unknown,
  action: string,
  unchanged: string,
): HistoryError {
  if (error instanceof HistoryError) {
    return error;
  }
  if (isQuotaExceeded(error)) {
    return new HistoryError(
      'quota-exceeded',
      `Could not ${action}, because this device has no storage space left ` +
        'for OncoScan. Free some space, or export the history and delete ' +
        `analyses you no longer need, then try again. ${unchanged}`,
      { cause: error },
    );
  }
  return new HistoryError(
    'storage-failed',
    `Could not ${action}: ${detailOf(error)}. ${unchanged}`,
    { cause: error },
  );
}

export class HistoryStore {
  private dbPromise: Promise<HistoryDb> | null = null;
  private readonly listeners = new Set<() => void>();
  /** Number of changes so far, as a snapshot for `useSyncExternalStore`. */
  revision = 0;

  constructor(readonly dbName: string = HISTORY_DB_NAME) {}

  /**
   * Calls `listener` after every change and returns the unsubscribe call.
   * An arrow function, so React can pass it around unbound.
   */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private notify(): void {
    this.revision += 1;
    for (const listener of this.listeners) {
      listener();
    }
  }

  private db(): Promise<HistoryDb> {
    if (!this.dbPromise) {
      const opening = openHistoryDb(this.dbName, () => {
        this.dbPromise = null;
      });
      this.dbPromise = opening.catch((error: unknown) => {
        this.dbPromise = null;
        console.error(
          `Opening history database "${this.dbName}" failed`,
          error,
        );
        throw new HistoryError(
          'open-failed',
          `The saved history could not be opened: ${detailOf(error)}. ` +
            'Nothing was deleted. Reload the page to try again.',
          { cause: error },
        );
      });
    }
    return this.dbPromise;
  }

  /** Closes the connection; the next call opens it again. */
  async close(): Promise<void> {
    const db = await this.dbPromise?.catch(() => null);
    db?.close();
    this.dbPromise = null;
  }

  /**
   * Runs `write` in one read-write transaction over both stores and
   * aborts it on any error, so nothing of a failed change is kept.
   * `write` may await only requests of `transaction`.
   */
  private async transact<T>(
    action: string,
    unchanged: string,
    write: (transaction: Transaction) => Promise<T>,
  ): Promise<T> {
    const db = await this.db();
    const transaction = db.transaction([...STORES], 'readwrite');
    // Rejections are handled below; this stops an unhandled rejection
    // when `write` fails first and the abort rejects `done` too.
    transaction.done.catch(() => {});
    try {
      const result = await write(transaction);
      await transaction.done;
      this.notify();
      return result;
    } catch (error) {
      try {
        transaction.abort();
      } catch {
        // The transaction has already finished or aborted itself.
      }
      const mapped = writeError(error, action, unchanged);
      console.error(`History write failed: ${action}`, error);
      throw mapped;
    }
  }

  async counts(): Promise<HistoryCounts> {
    const db = await this.db();
    const [lesions, analyses] = await Promise.all([
      db.count('lesions'),
      db.count('analyses'),
    ]);
    return { lesions, analyses };
  }

  /** Lesions with their latest analysis, most recently analysed first. */
  async listLesions(): Promise<LesionSummary[]> {
    const db = await this.db();
    const transaction = db.transaction([...STORES], 'readonly');
    const index = transaction.objectStore('analyses').index('lesionDate');
    const lesions = await transaction.objectStore('lesions').getAll();
    const summaries = await Promise.all(
      lesions.map(async (lesion) => {
        const range = lesionRange(lesion.id);
        const [analysisCount, cursor] = await Promise.all([
          index.count(range),
          index.openCursor(range, 'prev'),
        ]);
        return { lesion, analysisCount, latest: cursor?.value ?? null };
      }),
    );
    const lastActivity = (summary: LesionSummary) =>
      summary.latest?.analysedAt ?? summary.lesion.createdAt;
    return summaries.sort((a, b) =>
      lastActivity(b).localeCompare(lastActivity(a)),
    );
  }

  async getLesion(lesionId: string): Promise<LesionRecord | undefined> {
    return (await this.db()).get('lesions', lesionId);
  }

  /** Returns a lesion's analyses, oldest first. */
  async listAnalyses(lesionId: string): Promise<AnalysisRecord[]> {
    const db = await this.db();
    return db.getAllFromIndex('analyses', 'lesionDate', lesionRange(lesionId));
  }

  /**
   * Saves an analysis, and the new lesion it starts when `newLesion` is
   * given, in one transaction.
   */
  async saveAnalysis(
    analysis: AnalysisRecord,
    newLesion?: LesionRecord,
  ): Promise<void> {
    await this.transact(
      'save the analysis',
      'Nothing already saved was lost.',
      async (transaction) => {
        const lesions = transaction.objectStore('lesions');
        if (newLesion) {
          await lesions.add(newLesion);
        } else if ((await lesions.getKey(analysis.lesionId)) === undefined) {
          throw new HistoryError(
            'not-found',
            `Could not save the analysis: lesion ${analysis.lesionId} was ` +
              'deleted. Choose another lesion or start a new one.',
          );
        }
        await transaction.objectStore('analyses').add(analysis);
      },
    );
  }

  async deleteAnalysis(analysisId: string): Promise<void> {
    await this.transact(
      'delete the analysis',
      'Nothing was deleted.',
      async (transaction) => {
        await transaction.objectStore('analyses').delete(analysisId);
      },
    );
  }

  /** Deletes a lesion and all its analyses. */
  async deleteLesion(lesionId: string): Promise<void> {
    await this.transact(
      'delete the lesion',
      'Nothing was deleted.',
      async (transaction) => {
        const analyses = transaction.objectStore('analyses');
        const keys = await analyses
          .index('lesionDate')
          .getAllKeys(lesionRange(lesionId));
        await requestEach(keys, (key) => analyses.delete(key));
        await transaction.objectStore('lesions').delete(lesionId);
      },
    );
  }

  async deleteAll(): Promise<void> {
    await this.transact(
      'delete the history',
      'Nothing was deleted.',
      async (transaction) => {
        await requestEach(STORES, (name) =>
          transaction.objectStore(name).clear(),
        );
      },
    );
  }

  /** Reads every lesion and analysis, for the JSON export and the report. */
  async readAll(): Promise<{
    lesions: LesionRecord[];
    analyses: AnalysisRecord[];
  }> {
    const db = await this.db();
    const transaction = db.transaction([...STORES], 'readonly');
    const [lesions, analyses] = await Promise.all([
      transaction.objectStore('lesions').getAll(),
      transaction.objectStore('analyses').index('lesionDate').getAll(),
    ]);
    return { lesions, analyses };
  }

  /**
   * Adds the lesions and analyses of a validated file in one transaction.
   * Records whose id is already stored are skipped, so a stored note or
   * analysis is never overwritten and importing a file twice adds nothing.
   */
  async importHistory(imported: ImportedHistory): Promise<ImportSummary> {
    return this.transact(
      'import the file',
      'Nothing was imported.',
      async (transaction) => {
        const lesions = transaction.objectStore('lesions');
        const analyses = transaction.objectStore('analyses');
        const [lesionKeys, analysisKeys] = await Promise.all([
          lesions.getAllKeys(),
          analyses.getAllKeys(),
        ]);
        const storedLesions = new Set(lesionKeys);
        const storedAnalyses = new Set(analysisKeys);
        const newLesions = imported.lesions.filter(
          (lesion) => !storedLesions.has(lesion.id),
        );
        const newAnalyses = imported.analyses.filter(
          (analysis) => !storedAnalyses.has(analysis.id),
        );
        await requestEach(newLesions, (lesion) => lesions.add(lesion));
        await requestEach(newAnalyses, (analysis) => analyses.add(analysis));
        return {
          sourceVersion: imported.sourceVersion,
          addedLesions: newLesions.length,
          addedAnalyses: newAnalyses.length,
          skippedAnalyses: imported.analyses.length - newAnalyses.length,
        };
      },
    );
  }
}
