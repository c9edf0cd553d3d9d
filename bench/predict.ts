/**
 * Speed of the command-line predictor: scores generated JPEGs of
 * HAM10000's 600 x 450 pixels from a folder to a CSV file, with decoding,
 * preprocessing and inference, and prints one line of figures on standard
 * output. The model load is timed apart.
 *
 *   npm run bench:predict [-- --count 60 --backend wasm]
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import sharp from 'sharp';

import { runPredict } from '../src/cli/main';
import { CLI_BACKENDS, type CliBackend } from '../src/cli/options';

/** Size of the photos in HAM10000 as published, in pixels. */
const IMAGE_WIDTH = 600;
const IMAGE_HEIGHT = 450;
const JPEG_QUALITY = 90;
const DEFAULT_COUNT = 60;

const FIXTURES = [
  'ISIC_0024698.jpg',
  'ISIC_0025964.jpg',
  'ISIC_0028155.jpg',
].map((name) =>
  fileURLToPath(new URL(`../test/fixtures/images/${name}`, import.meta.url)),
);

/** Writes `count` distinct JPEGs, enlarged and varied from the fixtures. */
async function writeImages(folder: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const image = sharp(FIXTURES[i % FIXTURES.length]!)
      .resize(IMAGE_WIDTH, IMAGE_HEIGHT)
      .modulate({ brightness: 0.85 + (0.3 * i) / count });
    await (i % 2 === 0 ? image : image.flop())
      .jpeg({ quality: JPEG_QUALITY })
      .toFile(join(folder, `bench_${String(i).padStart(4, '0')}.jpg`));
  }
}

function parseOptions(): { count: number; backend: CliBackend } {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: String(DEFAULT_COUNT) },
      backend: { type: 'string', default: CLI_BACKENDS[0] },
    },
  });
  const count = Number(values.count);
  if (!Number.isInteger(count) || count <= 0) {
    throw new Error(`--count must be a positive integer, got ${values.count}`);
  }
  const backend = values.backend as CliBackend;
  if (!CLI_BACKENDS.includes(backend)) {
    throw new Error(`--backend must be ${CLI_BACKENDS.join(' or ')}`);
  }
  return { count, backend };
}

const discard = new Writable({
  write: (_chunk, _encoding, callback) => callback(),
});

const { count, backend } = parseOptions();
const folder = await mkdtemp(join(tmpdir(), 'oncoscan-bench-predict-'));
try {
  process.stderr.write(
    `bench:predict: writing ${count} JPEGs of ${IMAGE_WIDTH} x ` +
      `${IMAGE_HEIGHT} pixels to ${folder}, then scoring them\n`,
  );
  await writeImages(folder, count);
  const summary = await runPredict(
    {
      images: folder,
      metadata: null,
      out: join(folder, 'results.csv'),
      model: null,
      backend,
    },
    { stdout: discard, stderr: discard, cwd: process.cwd() },
  );
  if (summary.failures > 0) {
    throw new Error(`${summary.failures} of ${count} images failed`);
  }
  process.stdout.write(
    `bench:predict images=${summary.images} ` +
      `seconds=${summary.seconds.toFixed(2)} ` +
      `images_per_second=${summary.imagesPerSecond.toFixed(2)} ` +
      `backend=${summary.backend} ` +
      `image=${IMAGE_WIDTH}x${IMAGE_HEIGHT}-jpeg ` +
      `model_load_seconds=${summary.modelLoadSeconds.toFixed(2)} ` +
      `cpus=${availableParallelism()}\n`,
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
