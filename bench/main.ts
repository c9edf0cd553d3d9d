/**
 * `npm run bench`: builds the app and the bench page, exports the first
 * design's network, serves both on loopback and measures the shipped model
 * (a) against the first design (b) in Chromium. Prints a table and writes
 * bench/results/*.json. A full run also publishes its results as
 * docs/benchmarks.json (tracked, so the page can always be written again)
 * and writes docs/benchmarks.md from them. `npm run bench:docs` writes the
 * page again from the published results or from a given results file.
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import * as prettier from 'prettier';

import { measureJavaScript } from '../scripts/bundle-size.mjs';
import { startPreview, type PreviewServer } from '../test/e2e/preview-server';
import { benchPageUrl } from './bench-page';
import { renderBenchmarksPage } from './markdown';
import { measureRuntime, type RuntimeFigures } from './measure-runtime';
import { measureStarts, type StartTarget } from './measure-start';
import { runPredictBench } from './predict-script';
import { runCommand } from './process';
import {
  checkTargets,
  figureRows,
  formatTable,
  formatTarget,
  TABLE_HEADER,
} from './report';
import {
  RESULTS_FORMAT,
  type BenchResults,
  type BenchSettings,
  type ModelFigures,
  type StartRun,
} from './results';
import { median, summariseTimes } from './stats';
import { readMachineInfo } from './system';

const RESULTS_FOLDER = 'bench/results';
const DOCS_PAGE = 'docs/benchmarks.md';
/** The results behind DOCS_PAGE, kept in git beside it. */
const PUBLISHED_RESULTS = 'docs/benchmarks.json';
const BENCH_DIST = 'bench/dist';
/** Path of the first design's model folder on the bench page's server. */
const BASELINE_PATH = '/bench-models/resnet50/';
const PYTHON = '/usr/bin/python3';

const FULL_SETTINGS: BenchSettings = {
  startRuns: 3,
  warmUpRuns: 3,
  timedRuns: 50,
  memoryRuns: 100,
  memorySampleEvery: 25,
  quick: false,
};

/** A short run to try the harness, whose figures are not published. */
const QUICK_SETTINGS: BenchSettings = {
  startRuns: 1,
  warmUpRuns: 1,
  timedRuns: 4,
  memoryRuns: 4,
  memorySampleEvery: 2,
  quick: true,
};

const USAGE = `Usage:
  npm run bench [-- --quick]   measure and write ${RESULTS_FOLDER}/*.json,
                               ${PUBLISHED_RESULTS} and ${DOCS_PAGE}
                               (--quick: a short trial run that publishes
                               nothing)
  npm run bench:docs [-- FILE] publish the full run in FILE as
                               ${PUBLISHED_RESULTS} and write ${DOCS_PAGE}
                               from it; without FILE, write ${DOCS_PAGE}
                               from ${PUBLISHED_RESULTS}`;

const started = Date.now();

function log(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
  console.log(`[bench ${seconds} s] ${message}`);
}

async function buildEverything(): Promise<BenchResults['appJavaScript']> {
  log('building the app (npm run build)');
  await runCommand('npm', ['run', 'build']);
  const appJavaScript = await measureJavaScript('dist');
  log(
    `app JavaScript: ${(appJavaScript.gzipBytes / 1000).toFixed(1)} kB ` +
      `gzipped in ${appJavaScript.files.length} files`,
  );

  log(`building the bench page into ${BENCH_DIST}/`);
  await runCommand(process.execPath, [
    'node_modules/vite/bin/vite.js',
    'build',
    '--config',
    'bench/vite.config.ts',
  ]);

  log('exporting the first design with model/baseline_resnet50.py');
  try {
    await runCommand(PYTHON, [
      '-m',
      'model.baseline_resnet50',
      '--out',
      join(BENCH_DIST, BASELINE_PATH),
    ]);
  } catch (error) {
    throw new Error(
      `Exporting the first design failed. It needs Debian's python3-torch ` +
        `and python3-torchvision, which .ci/run installs.\n${String(error)}`,
      { cause: error },
    );
  }
  return appJavaScript;
}

function modelFigures(
  runtime: RuntimeFigures,
  startPage: StartTarget['page'],
  starts: StartRun[],
  settings: BenchSettings,
): ModelFigures {
  const { info } = runtime;
  return {
    name: info.name,
    version: info.version,
    manifestBytes: info.manifestBytes,
    inputSize: info.inputSize,
    backend: info.backend,
    where: info.where,
    startPage,
    starts,
    coldStartMs: median(starts.map((start) => start.coldMs)),
    warmStartMs: median(starts.map((start) => start.warmMs)),
    downloadBytes: starts[0]!.coldNetworkBytes,
    inferenceTimesMs: runtime.inferenceTimesMs,
    inference: summariseTimes(
      runtime.inferenceTimesMs.slice(0, settings.timedRuns),
    ),
    memory: runtime.memory,
  };
}

