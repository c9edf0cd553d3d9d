/**
 * Progress of a run on standard error: a bar redrawn in place on a
 * terminal, or a line every few seconds when standard error is a file or
 * a pipe. Warnings are printed above the bar.
 */

import { MultiBar, Presets, type SingleBar } from 'cli-progress';

/** Interval between progress lines when standard error is no terminal. */
export const NON_TTY_INTERVAL_MS = 5_000;

/** Stream the progress goes to, `process.stderr` in the predictor. */
export interface ProgressStream extends NodeJS.WritableStream {
  isTTY?: boolean;
}

export interface Progress {
  /** Counts one more image, and one more failure when `failed`. */
  advance(failed: boolean): void;
  /** Prints one line above the bar. */
  log(line: string): void;
  /** Draws the final state and releases the terminal. */
  stop(): void;
}

/** Returns images per second, 0 before any time has passed. */
export function imagesPerSecond(images: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (images * 1000) / elapsedMs : 0;
}

export function startProgress(stream: ProgressStream, total: number): Progress {
  const started = performance.now();
  const bars = new MultiBar(
    {
      stream,
      format:
        '{bar} {percentage}% | {value}/{total} images | {failures} failed ' +
        '| {rate} images/s | ETA {eta_formatted}',
      hideCursor: true,
      // Without a terminal, cli-progress prints the bar as a new line
      // every `notTTYSchedule` milliseconds instead of redrawing it.
      noTTYOutput: true,
      notTTYSchedule: NON_TTY_INTERVAL_MS,
    },
    Presets.shades_classic,
  );
  let done = 0;
  let failures = 0;
  const bar: SingleBar = bars.create(total, 0, { failures, rate: '0.0' });

  return {
    advance(failed) {
      done += 1;
      failures += failed ? 1 : 0;
      const rate = imagesPerSecond(done, performance.now() - started);
      bar.increment(1, { failures, rate: rate.toFixed(1) });
    },
    log(line) {
      if (stream.isTTY) {
        // Printed above the bar at its next redraw.
        bars.log(`${line}\n`);
      } else {
        stream.write(`${line}\n`);
      }
    },
    stop() {
      if (stream.isTTY) {
        // `update` prints the lines logged since the last redraw, which
        // `stop` alone would drop.
        bars.update();
      }
      bars.stop();
    },
  };
}
