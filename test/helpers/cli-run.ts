/**
 * Runs the command-line predictor in the test process, with standard
 * output and standard error captured as text.
 */

import { Writable } from 'node:stream';

import { parse } from 'csv-parse/sync';

import { main } from '../../src/cli/main';
import { FLAG_SEPARATOR, STATUS_FLAGS } from '../../src/cli/photo-flags';

/** A stream that keeps what is written, like a pipe (not a terminal). */
export class TextSink extends Writable {
  text = '';
  readonly isTTY = false;

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    callback: () => void,
  ): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  options: { cwd?: string; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const code = await main(argv, {
    stdout,
    stderr,
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** One row of the results CSV, keyed by column name. */
export type ResultRow = Record<string, string>;

export function parseResults(csv: string): ResultRow[] {
  return parse(csv, { columns: true }) as ResultRow[];
}

/**
 * Returns the flags of a scored image's status (none for `ok`), or null
 * when the status is not that of a scored image.
 */
export function flagsOfStatus(status: string | undefined): string[] | null {
  if (status === 'ok') {
    return [];
  }
  const flags = status?.split(FLAG_SEPARATOR) ?? [];
  const known: readonly string[] = STATUS_FLAGS;
  return flags.length > 0 && flags.every((flag) => known.includes(flag))
    ? flags
    : null;
}
