/**
 * Errors of the command-line predictor that stop the whole run. Problems
 * with one image never do: they become that image's `status`.
 */

/** Exit code of a run that wrote a result row for every image. */
export const EXIT_OK = 0;

/** Exit code when the model or the output failed during the run. */
export const EXIT_FAILURE = 1;

/** Exit code of a mistake in the command line or its input files. */
export const EXIT_USAGE = 2;

/** Exit code after an interrupt (SIGINT), 128 + signal 2 as shells use. */
export const EXIT_INTERRUPTED = 130;

/**
 * A mistake the user can fix in the command line or its input files. The
 * predictor prints the message and the help text and exits with
 * `EXIT_USAGE`.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The run stopped on an interrupt before every image was scored. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}
