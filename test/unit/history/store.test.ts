import 'fake-indexeddb/auto';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { HistoryError } from '../../../src/history/errors';
import { HistoryStore } from '../../../src/history/store';
import { makeAnalysis, makeLesion } from '../../helpers/history-records';

let dbNumber = 0;

function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

describe('HistoryStore', () => {
  let store: HistoryStore;

  beforeEach(() => {
    vi.spyOn(console, 'info').mockImplementation(() => {});
    dbNumber += 1;
    store = new HistoryStore(`store-test-${dbNumber}`);
  });

  afterEach(async () => {
    await store.close();
    vi.restoreAllMocks();
  });

  it('saves a new lesion with its first analysis', async () => {
    const lesion = makeLesion();
    const analysis = makeAnalysis();
    await store.saveAnalysis(analysis, lesion);

    expect(await store.getLesion(lesion.id)).toEqual(lesion);
    expect(await store.listAnalyses(lesion.id)).toEqual([analysis]);
    expect(await store.counts()).toEqual({ lesions: 1, analyses: 1 });
  });

  it('lists analyses oldest first', async () => {
    await store.saveAnalysis(
      makeAnalysis({ id: 'b', analysedAt: '2025-03-01T00:00:00.000Z' }),
      makeLesion(),
    );
    await store.saveAnalysis(
      makeAnalysis({ id: 'a', analysedAt: '2025-02-01T00:00:00.000Z' }),
    );
    await store.saveAnalysis(
      makeAnalysis({
        id: 'c',
        lesionId: 'lesion-2',
        analysedAt: '2025-01-01T00:00:00.000Z',
      }),
      makeLesion({ id: 'lesion-2', name: 'back of knee' }),
    );

    const ids = (await store.listAnalyses('lesion-1')).map((a) => a.id);
    expect(ids).toEqual(['a', 'b']);
  });

  it('summarises lesions by latest analysis', async () => {
    await store.saveAnalysis(
      makeAnalysis({ id: 'a', analysedAt: '2025-01-01T00:00:00.000Z' }),
      makeLesion(),
    );
    await store.saveAnalysis(
      makeAnalysis({ id: 'b', analysedAt: '2025-04-01T00:00:00.000Z' }),
    );
    await store.saveAnalysis(
      makeAnalysis({
        id: 'c',
        lesionId: 'lesion-2',
        analysedAt: '2025-02-01T00:00:00.000Z',
      }),
      makeLesion({ id: 'lesion-2' }),
    );

    const summaries = await store.listLesions();

    expect(summaries.map((summary) => summary.lesion.id)).toEqual([
      'lesion-1',
      'lesion-2',
    ]);
    expect(summaries[0]!.analysisCount).toBe(2);
    expect(summaries[0]!.latest?.id).toBe('b');
    expect(summaries[1]!.analysisCount).toBe(1);
  });

  it('rejects an analysis of a deleted lesion', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = await store
      .saveAnalysis(makeAnalysis({ lesionId: 'gone' }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HistoryError);
    expect((error as HistoryError).code).toBe('not-found');
    expect(await store.counts()).toEqual({ lesions: 0, analyses: 0 });
  });

  it('notifies subscribers after each change', async () => {
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    await store.saveAnalysis(makeAnalysis(), makeLesion());
    await store.deleteAnalysis('analysis-1');
    unsubscribe();
    await store.deleteAll();
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('deletes one analysis', async () => {
    await store.saveAnalysis(makeAnalysis(), makeLesion());
    await store.saveAnalysis(makeAnalysis({ id: 'analysis-2' }));

    await store.deleteAnalysis('analysis-1');

    const ids = (await store.listAnalyses('lesion-1')).map((a) => a.id);
    expect(ids).toEqual(['analysis-2']);
    expect(await store.getLesion('lesion-1')).toBeDefined();
  });

  it('deletes a lesion with its analyses only', async () => {
    await store.saveAnalysis(makeAnalysis(), makeLesion());
    await store.saveAnalysis(makeAnalysis({ id: 'analysis-2' }));
    await store.saveAnalysis(
      makeAnalysis({ id: 'other', lesionId: 'lesion-2' }),
      makeLesion({ id: 'lesion-2' }),
    );

    await store.deleteLesion('lesion-1');

    expect(await store.getLesion('lesion-1')).toBeUndefined();
    expect(await store.listAnalyses('lesion-1')).toEqual([]);
    expect(await store.counts()).toEqual({ lesions: 1, analyses: 1 });
  });

  it('deletes everything', async () => {
    await store.saveAnalysis(makeAnalysis(), makeLesion());
    await store.deleteAll();
    expect(await store.counts()).toEqual({ lesions: 0, analyses: 0 });
  });

  describe('with a full quota', () => {
    let add: typeof IDBObjectStore.prototype.add;

    beforeEach(() => {
      add = IDBObjectStore.prototype.add;
      vi.spyOn(console, 'error').mockImplementation(() => {});
    });

    afterEach(() => {
      IDBObjectStore.prototype.add = add;
    });

    /** Makes every `add` to the analyses store throw QuotaExceededError. */
    function fillQuota() {
      IDBObjectStore.prototype.add = function (
        this: IDBObjectStore,
        ...args: Parameters<typeof add>
      ) {
        if (this.name === 'analyses') {
          throw quotaError();
        }
        return add.apply(this, args);
      };
    }

    it('explains the error and keeps saved data', async () => {
      const saved = makeAnalysis();
      await store.saveAnalysis(saved, makeLesion());
      fillQuota();

      const error = await store
        .saveAnalysis(
          makeAnalysis({ id: 'analysis-2', lesionId: 'lesion-2' }),
          makeLesion({ id: 'lesion-2', name: 'new mole' }),
        )
        .catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(HistoryError);
      expect((error as HistoryError).code).toBe('quota-exceeded');
      expect((error as HistoryError).message).toMatch(
        /^Could not save the analysis, because this device has no storage space left/,
      );
      expect((error as HistoryError).message).toMatch(
        /Nothing already saved was lost\.$/,
      );
      // The new lesion was added in the same transaction, so it is gone too.
      expect(await store.getLesion('lesion-2')).toBeUndefined();
      expect(await store.listAnalyses('lesion-1')).toEqual([saved]);
      expect(await store.counts()).toEqual({ lesions: 1, analyses: 1 });
    });

    it('imports nothing', async () => {
      await store.saveAnalysis(makeAnalysis(), makeLesion());
      fillQuota();

      const error = await store
        .importHistory({
          sourceVersion: 2,
          lesions: [makeLesion({ id: 'lesion-2' })],
          analyses: [makeAnalysis({ id: 'analysis-2', lesionId: 'lesion-2' })],
        })
        .catch((caught: unknown) => caught);

      expect((error as HistoryError).code).toBe('quota-exceeded');
      expect((error as HistoryError).message).toMatch(
        /Nothing was imported\.$/,
      );
      expect(await store.counts()).toEqual({ lesions: 1, analyses: 1 });
    });
  });

  describe('importHistory', () => {
    it('adds new records and keeps stored ones', async () => {
      const stored = makeAnalysis({ note: 'kept note' });
      await store.saveAnalysis(stored, makeLesion());

      const summary = await store.importHistory({
        sourceVersion: 2,
        lesions: [
          makeLesion({ name: 'renamed elsewhere' }),
          makeLesion({ id: 'lesion-2' }),
        ],
        analyses: [
          makeAnalysis({ note: 'imported note' }),
          makeAnalysis({ id: 'analysis-2', lesionId: 'lesion-2' }),
        ],
      });

      expect(summary).toEqual({
        sourceVersion: 2,
        addedLesions: 1,
        addedAnalyses: 1,
        skippedAnalyses: 1,
      });
      expect((await store.getLesion('lesion-1'))?.name).toBe(
        'left shoulder mole',
      );
      expect(await store.listAnalyses('lesion-1')).toEqual([stored]);
      expect(await store.listAnalyses('lesion-2')).toHaveLength(1);
    });

    it('adds nothing when one record fails', async () => {
      await store.saveAnalysis(makeAnalysis(), makeLesion());
      vi.spyOn(console, 'error').mockImplementation(() => {});

      // A function cannot be stored, so the last add throws DataCloneError.
      const unstorable = {
        ...makeAnalysis({ id: 'analysis-3', lesionId: 'lesion-2' }),
        note: (() => {}) as unknown as string,
      };
      const error = await store
        .importHistory({
          sourceVersion: 2,
          lesions: [makeLesion({ id: 'lesion-2' })],
          analyses: [
            makeAnalysis({ id: 'analysis-2', lesionId: 'lesion-2' }),
            unstorable,
          ],
        })
        .catch((caught: unknown) => caught);

      expect((error as HistoryError).code).toBe('storage-failed');
      expect((error as HistoryError).message).toMatch(
        /^Could not import the file: .+\. Nothing was imported\.$/,
      );
      expect(await store.counts()).toEqual({ lesions: 1, analyses: 1 });
    });
  });
});
