/**
 * Destinations of the results CSV. A file is written under a temporary name in
 * the same folder and renamed when the run ends, so an interrupted or
 * failed run never leaves half a file, nor replaces an earlier one.
 */

import { constants } from 'node:fs';
import {
  access,
  open,
  rename,
  rm,
  stat,
  type FileHandle,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { errorMessage, UsageError } from './errors';

export interface ResultsOutput {
  /** Name of the destination, for messages. */
  readonly name: string;
  write(text: string): Promise<void>;
  /** Finishes the output: renames the temporary file into place. */
  commit(): Promise<void>;
  /** Deletes the temporary file, leaving any earlier results file as it was. */
  discard(): Promise<void>;
}

export function standardOutput(stream: NodeJS.WritableStream): ResultsOutput {
  return {
    name: 'standard output',
    write: async (text) => {
      stream.write(text);
    },
    commit: async () => {},
    discard: async () => {},
  };
}

/** Returns the temporary name `--out` is written under. */
export function temporaryPath(path: string, processId: number): string {
  return join(dirname(path), `.${basename(path)}.${processId}.partial`);
}

async function checkTarget(path: string): Promise<void> {
  let existing;
  try {
    existing = await stat(path);
  } catch {
    return; // a new file
  }
  if (existing.isDirectory()) {
    throw new UsageError(
      `--out ${path} is a folder. Give the name of the CSV file to write.`,
    );
  }
  try {
    await access(path, constants.W_OK);
  } catch {
    throw new UsageError(
      `--out ${path} exists and is read-only. Give another file name, or ` +
        'make it writable.',
    );
  }
}

/**
 * Opens the temporary file for `path`, so a folder that does not exist or
 * cannot be written fails before any image is scored.
 */
export async function openResultsFile(path: string): Promise<ResultsOutput> {
  await checkTarget(path);
  const partial = temporaryPath(path, process.pid);
  let handle: FileHandle;
  try {
    handle = await open(partial, 'w');
  } catch (error) {
    throw new UsageError(
      `Cannot write --out ${path}: creating ${partial} failed ` +
        `(${errorMessage(error)}). Check that the folder exists and is ` +
        'writable.',
    );
  }
  let isOpen = true;
  const close = async () => {
    if (isOpen) {
      isOpen = false;
      await handle.close();
    }
  };
  return {
    name: path,
    write: async (text) => {
      await handle.write(text);
    },
    commit: async () => {
      await close();
      await rename(partial, path);
    },
    discard: async () => {
      await close();
      await rm(partial, { force: true });
    },
  };
}
