/**
 * The predictor's run: options to results CSV, with logs of the start,
 * every image that failed, progress and a summary on standard error.
 */

import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { LesionModel } from '../model/engine';
import {
  encodeMetadata,
  UNKNOWN_PATIENT,
  type PatientMetadata,
} from '../preprocess/metadata';
import { findDisagreement, isOutOfDistribution } from '../result/interpret';
import type { ModelManifest } from '../shared/manifest';
import type { BackendName } from '../shared/messages';
import {
  errorMessage,
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
  InterruptedError,
  UsageError,
} from './errors';
import { helpText } from './help';
import {
  findDuplicateIds,
  listImageFiles,
  type ImageFile,
} from './image-files';
import type { FailureStatus } from './image-status';
import { parseMetadataCsv } from './metadata-csv';
import { loadModelFolder, readManifest } from './model-folder';
import { parseCommandLine, type PredictOptions } from './options';
import { STATUS_FLAGS, type StatusFlag } from './photo-flags';
import {
  imagesPerSecond,
  startProgress,
  type Progress,
  type ProgressStream,
} from './progress';
import {
  diagnosisColumnIndexes,
  formatHeaderLine,
  formatResultLine,
} from './results-csv';
import {
  openResultsFile,
  standardOutput,
  type ResultsOutput,
} from './results-output';
import { scoreImages } from './score-images';

/** The model the app serves, which `model/export.py` writes. */
export const DEFAULT_MODEL_FOLDER = fileURLToPath(
  new URL('../../public/model/', import.meta.url),
);

/** Image ids named in the "no row" warning. The rest are counted. */
const MAX_LISTED_IDS = 5;

export interface CliEnvironment {
  stdout: NodeJS.WritableStream;
  stderr: ProgressStream;
  /** Folder that relative paths in the options start from. */
  cwd: string;
  /** Signal aborted on an interrupt, which stops the run before the next image. */
  signal?: AbortSignal;
}

export interface RunSummary {
  images: number;
  failures: number;
  failuresByStatus: Map<FailureStatus, number>;
  /** Scored images with at least one flag. */
  flagged: number;
  /**
   * Scored images with each flag, in `STATUS_FLAGS` order and 0 for a flag
   * no image has. One image can count under several flags.
   */
  imagesByFlag: Map<StatusFlag, number>;
  /** Time from the first image to the last, model load excluded. */
  seconds: number;
  imagesPerSecond: number;
  modelLoadSeconds: number;
  backend: BackendName;
}

async function checkImageFolder(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`Image folder ${path} not found.`);
  }
  if (!info.isDirectory()) {
    throw new UsageError(
      `--images ${path} is a file. Give the folder that contains the images.`,
    );
  }
}

