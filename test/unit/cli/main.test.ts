/**
 * The command-line predictor run in this process on generated folders,
 * with the real model in public/model/, sharp and the WASM backend.
 */

import {
  copyFile,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_USAGE,
} from '../../../src/cli/errors';
import { STATUS_DESCRIPTIONS } from '../../../src/cli/image-status';
import { STATUS_FLAGS } from '../../../src/cli/photo-flags';
import { DIAGNOSIS_COLUMNS } from '../../../src/cli/results-csv';
import { blurred } from '../../helpers/bad-photos.mjs';
import {
  flagsOfStatus,
  parseResults,
  runCli,
  type CliRun,
  type ResultRow,
} from '../../helpers/cli-run';
import {
  FIXTURE_PHOTO,
  writeImageCases,
  type ImageCase,
} from '../../helpers/image-cases';
import { NON_LESION_PHOTOS } from '../../helpers/non-lesion';
import { isSmokeModel } from '../../helpers/shipped-model';

/** Time for a run over the image cases, which include a 48-megapixel photo. */
const RUN_TIMEOUT_MS = 180_000;

/** Largest distance of the 7 rounded diagnosis probabilities' sum from 1. */
const SUM_TOLERANCE = 1e-3;

/**
 * Largest difference between the CPU and WASM backends on one probability:
 * float32 kernels that sum in a different order, plus rounding to 4
 * decimals.
 */
const BACKEND_TOLERANCE = 1e-3;

/** Widest line of the help text, in characters, for an 80-column terminal. */
const HELP_WIDTH = 79;

const PROBABILITY_COLUMNS = ['malignant', ...DIAGNOSIS_COLUMNS];

/** A sharp, well-exposed fixture that passes every quality check. */
const GOOD_PHOTO = fileURLToPath(
  new URL('../../fixtures/images/ISIC_0028155.jpg', import.meta.url),
);

/** Blur that the blur check flags, in pixels of the fixture. */
const BLUR_SIGMA_PX = 4;

function probabilities(row: ResultRow): number[] {
  return PROBABILITY_COLUMNS.map((column) => Number(row[column]));
}

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oncoscan-cli-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('predictor on every kind of file', () => {
  let folder: string;
  let out: string;
  let cases: ImageCase[];
  let run: CliRun;
  let rows: ResultRow[];

  beforeAll(async () => {
    folder = join(root, 'cases');
    cases = await writeImageCases(folder);
    out = join(root, 'cases-out', 'results.csv');
    await mkdir(join(root, 'cases-out'));
    run = await runCli(['--images', folder, '--out', out]);
    rows = parseResults(await readFile(out, 'utf8'));
  }, RUN_TIMEOUT_MS);

  it('exits 0 with one row per image', () => {
    expect(run.code).toBe(EXIT_OK);
    expect(rows.map((row) => row.image_id)).toEqual(
      cases.map((imageCase) => imageCase.imageId),
    );
  });

  it('writes nothing to standard output', () => {
    expect(run.stdout).toBe('');
  });

  it('gives each failure its status', () => {
    cases.forEach((imageCase, i) => {
      if (imageCase.status === 'ok') {
        return;
      }
      expect({ file: imageCase.file, status: rows[i]?.status }).toEqual({
        file: imageCase.file,
        status: imageCase.status,
      });
    });
  });

  it('gives scored files ok or flags', () => {
    cases.forEach((imageCase, i) => {
      if (imageCase.status !== 'ok') {
        return;
      }
      const status = rows[i]?.status;
      expect(flagsOfStatus(status), `${imageCase.file}: ${status}`).not.toBe(
        null,
      );
    });
  });

  it('writes probabilities of scored images', () => {
    const scored = rows.filter((_row, i) => cases[i]?.status === 'ok');
    expect(scored.length).toBeGreaterThan(0);
    for (const row of scored) {
      for (const column of PROBABILITY_COLUMNS) {
        expect(row[column]).toMatch(/^[01]\.\d{4}$/);
        expect(Number(row[column])).toBeLessThanOrEqual(1);
      }
      const diagnosis = probabilities(row).slice(1);
      const sum = diagnosis.reduce((total, p) => total + p, 0);
      expect(Math.abs(sum - 1)).toBeLessThan(SUM_TOLERANCE);
    }
  });

  it('leaves probabilities of failures empty', () => {
    const failed = rows.filter((_row, i) => cases[i]?.status !== 'ok');
    expect(failed.length).toBeGreaterThan(0);
    for (const row of failed) {
      for (const column of PROBABILITY_COLUMNS) {
        expect(row[column]).toBe('');
      }
    }
  });

  it('warns about each failure', () => {
    for (const imageCase of cases.filter((c) => c.status !== 'ok')) {
      expect(run.stderr).toContain(
        `warning: ${imageCase.file}: ${imageCase.status}: `,
      );
    }
  });

  it('skips text and hidden files', () => {
    expect(run.stderr).toContain(
      `Found ${cases.length} image files under ${folder} ` +
        '(2 other files skipped).',
    );
    expect(rows.some((row) => row.image_id === '.hidden')).toBe(false);
  });

  it('prints progress and a summary', () => {
    const failures = cases.filter((c) => c.status !== 'ok').length;
    const flagged = rows.filter(
      (row) => (flagsOfStatus(row.status)?.length ?? 0) > 0,
    ).length;
    const ok = rows.filter((row) => row.status === 'ok').length;
    expect(flagged).toBeGreaterThan(0);
    expect(run.stderr).toContain(`${cases.length}/${cases.length} images`);
    expect(run.stderr).toMatch(
      new RegExp(
        `Scored ${cases.length} images in [\\d.]+ s: ` +
          `${ok} ok, ${flagged} flagged \\(.+\\), ` +
          `${failures} failed \\(.+\\), ` +
          '[\\d.]+ images per second on the wasm backend\\.',
      ),
    );
    expect(run.stderr).toContain(`Results written to ${out}.`);
  });

  it('leaves no temporary file', async () => {
    expect(await readdir(join(root, 'cases-out'))).toEqual(['results.csv']);
  });
});