async function measure(settings: BenchSettings): Promise<BenchResults> {
  const startedAt = new Date(started).toISOString();
  const machine = readMachineInfo();
  log(
    `${machine.cpuModel}, ${machine.cores} cores, load average ` +
      `${machine.loadAverage.toFixed(2)}`,
  );
  const predict = await runPredictBench(log);
  const appJavaScript = await buildEverything();

  const servers: PreviewServer[] = [];
  try {
    const app = await startPreview({ outDir: 'dist' });
    servers.push(app);
    const bench = await startPreview({ outDir: BENCH_DIST });
    servers.push(bench);
    log(
      `serving the app at ${app.baseUrl}, the bench page at ${bench.baseUrl}`,
    );

    const shippedPage = benchPageUrl(bench.baseUrl, '/model/');
    const baselinePage = benchPageUrl(bench.baseUrl, BASELINE_PATH);
    const shippedStarts = await measureStarts(
      {
        page: 'app',
        url: app.baseUrl,
        modelBaseUrl: new URL('model/', app.baseUrl).href,
      },
      settings.startRuns,
      log,
    );
    const baselineStarts = await measureStarts(
      {
        page: 'bench page',
        url: baselinePage,
        modelBaseUrl: new URL(BASELINE_PATH, bench.baseUrl).href,
      },
      settings.startRuns,
      log,
    );
    const shippedRuntime = await measureRuntime(shippedPage, settings, log);
    const baselineRuntime = await measureRuntime(baselinePage, settings, log);

    const partial = {
      format: RESULTS_FORMAT,
      startedAt,
      durationS: (Date.now() - started) / 1000,
      machine,
      browser: shippedRuntime.browser,
      settings,
      appJavaScript,
      shipped: modelFigures(shippedRuntime, 'app', shippedStarts, settings),
      baseline: modelFigures(
        baselineRuntime,
        'bench page',
        baselineStarts,
        settings,
      ),
      predict,
    } satisfies Omit<BenchResults, 'targets'>;
    return { ...partial, targets: checkTargets(partial) };
  } finally {
    for (const server of servers) {
      await server.stop();
    }
  }
}

function printReport(results: BenchResults): void {
  console.log('');
  console.log(formatTable(TABLE_HEADER, figureRows(results)));
  console.log('');
  for (const target of results.targets) {
    const mark = target.met ? 'met   ' : 'MISSED';
    console.log(`${mark} ${target.description}: ${formatTarget(target)}`);
  }
  if (results.predict !== null) {
    console.log(`bench:predict: ${results.predict}`);
  }
  console.log('');
}

/** Formats text as `npm run lint` expects for the file at `path`. */
async function formatForLint(path: string, text: string): Promise<string> {
  const options = await prettier.resolveConfig(path);
  return prettier.format(text, { ...options, filepath: path });
}

/**
 * Writes the results of a full run to PUBLISHED_RESULTS and the docs page
 * from them, so that the page cites a file that is in git.
 */
async function publish(results: BenchResults): Promise<void> {
  await writeFile(
    PUBLISHED_RESULTS,
    await formatForLint(PUBLISHED_RESULTS, JSON.stringify(results)),
  );
  log(`wrote ${PUBLISHED_RESULTS}`);
  await writeFile(
    DOCS_PAGE,
    await formatForLint(
      DOCS_PAGE,
      renderBenchmarksPage(results, PUBLISHED_RESULTS),
    ),
  );
  log(`wrote ${DOCS_PAGE}`);
}

async function readResults(file: string): Promise<BenchResults> {
  const results = JSON.parse(await readFile(file, 'utf8')) as BenchResults;
  if (results.format !== RESULTS_FORMAT) {
    throw new Error(
      `${file} has results format ${results.format}, but this bench ` +
        `reads format ${RESULTS_FORMAT}; run npm run bench again`,
    );
  }
  if (results.settings.quick) {
    throw new Error(
      `${file} is a --quick run, whose figures are not published`,
    );
  }
  return results;
}

async function docsCommand(args: string[]): Promise<number> {
  if (args.length > 1) {
    console.error(USAGE);
    return 2;
  }
  await publish(await readResults(args[0] ?? PUBLISHED_RESULTS));
  return 0;
}

async function benchCommand(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--quick');
  if (unknown.length > 0) {
    console.error(`Unknown argument ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }
  const settings = args.includes('--quick') ? QUICK_SETTINGS : FULL_SETTINGS;
  log(`starting a ${settings.quick ? 'quick' : 'full'} run`);

  const results = await measure(settings);
  await mkdir(RESULTS_FOLDER, { recursive: true });
  const resultsFile = join(
    RESULTS_FOLDER,
    `${results.startedAt.replace(/[:.]/g, '-')}.json`,
  );
  await writeFile(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${resultsFile}`);
  printReport(results);
  if (!settings.quick) {
    await publish(results);
  }
  const missed = results.targets.filter((target) => !target.met).length;
  return missed === 0 ? 0 : 1;
}

/** Runs `npm run bench` or, with `docs` first, `npm run bench:docs`. */
async function main(argv: string[]): Promise<number> {
  try {
    if (argv[0] === 'docs') {
      return await docsCommand(argv.slice(1));
    }
    return await benchCommand(argv);
  } catch (error) {
    log('the bench failed');
    console.error(error);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