async function readMetadata(
  path: string,
  manifest: ModelManifest,
): Promise<Map<string, PatientMetadata>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Reading metadata file ${path} failed (${errorMessage(error)}).`,
    );
  }
  return parseMetadataCsv(text, manifest.metadata, path);
}

/** Returns "1 image" or "2 images". */
export function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

function describeIds(ids: string[]): string {
  const listed = ids.slice(0, MAX_LISTED_IDS).join(', ');
  const more = ids.length - MAX_LISTED_IDS;
  return more > 0 ? `${listed} and ${more} more` : listed;
}

/** Logs how the metadata rows match the image files. */
function logMetadataCoverage(
  log: (line: string) => void,
  file: string,
  images: readonly ImageFile[],
  metadata: ReadonlyMap<string, PatientMetadata>,
): void {
  const ids = new Set(images.map((image) => image.imageId));
  const withoutRow = [...ids].filter((id) => !metadata.has(id));
  const unmatched = [...metadata.keys()].filter((id) => !ids.has(id));
  log(
    `Metadata: ${ids.size - withoutRow.length} of ${ids.size} image ids ` +
      `have a row in ${file}.`,
  );
  if (withoutRow.length > 0) {
    log(
      `warning: ${file} has no row for ` +
        `${count(withoutRow.length, 'image id')}, so their age, sex and ` +
        `site count as unknown: ${describeIds(withoutRow)}`,
    );
  }
  if (unmatched.length > 0) {
    log(`Rows in ${file} that match no image file: ${unmatched.length}.`);
  }
}

/** Returns "0 failed" or "2 failed (1 empty, 1 unreadable)". */
function countWithBreakdown(
  total: number,
  label: string,
  counts: ReadonlyMap<string, number>,
): string {
  if (total === 0) {
    return `0 ${label}`;
  }
  const breakdown = [...counts]
    .filter(([, value]) => value > 0)
    .map(([name, value]) => `${value} ${name}`)
    .join(', ');
  return `${total} ${label} (${breakdown})`;
}

function formatSummary(summary: RunSummary): string {
  const ok = summary.images - summary.failures - summary.flagged;
  const flagged = countWithBreakdown(
    summary.flagged,
    'flagged',
    summary.imagesByFlag,
  );
  const failures = countWithBreakdown(
    summary.failures,
    'failed',
    summary.failuresByStatus,
  );
  return (
    `Scored ${count(summary.images, 'image')} in ` +
    `${summary.seconds.toFixed(1)} s: ` +
    `${ok} ok, ${flagged}, ${failures}, ` +
    `${summary.imagesPerSecond.toFixed(1)} images ` +
    `per second on the ${summary.backend} backend.`
  );
}

/** Scores the listed images into `output` and returns the figures. */
async function scoreInto(
  output: ResultsOutput,
  model: LesionModel,
  manifest: ModelManifest,
  images: ImageFile[],
  metadata: ReadonlyMap<string, PatientMetadata>,
  env: CliEnvironment,
): Promise<Omit<RunSummary, 'modelLoadSeconds'>> {
  const columnIndexes = diagnosisColumnIndexes(manifest.labels);
  const duplicates = findDuplicateIds(images);
  const failuresByStatus = new Map<FailureStatus, number>();
  let failures = 0;
  const imagesByFlag = new Map<StatusFlag, number>(
    STATUS_FLAGS.map((flag) => [flag, 0]),
  );
  let flagged = 0;

  await output.write(formatHeaderLine());
  const started = performance.now();
  const progress: Progress = startProgress(env.stderr, images.length);
  try {
    await scoreImages(
      images,
      duplicates,
      {
        inputSize: manifest.input.size,
        metadataFor: (imageId) =>
          encodeMetadata(
            manifest.metadata,
            metadata.get(imageId) ?? UNKNOWN_PATIENT,
          ),
        predict: (image, vector) => model.predict(image, vector),
        isOutOfDistribution: (prediction) =>
          isOutOfDistribution(manifest, prediction),
        outputsDisagree: (prediction) =>
          findDisagreement(manifest, prediction) !== null,
      },
      async ({ file, result, problem }) => {
        await output.write(formatResultLine(result, columnIndexes));
        if (result.status !== 'ok') {
          failures += 1;
          const count = failuresByStatus.get(result.status) ?? 0;
          failuresByStatus.set(result.status, count + 1);
          progress.log(
            `warning: ${file.relativePath}: ${result.status}: ${problem}`,
          );
        }
        flagged += result.flags.length > 0 ? 1 : 0;
        for (const flag of result.flags) {
          imagesByFlag.set(flag, imagesByFlag.get(flag)! + 1);
        }
        progress.advance(result.status !== 'ok');
      },
      env.signal,
    );
  } finally {
    progress.stop();
  }
  if (env.signal?.aborted) {
    throw new InterruptedError('Interrupted before every image was scored.');
  }
  const elapsedMs = performance.now() - started;
  return {
    images: images.length,
    failures,
    failuresByStatus,
    flagged,
    imagesByFlag,
    seconds: elapsedMs / 1000,
    imagesPerSecond: imagesPerSecond(images.length, elapsedMs),
    backend: model.backend,
  };
}

/**
 * Runs the predictor. Throws a `UsageError` for mistakes in the options
 * or input files, found before the model loads, an `InterruptedError`
 * when `env.signal` aborts, and other errors when the model or the output
 * fails.
 */
export async function runPredict(
  options: PredictOptions,
  env: CliEnvironment,
): Promise<RunSummary> {
  const log = (line: string) => env.stderr.write(`${line}\n`);
  const imageFolder = resolve(env.cwd, options.images);
  const modelFolder = options.model
    ? resolve(env.cwd, options.model)
    : DEFAULT_MODEL_FOLDER;
  const metadataFile = options.metadata
    ? resolve(env.cwd, options.metadata)
    : null;
  const outFile = options.out ? resolve(env.cwd, options.out) : null;
  if (outFile !== null && outFile === metadataFile) {
    throw new UsageError(
      `--out and --metadata are the same file, ${outFile}; writing the ` +
        'results would replace the metadata. Give another --out.',
    );
  }

  await checkImageFolder(imageFolder);
  const manifest = await readManifest(modelFolder);
  const metadata = metadataFile
    ? await readMetadata(metadataFile, manifest)
    : new Map<string, PatientMetadata>();
  const { images, skipped } = await listImageFiles(imageFolder);
  if (images.length === 0) {
    throw new UsageError(
      `No image files under ${imageFolder} (${skipped} other files). ` +
        'Give --images the folder of JPEG, PNG or WebP files.',
    );
  }
  const output = outFile
    ? await openResultsFile(outFile)
    : standardOutput(env.stdout);

  let model: LesionModel | null = null;
  try {
    log(
      `Found ${count(images.length, 'image file')} under ${imageFolder}` +
        (skipped > 0 ? ` (${count(skipped, 'other file')} skipped).` : '.'),
    );
    if (metadataFile) {
      logMetadataCoverage(log, metadataFile, images, metadata);
    }
    log(
      `Loading model ${manifest.name} ${manifest.version} from ` +
        `${modelFolder} on the ${options.backend} backend.`,
    );
    const loadStarted = performance.now();
    model = await loadModelFolder(modelFolder, manifest, options.backend);
    const modelLoadSeconds = (performance.now() - loadStarted) / 1000;
    log(`Model loaded in ${modelLoadSeconds.toFixed(1)} s.`);

    const scored = await scoreInto(
      output,
      model,
      manifest,
      images,
      metadata,
      env,
    );
    await output.commit();
    const summary = { ...scored, modelLoadSeconds };
    log(formatSummary(summary));
    if (outFile) {
      log(`Results written to ${outFile}.`);
    }
    return summary;
  } catch (error) {
    await output.discard();
    if (outFile) {
      log(`No results were written; ${outFile} is as it was.`);
    }
    throw error;
  } finally {
    model?.dispose();
  }
}

/** Runs the command line `argv` and returns the exit code. */
export async function main(
  argv: readonly string[],
  env: CliEnvironment,
): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    if (command.kind === 'help') {
      env.stdout.write(helpText());
      return EXIT_OK;
    }
    await runPredict(command.options, env);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      env.stderr.write(`error: ${error.message}\n\n${helpText()}`);
      return EXIT_USAGE;
    }
    if (error instanceof InterruptedError) {
      env.stderr.write(`${error.message}\n`);
      return EXIT_INTERRUPTED;
    }
    env.stderr.write(`error: ${errorMessage(error)}\n`);
    return EXIT_FAILURE;
  }
}
