/** Typed errors of the analysis history, with messages for the user. */

export type HistoryErrorCode =
  /** The browser's storage quota for the app is used up. */
  | 'quota-exceeded'
  /** An imported file is not a valid history export. */
  | 'import-invalid'
  /** The database could not be opened or migrated. */
  | 'open-failed'
  /** A read or write failed for another reason. */
  | 'storage-failed'
  /** The requested lesion or analysis does not exist. */
  | 'not-found';

export class HistoryError extends Error {
  override readonly name = 'HistoryError';

  constructor(
    readonly code: HistoryErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** True for the error browsers raise when a write exceeds the quota. */
export function isQuotaExceeded(error: unknown): boolean {
  return (
    error instanceof DOMException &&
    (error.name === 'QuotaExceededError' ||
      // Firefox before version 98 used this name for the same condition.
      error.name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}