describe('predictor preprocessing', () => {
  let rows: Map<string, ResultRow>;

  beforeAll(async () => {
    const folder = join(root, 'orientation');
    await mkdir(folder);
    await sharp(FIXTURE_PHOTO).png().toFile(join(folder, 'upright.png'));
    // Stored turned 90 degrees anticlockwise, with EXIF orientation 6
    // (display turned clockwise): upright, the pixels equal upright.png's.
    await sharp(FIXTURE_PHOTO)
      .rotate(270)
      .webp({ lossless: true })
      .withMetadata({ orientation: 6 })
      .toFile(join(folder, 'turned.webp'));
    await sharp(FIXTURE_PHOTO)
      .rotate(270)
      .webp({ lossless: true })
      .toFile(join(folder, 'turned-without-exif.webp'));

    const run = await runCli(['--images', folder]);
    expect(run.code).toBe(EXIT_OK);
    rows = new Map(parseResults(run.stdout).map((row) => [row.image_id!, row]));
  }, RUN_TIMEOUT_MS);

  it('applies the EXIF orientation', () => {
    expect(probabilities(rows.get('turned')!)).toEqual(
      probabilities(rows.get('upright')!),
    );
  });

  it('sees a turned photo without EXIF as turned', () => {
    expect(probabilities(rows.get('turned-without-exif')!)).not.toEqual(
      probabilities(rows.get('upright')!),
    );
  });
});

describe('predictor warnings', () => {
  let run: CliRun;
  let rows: Map<string, ResultRow>;

  beforeAll(async () => {
    const folder = join(root, 'warnings');
    await mkdir(folder);
    const photo = await readFile(GOOD_PHOTO);
    await copyFile(GOOD_PHOTO, join(folder, 'good.jpg'));
    await blurred(photo, BLUR_SIGMA_PX)
      .jpeg()
      .toFile(join(folder, 'blurred.jpg'));
    await writeFile(
      join(folder, 'document.png'),
      await NON_LESION_PHOTOS['text document']!(),
    );
    await writeFile(join(folder, 'room.png'), await NON_LESION_PHOTOS.room!());
    await writeFile(
      join(folder, 'truncated.jpg'),
      photo.subarray(0, photo.length / 2),
    );
    run = await runCli(['--images', folder]);
    rows = new Map(parseResults(run.stdout).map((row) => [row.image_id!, row]));
  }, RUN_TIMEOUT_MS);

  it('exits 0', () => {
    expect(run.code).toBe(EXIT_OK);
  });

  it('passes a good fixture', () => {
    expect(rows.get('good')?.status).toBe('ok');
  });

  it('flags a blurred copy as blurry', () => {
    const row = rows.get('blurred')!;

    expect(flagsOfStatus(row.status)).toContain('blurry');
    for (const column of PROBABILITY_COLUMNS) {
      expect(row[column]).toMatch(/^[01]\.\d{4}$/);
    }
  });

  it.skipIf(isSmokeModel()).each(['document', 'room'])(
    'flags a generated %s as out of distribution',
    (imageId) => {
      const row = rows.get(imageId)!;

      expect(flagsOfStatus(row.status)).toContain('out_of_distribution');
      for (const column of PROBABILITY_COLUMNS) {
        expect(row[column]).toMatch(/^[01]\.\d{4}$/);
      }
    },
  );

  it('still reports a truncated file', () => {
    const row = rows.get('truncated')!;

    expect(row.status).toBe('unreadable');
    for (const column of PROBABILITY_COLUMNS) {
      expect(row[column]).toBe('');
    }
  });

  it('counts flagged images in the summary', () => {
    expect(run.stderr).toMatch(/: 1 ok, \d+ flagged \(.*1 blurry.*\), /);
    expect(run.stderr).toContain('1 failed (1 unreadable)');
  });
});

