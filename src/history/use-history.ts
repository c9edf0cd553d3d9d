/**
 * React access to the history: the store the app uses and a hook that
 * reloads a query whenever the stored history changes.
 */

import { useEffect, useState, useSyncExternalStore } from 'react';

import { HistoryError } from './errors';
import { HistoryStore } from './store';

/** The store of the app's own history database. */
export const historyStore = new HistoryStore();

export type Loadable<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'failed'; message: string };

/**
 * Runs `query` and runs it again after every change to `store`. Pass a
 * `query` made with `useCallback`, because a new function runs it again.
 */
export function useHistoryQuery<T>(
  store: HistoryStore,
  query: (store: HistoryStore) => Promise<T>,
): Loadable<T> {
  const revision = useSyncExternalStore(store.subscribe, () => store.revision);
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });

  useEffect(() => {
    let active = true;
    query(store).then(
      (value) => {
        if (active) {
          setState({ status: 'ready', value });
        }
      },
      (error: unknown) => {
        console.error('Reading the history failed', error);
        if (active) {
          const message =
            error instanceof HistoryError
              ? error.message
              : `The saved history could not be read: ${String(error)}. ` +
                'Reload the page to try again.';
          setState({ status: 'failed', message });
        }
      },
    );
    return () => {
      active = false;
    };
  }, [store, query, revision]);

  return state;
}
