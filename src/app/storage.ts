export type StorageOutcome = 'persistent' | 'best-effort' | 'unsupported';

/**
 * Asks the browser to keep the app's storage (the cached model) when disk
 * space runs low. Browsers may decide without asking the user.
 */
export async function requestPersistentStorage(
  storage: StorageManager | undefined = navigator.storage,
): Promise<StorageOutcome> {
  if (!storage?.persist || !storage.persisted) {
    return 'unsupported';
  }
  try {
    if (await storage.persisted()) {
      return 'persistent';
    }
    return (await storage.persist()) ? 'persistent' : 'best-effort';
  } catch (error) {
    console.warn('Requesting persistent storage failed', error);
    return 'best-effort';
  }
}
