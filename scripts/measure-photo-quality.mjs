// Measures the photo-quality checks of src/quality/assess.ts on HAM10000
// test images and on bad photos generated from them, to choose and check
// the thresholds. Prints the distribution of every measure and the share
// of photos each check flags, as Markdown.
//
// Usage:
//   node scripts/measure-photo-quality.mjs --images DIR [--limit N]
//     [--out docs/photo-quality.md]
//
// DIR contains the HAM10000 JPEGs (ISIC_*.jpg). The images are those of the
// test split in model/data/splits.csv. This is a measurement, not a test:
// it needs the dataset, which the repository does not ship.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import prettier from 'prettier';
import sharp from 'sharp';
import { runnerImport } from 'vite';

import {
  blurred,
  exposed,
  shiftedFrame,
  shrunkLesion,
  toRgba,
} from '../test/helpers/bad-photos.mjs';

const SPLITS = 'model/data/splits.csv';

const PERCENTILES = [1, 5, 50, 95, 99];

const { values: options } = parseArgs({
  options: {
    images: { type: 'string' },
    limit: { type: 'string' },
    out: { type: 'string' },
  },
});
if (!options.images) {
  console.error(
    'Usage: node scripts/measure-photo-quality.mjs --images DIR ' +
      '[--limit N] [--out FILE]',
  );
  process.exit(2);
}

const { module: quality } = await runnerImport('/src/quality/assess.ts', {
  configFile: false,
  logLevel: 'error',
});

/** The bad photos made from one image, by name. */
const VARIANTS = {
  original: async (source) => sharp(source),
  'blur sigma 1.5 px': async (source) => blurred(source, 1.5),
  'blur sigma 2.5 px': async (source) => blurred(source, 2.5),
  'blur sigma 4 px': async (source) => blurred(source, 4),
  'dark x0.35': async (source) => exposed(source, 0.35),
  'dark x0.2': async (source) => exposed(source, 0.2),
  'bright x1.8 +60': async (source) => exposed(source, 1.8, 60),
  'bright x2.5 +60': async (source) => exposed(source, 2.5, 60),
  'lesion at 1/3 size': async (source) => shrunkLesion(source, 1 / 3),
  'lesion at 1/4 size': async (source) => shrunkLesion(source, 1 / 4),
  'frame shifted 30 %': async (source) => shiftedFrame(source, 0.3),
  'frame shifted 40 %': async (source) => shiftedFrame(source, 0.4),
  'black and white': async (source) =>
    sharp(await sharp(source).greyscale().png().toBuffer()).toColourspace(
      'srgb',
    ),
  'black and white, JPEG q80': async (source) =>
    sharp(
      await sharp(source).greyscale().jpeg({ quality: 80 }).toBuffer(),
    ).toColourspace('srgb'),
};

/** Check each generated kind is meant to trip; null for the originals. */
const EXPECTED_CODE = {
  original: null,
  'blur sigma 1.5 px': 'blurry',
  'blur sigma 2.5 px': 'blurry',
  'blur sigma 4 px': 'blurry',
  'dark x0.35': 'underexposed',
  'dark x0.2': 'underexposed',
  'bright x1.8 +60': 'overexposed',
  'bright x2.5 +60': 'overexposed',
  'lesion at 1/3 size': 'lesion_small',
  'lesion at 1/4 size': 'lesion_small',
  'frame shifted 30 %': 'off_centre',
  'frame shifted 40 %': 'off_centre',
  'black and white': 'greyscale',
  'black and white, JPEG q80': 'greyscale',
};

function percentile(sorted, p) {
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.round((p / 100) * (sorted.length - 1))),
  );
  return sorted[index];
}

function format(value) {
  if (Math.abs(value) >= 100) {
    return value.toFixed(0);
  }
  return value.toPrecision(3);
}

function percent(count, total) {
  return `${((100 * count) / total).toFixed(1)} %`;
}

async function testImageIds() {
  const lines = (await readFile(SPLITS, 'utf8')).trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const idColumn = header.indexOf('image_id');
  const splitColumn = header.indexOf('split');
  return lines
    .slice(1)
    .map((line) => line.split(','))
    .filter((fields) => fields[splitColumn] === 'test')
    .map((fields) => fields[idColumn]);
}

