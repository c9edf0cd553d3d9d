/**
 * The command-line predictor against the app. The same images and
 * metadata, scored by `npm run predict` in Node and by the app in
 * Chromium, must give the same probabilities: to 1e-3 on opaque PNG
 * files, whose pixels both sides decode identically, and to 2e-2 on JPEG
 * files and semi-transparent PNG files. The CLI's status must list the
 * warnings the app shows: its photo-quality warnings and its
 * unreliable-result warning.
 */

import { execFile } from 'node:child_process';
import {
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { DIAGNOSIS_COLUMNS } from '../../src/cli/results-csv';
import { blurred } from '../helpers/bad-photos.mjs';
import {
  flagsOfStatus,
  parseResults,
  type ResultRow,
} from '../helpers/cli-run';
import { alphaGradient } from '../helpers/image-cases';
import { NON_LESION_PHOTOS } from '../helpers/non-lesion';
import {
  analysePhoto,
  openSession,
  readPhotoFlags,
  readProbabilities,
  waitForModel,
  type Session,
} from './browser';

type Kind = 'png' | 'jpeg' | 'transparent png';

/**
 * Largest difference allowed on a probability. PNG is lossless, so both
 * sides decode the same pixels. JPEG decoders may differ by a level or two
 * on some pixels. So may semi-transparent pixels, because the browser's
 * canvas stores them premultiplied by alpha: on the alpha-gradient PNG
 * below, one diagnosis probability differed by 0.011 when this tolerance
 * was set.
 */
const TOLERANCE: Record<Kind, number> = {
  png: 1e-3,
  jpeg: 2e-2,
  'transparent png': 2e-2,
};

const CLI_TIMEOUT_MS = 120_000;

/** Time for every image in software WebGL. */
const BROWSER_TIMEOUT_MS = 600_000;

const COLUMNS = ['malignant', ...DIAGNOSIS_COLUMNS];

interface Patient {
  age: string;
  sex: string;
  site: string;
}

/** The fixture photos with their HAM10000 metadata (fixtures README). */
const FIXTURES: { id: string; patient: Patient }[] = [
  { id: 'ISIC_0025964', patient: { age: '40', sex: 'female', site: 'chest' } },
  { id: 'ISIC_0024698', patient: { age: '70', sex: 'male', site: 'face' } },
  { id: 'ISIC_0028155', patient: { age: '50', sex: 'male', site: 'back' } },
];

const UNKNOWN: Patient = { age: '', sex: '', site: '' };

/** Blur that the blur check flags, in pixels of the 200 x 150 fixture. */
const BLUR_SIGMA_PX = 4;

interface TestImage {
  file: string;
  imageId: string;
  patient: Patient;
  kind: Kind;
}

function fixturePath(id: string): string {
  return fileURLToPath(
    new URL(`../fixtures/images/${id}.jpg`, import.meta.url),
  );
}

/**
 * Writes the fixture JPEGs, lossless PNG copies of their pixels, a PNG
 * with an alpha gradient, which both sides composite onto white, and two
 * photos that both sides flag: a blurred fixture and a text document.
 */
async function writeImages(folder: string): Promise<TestImage[]> {
  const images: TestImage[] = [];
  for (const { id, patient } of FIXTURES) {
    await copyFile(fixturePath(id), join(folder, `${id}.jpg`));
    images.push({
      file: `${id}.jpg`,
      imageId: id,
      patient,
      kind: 'jpeg',
    });
    await sharp(fixturePath(id))
      .png()
      .toFile(join(folder, `${id}-png.png`));
    images.push({
      file: `${id}-png.png`,
      imageId: `${id}-png`,
      patient,
      kind: 'png',
    });
  }

  const { data, info } = await sharp(fixturePath(FIXTURES[0]!.id))
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const alpha = alphaGradient(info.width, info.height);
  for (let i = 3; i < data.length; i += 4) {
    data[i] = alpha[i]!;
  }
  await sharp(data, {
    raw: { width: info.width, height: info.height, channels: 4 },
  })
    .png()
    .toFile(join(folder, 'alpha.png'));
  images.push({
    file: 'alpha.png',
    imageId: 'alpha',
    patient: UNKNOWN,
    kind: 'transparent png',
  });

  // The sharpest fixture, which passes every quality check unblurred.
  const sharpest = FIXTURES.find(({ id }) => id === 'ISIC_0028155')!;
  await blurred(await readFile(fixturePath(sharpest.id)), BLUR_SIGMA_PX)
    .jpeg()
    .toFile(join(folder, 'blurred.jpg'));
  images.push({
    file: 'blurred.jpg',
    imageId: 'blurred',
    patient: sharpest.patient,
    kind: 'jpeg',
  });
  await writeFile(
    join(folder, 'document.png'),
    await NON_LESION_PHOTOS['text document']!(),
  );
  images.push({
    file: 'document.png',
    imageId: 'document',
    patient: UNKNOWN,
    kind: 'png',
  });
  return images;
}

function metadataCsv(images: TestImage[]): string {
  const rows = images.map(
    ({ imageId, patient }) =>
      `${imageId},${patient.age},${patient.sex},${patient.site}`,
  );
  return ['image_id,age,sex,localization', ...rows].join('\n') + '\n';
}

describe('command-line predictor and app', () => {
  const baseUrl = inject('baseUrl');
  let folder: string;
  let images: TestImage[];
  let cliRows: Map<string, ResultRow>;
  let session: Session;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'oncoscan-cli-e2e-'));
    const imageFolder = join(folder, 'images');
    await mkdir(imageFolder);
    images = await writeImages(imageFolder);
    const metadata = join(folder, 'metadata.csv');
    await writeFile(metadata, metadataCsv(images));
    const out = join(folder, 'results.csv');

    await promisify(execFile)(
      'npm',
      [
        'run',
        '--silent',
        'predict',
        '--',
        '--images',
        imageFolder,
        '--metadata',
        metadata,
        '--out',
        out,
      ],
      { timeout: CLI_TIMEOUT_MS },
    );
    cliRows = new Map(
      parseResults(await readFile(out, 'utf8')).map((row) => [
        row.image_id!,
        row,
      ]),
    );

    session = await openSession();
    await session.page.goto(baseUrl);
    await waitForModel(session.page);
  }, CLI_TIMEOUT_MS);

  afterAll(async () => {
    await session?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it(
    'gives the app probabilities and warnings',
    async () => {
      const { page } = session;
      // Largest difference seen for each kind, printed at the end.
      const largest: Record<Kind, number> = {
        png: 0,
        jpeg: 0,
        'transparent png': 0,
      };
      // Status of each image, printed at the end.
      const statuses: string[] = [];
      for (const image of images) {
        await analysePhoto(
          page,
          join(folder, 'images', image.file),
          async () => {
            await page.getByLabel('Age in years').fill(image.patient.age);
            await page.getByLabel('Sex').selectOption(image.patient.sex);
            await page
              .getByLabel('Where on the body')
              .selectOption(image.patient.site);
          },
        );
        const inBrowser = await readProbabilities(page);
        const appFlags = await readPhotoFlags(page);

        const row = cliRows.get(image.imageId);
        expect(flagsOfStatus(row?.status), image.file).toEqual(appFlags);
        statuses.push(`${image.file} ${row?.status}`);
        for (const column of COLUMNS) {
          const difference = Math.abs(
            Number(row![column]) - inBrowser[column]!,
          );
          largest[image.kind] = Math.max(largest[image.kind], difference);
          expect(difference, `${image.file} ${column}`).toBeLessThanOrEqual(
            TOLERANCE[image.kind],
          );
        }
      }
      console.info(
        'Largest difference between the CLI and the app: ' +
          Object.entries(largest)
            .map(([kind, difference]) => `${kind} ${difference.toFixed(5)}`)
            .join(', '),
      );
      console.info(`Status of each image in the CLI: ${statuses.join(', ')}`);
    },
    BROWSER_TIMEOUT_MS,
  );
});