describe('predictor metadata', () => {
  let folder: string;
  let metadata: string;
  let run: CliRun;
  let rows: Map<string, ResultRow>;

  beforeAll(async () => {
    folder = join(root, 'metadata');
    await mkdir(folder);
    for (const id of ['with_row', 'without_row', 'unknown_row']) {
      await copyFile(FIXTURE_PHOTO, join(folder, `${id}.jpg`));
    }
    metadata = join(root, 'metadata.csv');
    await writeFile(
      metadata,
      'image_id,age,sex,localization\n' +
        'with_row,40,female,chest\n' +
        'unknown_row,,,unknown\n' +
        'no_such_image,50,male,back\n',
    );
    run = await runCli(['--images', folder, '--metadata', metadata]);
    rows = new Map(parseResults(run.stdout).map((row) => [row.image_id!, row]));
  }, RUN_TIMEOUT_MS);

  it('exits 0', () => {
    expect(run.code).toBe(EXIT_OK);
  });

  it('changes the result with the row', () => {
    expect(probabilities(rows.get('with_row')!)).not.toEqual(
      probabilities(rows.get('without_row')!),
    );
  });

  it('counts a missing row as unknown', () => {
    expect(probabilities(rows.get('unknown_row')!)).toEqual(
      probabilities(rows.get('without_row')!),
    );
  });

  it('reports how the rows match', () => {
    expect(run.stderr).toContain(
      `Metadata: 2 of 3 image ids have a row in ${metadata}.`,
    );
    expect(run.stderr).toContain(
      `warning: ${metadata} has no row for 1 image id, so their age, sex ` +
        'and site count as unknown: without_row',
    );
    expect(run.stderr).toContain(
      `Rows in ${metadata} that match no image file: 1.`,
    );
  });
});

describe('predictor usage errors', () => {
  let images: string;
  let empty: string;
  let badCsv: string;
  let goodCsv: string;

  beforeAll(async () => {
    images = join(root, 'usage-images');
    empty = join(root, 'usage-empty');
    await mkdir(images);
    await mkdir(empty);
    await copyFile(FIXTURE_PHOTO, join(images, 'photo.jpg'));
    badCsv = join(root, 'bad.csv');
    await writeFile(
      badCsv,
      'image_id,age,sex,localization\nphoto,abc,female,chest\n',
    );
    goodCsv = join(root, 'good.csv');
    await writeFile(goodCsv, 'image_id,age,sex,localization\n');
  });

  // Functions, because the folders exist only once beforeAll has run.
  const cases: [string, () => string[], () => string][] = [
    ['no --images', () => [], () => 'Missing --images'],
    [
      'a missing folder',
      () => ['--images', join(root, 'nope')],
      () => `Image folder ${join(root, 'nope')} not found.`,
    ],
    [
      'a file as folder',
      () => ['--images', join(images, 'photo.jpg')],
      () => 'is a file. Give the folder that contains the images.',
    ],
    [
      'an unknown option',
      () => ['--images', images, '--threshold', '0.5'],
      () => 'Unknown option --threshold.',
    ],
    [
      'an unwritable --out',
      () => ['--images', images, '--out', join(root, 'no-dir', 'out.csv')],
      () => 'Cannot write --out',
    ],
    [
      'a folder as --out',
      () => ['--images', images, '--out', empty],
      () => 'is a folder. Give the name of the CSV file to write.',
    ],
    [
      'a missing metadata file',
      () => ['--images', images, '--metadata', join(root, 'none.csv')],
      () => 'Reading metadata file',
    ],
    [
      'an invalid age',
      () => ['--images', images, '--metadata', badCsv],
      () => 'line 2: age "abc" is not a number of years',
    ],
    [
      'metadata as --out',
      () => ['--images', images, '--metadata', goodCsv, '--out', goodCsv],
      () => '--out and --metadata are the same file',
    ],
    [
      'a folder without images',
      () => ['--images', empty],
      () => 'No image files',
    ],
    [
      'a folder without a model',
      () => ['--images', images, '--model', empty],
      () => `No model at ${empty}`,
    ],
  ];

  it.each(cases)('rejects %s', async (_name, argv, message) => {
    const run = await runCli(argv());

    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toContain(message());
    expect(run.stderr).toContain('Usage:');
    expect(run.stdout).toBe('');
  });

  it('keeps an earlier results file', async () => {
    const out = join(root, 'earlier.csv');
    await writeFile(out, 'earlier results\n');

    const run = await runCli([
      '--images',
      images,
      '--metadata',
      badCsv,
      '--out',
      out,
    ]);

    expect(run.code).toBe(EXIT_USAGE);
    expect(await readFile(out, 'utf8')).toBe('earlier results\n');
  });

  it('prints help on --help', async () => {
    const run = await runCli(['--help']);

    expect(run.code).toBe(EXIT_OK);
    expect(run.stdout).toContain('npm run predict -- --images DIR');
    for (const status of Object.keys(STATUS_DESCRIPTIONS)) {
      expect(run.stdout).toContain(`  ${status} `);
    }
    for (const flag of STATUS_FLAGS) {
      expect(run.stdout).toContain(`  ${flag} `);
    }
    expect(run.stdout).toContain('blurry;out_of_distribution');
    for (const line of run.stdout.split('\n')) {
      expect(line.length, line).toBeLessThanOrEqual(HELP_WIDTH);
    }
    expect(run.stderr).toBe('');
  });
});