async function main() {
  let ids = await testImageIds();
  if (options.limit) {
    ids = ids.slice(0, Number(options.limit));
  }
  console.error(`Measuring ${ids.length} HAM10000 test images`);

  const results = Object.fromEntries(
    Object.keys(VARIANTS).map((name) => [name, []]),
  );
  const started = Date.now();
  for (const [n, id] of ids.entries()) {
    const source = await readFile(join(options.images, `${id}.jpg`));
    for (const [name, make] of Object.entries(VARIANTS)) {
      const pixels = await toRgba(await make(source));
      results[name].push(quality.assessQuality(pixels));
    }
    if ((n + 1) % 100 === 0) {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.error(`  ${n + 1} of ${ids.length} images, ${seconds} s`);
    }
  }

  const lines = [];
  const measureNames = Object.keys(results.original[0].measures);
  lines.push(
    `Images: ${ids.length} from the HAM10000 test split ` +
      `(${SPLITS}), reduced 200 x 150 px copies.`,
    '',
    '### Measures on each kind of photo',
    '',
  );
  for (const measure of measureNames) {
    lines.push(
      `#### \`${measure}\``,
      '',
      `| photos | ${PERCENTILES.map((p) => `p${p}`).join(' | ')} |`,
      `| --- | ${PERCENTILES.map(() => '---:').join(' | ')} |`,
    );
    for (const [name, reports] of Object.entries(results)) {
      const sorted = reports
        .map((report) => report.measures[measure])
        .sort((a, z) => a - z);
      const cells = PERCENTILES.map((p) => format(percentile(sorted, p)));
      lines.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }

  lines.push(
    '### Share of photos each check flags',
    '',
    'The intended check is the one each generated kind should trip; on the',
    'original images every flag is a false alarm.',
    '',
    '| photos | intended check | flagged by it | flagged by any check |',
    '| --- | --- | ---: | ---: |',
  );
  for (const [name, reports] of Object.entries(results)) {
    const code = EXPECTED_CODE[name];
    const byCode = code
      ? reports.filter((r) => r.issues.some((i) => i.code === code)).length
      : 0;
    const byAny = reports.filter((r) => r.issues.length > 0).length;
    lines.push(
      `| ${name} | ${code ?? '(none)'} | ` +
        `${code ? percent(byCode, reports.length) : '-'} | ` +
        `${percent(byAny, reports.length)} |`,
    );
  }
  lines.push('', '### False alarms on the original images, by check', '');
  lines.push('| check | flagged |', '| --- | ---: |');
  for (const code of Object.keys(quality.QUALITY_MESSAGES)) {
    const count = results.original.filter((r) =>
      r.issues.some((i) => i.code === code),
    ).length;
    lines.push(`| ${code} | ${percent(count, results.original.length)} |`);
  }
  lines.push(
    '',
    `Thresholds in force: \`${JSON.stringify(quality.THRESHOLDS)}\`, ` +
      `dark level ${quality.DARK_LEVEL}, bright level ` +
      `${quality.BRIGHT_LEVEL}, grey square ${quality.QUALITY_SIDE_PX} px.`,
  );

  const report = lines.join('\n');
  console.log(report);
  if (options.out) {
    const page = (await readFile(options.out, 'utf8').catch(() => '')).split(
      RESULTS_MARKER,
    )[0];
    // Formatted like the rest of the docs, so `npm run lint` passes.
    const markdown = await prettier.format(
      `${page.trimEnd()}\n\n${RESULTS_MARKER}\n\n${report}\n`,
      { ...(await prettier.resolveConfig(options.out)), parser: 'markdown' },
    );
    await writeFile(options.out, markdown);
    console.error(`Wrote the results to ${options.out}`);
  }
}

/** Line of the docs page after which this script writes its results. */
const RESULTS_MARKER =
  '<!-- Written by scripts/measure-photo-quality.mjs; do not edit below. -->';

await main();
