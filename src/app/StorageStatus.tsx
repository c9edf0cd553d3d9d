import { useEffect, useState } from 'react';

import { requestPersistentStorage, type StorageOutcome } from './storage';

const OUTCOME_TEXT: Record<StorageOutcome, string> = {
  persistent: 'Offline storage: kept by the browser.',
  'best-effort':
    'Offline storage: the browser may clear it when space runs low. The ' +
    'model then downloads again, but saved history is lost, so export it ' +
    'to keep a copy.',
  unsupported:
    'Offline storage: this browser cannot promise to keep it, so export ' +
    'saved history to keep a copy.',
};

/** Requests persistent storage once and shows the outcome. */
export function StorageStatus() {
  const [outcome, setOutcome] = useState<StorageOutcome | null>(null);
  useEffect(() => {
    let active = true;
    void requestPersistentStorage().then((result) => {
      if (active) {
        setOutcome(result);
      }
    });
    return () => {
      active = false;
    };
  }, []);
  if (!outcome) {
    return null;
  }
  return (
    <p className="storage-status" data-testid="storage-status">
      {OUTCOME_TEXT[outcome]}
    </p>
  );
}