describe('predictor failures', () => {
  let images: string;

  beforeAll(async () => {
    images = join(root, 'failure-images');
    await mkdir(images);
    await copyFile(FIXTURE_PHOTO, join(images, 'photo.jpg'));
  });

  it('keeps earlier results when the model is damaged', async () => {
    const model = join(root, 'damaged-model');
    await cp('public/model', model, { recursive: true });
    const manifest = JSON.parse(
      await readFile(join(model, 'manifest.json'), 'utf8'),
    );
    const shard = manifest.files.find(
      (file: { path: string }) => file.path !== 'model.json',
    ).path;
    await truncate(join(model, shard), 1000);
    const outFolder = join(root, 'damaged-out');
    await mkdir(outFolder);
    const out = join(outFolder, 'results.csv');
    await writeFile(out, 'earlier results\n');

    const run = await runCli([
      '--images',
      images,
      '--model',
      model,
      '--out',
      out,
    ]);

    expect(run.code).toBe(EXIT_FAILURE);
    expect(run.stderr).toContain(`error: Model file ${join(model, shard)}`);
    expect(run.stderr).toContain(
      `No results were written; ${out} is as it was.`,
    );
    expect(await readFile(out, 'utf8')).toBe('earlier results\n');
    expect(await readdir(outFolder)).toEqual(['results.csv']);
  });

  it(
    'stops when interrupted',
    async () => {
      const outFolder = join(root, 'interrupted-out');
      await mkdir(outFolder);
      const controller = new AbortController();
      controller.abort();

      const run = await runCli(
        ['--images', images, '--out', join(outFolder, 'results.csv')],
        { signal: controller.signal },
      );

      expect(run.code).toBe(EXIT_INTERRUPTED);
      expect(run.stderr).toContain(
        'Interrupted before every image was scored.',
      );
      expect(await readdir(outFolder)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );
});

describe('predictor backends', () => {
  it(
    'gives the same results on cpu and wasm',
    async () => {
      const images = 'test/fixtures/images';
      const wasm = await runCli(['--images', images, '--backend', 'wasm']);
      const cpu = await runCli(['--images', images, '--backend', 'cpu']);

      expect(wasm.code).toBe(EXIT_OK);
      expect(cpu.code).toBe(EXIT_OK);
      expect(cpu.stderr).toContain('on the cpu backend.');
      const wasmRows = parseResults(wasm.stdout);
      const cpuRows = parseResults(cpu.stdout);
      expect(cpuRows.map((row) => row.image_id)).toEqual(
        wasmRows.map((row) => row.image_id),
      );
      wasmRows.forEach((row, i) => {
        const cpuValues = probabilities(cpuRows[i]!);
        probabilities(row).forEach((value, column) => {
          expect(Math.abs(value - cpuValues[column]!)).toBeLessThanOrEqual(
            BACKEND_TOLERANCE,
          );
        });
      });
    },
    RUN_TIMEOUT_MS,
  );
});
