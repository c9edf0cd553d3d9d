/**
 * Camera failures as typed errors whose message tells the user what to
 * do, mapped from the `DOMException` names `getUserMedia` rejects with.
 */

export type CameraErrorReason =
  'denied' | 'not-found' | 'in-use' | 'unsupported' | 'ended' | 'failed';

const FILE_ADVICE = 'choose a photo file instead';

const MESSAGES: Record<CameraErrorReason, string> = {
  denied:
    'Camera access is blocked for OncoScan. Allow the camera in the ' +
    `browser's site settings and try again, or ${FILE_ADVICE}.`,
  'not-found': `No camera was found on this device, so ${FILE_ADVICE}.`,
  'in-use':
    'The camera could not be started, because another app may be using ' +
    `it. Close that app and try again, or ${FILE_ADVICE}.`,
  unsupported:
    'This browser does not let web pages use the camera (it needs a ' +
    `secure https:// connection), so ${FILE_ADVICE}.`,
  ended:
    'The camera stopped, because it was disconnected or taken by another ' +
    `app. Start it again, or ${FILE_ADVICE}.`,
  failed: `The camera could not be started. Try again, or ${FILE_ADVICE}.`,
};

export class CameraError extends Error {
  override readonly name = 'CameraError';

  constructor(
    readonly reason: CameraErrorReason,
    options?: ErrorOptions,
  ) {
    super(MESSAGES[reason], options);
  }
}

/** Maps a `getUserMedia` rejection to a `CameraError`. */
export function toCameraError(error: unknown): CameraError {
  if (error instanceof CameraError) {
    return error;
  }
  // Read by shape, because a `DOMException` from another realm is not an
  // `Error` of this one.
  const name =
    typeof error === 'object' && error !== null && 'name' in error
      ? error.name
      : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CameraError('denied', { cause: error });
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CameraError('not-found', { cause: error });
    case 'NotReadableError':
    case 'AbortError':
      return new CameraError('in-use', { cause: error });
    default:
      return new CameraError('failed', { cause: error });
  }
}
