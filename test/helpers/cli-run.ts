/**
 * Runs the command-line predictor in the test process, with standard
 * output and standard error captured as text.
 */

import { Writable } from 'node:stream';

import { parse } from 'csv-parse/sync';

import { main } from '../../src/cli/main';

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
