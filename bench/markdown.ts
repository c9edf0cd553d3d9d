/**
 * docs/benchmarks.md from the results of a bench run. Every figure on the
 * page comes from the results file; the text around them does not change
 * between runs.
 */

import {
  figureRows,
  formatMarkdownTable,
  formatKilobytes,
  formatMegabytes,
  formatTarget,
  TABLE_HEADER,
} from './report';
import type { BenchResults, ModelFigures } from './results';

function describeModel(figures: ModelFigures): string {
  return (
    `\`${figures.name}\` ${figures.version}, ` +
    `${figures.inputSize} x ${figures.inputSize} input, ` +
    `${formatMegabytes(figures.manifestBytes)} of model files`
  );
}

function machineSection(results: BenchResults): string {
  const { machine, browser } = results;
  return [
    '## Machine and browser',
    '',
    `- CPU: ${machine.cpuModel}, ${machine.cores} cores`,
    `- memory: ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB`,
    `- system: ${machine.os}, Node.js ${machine.node}`,
    `- load average when the run started: ${machine.loadAverage.toFixed(2)}`,
    `- browser: Chromium ${browser.version}, headless, driven by ` +
      'playwright-core',
    `- WebGL: ${browser.webglRenderer} (${browser.webglVendor})`,
  ].join('\n');
}

function targetsSection(results: BenchResults): string {
  const rows = results.targets.map((target) => [
    target.description,
    formatTarget(target),
    target.met ? 'met' : '**missed**',
  ]);
  return [
    '## Targets',
    '',
    formatMarkdownTable(['target', 'measured', 'result'], rows),
  ].join('\n');
}

function otherFiguresSection(results: BenchResults): string {
  const { appJavaScript, settings } = results;
  const predict =
    results.predict === null
      ? 'not run: package.json had no `bench:predict` script.'
      : `\`${results.predict}\``;
  return [
    '## Other figures',
    '',
    `- App JavaScript without the model: ` +
      `${formatKilobytes(appJavaScript.gzipBytes)} gzipped (level 9) in ` +
      `${appJavaScript.files.length} files, every \`.js\` file of \`dist/\`, ` +
      'the service worker and the WebAssembly fallback included.',
    `- \`npm run bench:predict\` (command-line predictor): ${predict}`,
    `- Runs: ${settings.startRuns} cold and warm starts per model, ` +
      `${settings.warmUpRuns} warm-up analyses, timings over the first ` +
      `${settings.timedRuns} analyses after warm-up, memory sampled every ` +
      `${settings.memorySampleEvery} of ${settings.memoryRuns} analyses. ` +
      `The run took ${Math.round(results.durationS / 60)} minutes.`,
  ].join('\n');
}

const EXPLANATIONS = `## What each figure means

- **download size**: bytes of the model folder (\`manifest.json\`,
  \`model.json\` and the weight shards) that came from the network in the
  first cold start, as transferred: \`vite preview\` gzips the JSON files
  and sends the shards as they are.
- **model files (manifest)**: the sum of the file sizes the model's
  \`manifest.json\` lists.
- **cold start**: navigation start to model ready in a new browser profile,
  so every cache is empty: page, manifest, download with SHA-256 checks,
  WebGL start, graph load and one warm-up analysis. The median over the
  runs, each in a new profile.
- **warm start**: the same in a new tab of the same profile. The model files
  come from Cache Storage, where the downloader stored them. For (a) the
  app shell and manifest come from the service worker; the bench page has
  none, so for (b) the browser revalidates its manifest with the server.
- **inference**: \`Prediction.inferenceMs\`, measured in the model worker
  from the call to the graph until its outputs are read back, on a
  synthetic image that changes with each run.
- **JS heap**: used V8 heap of the page plus the model worker after a
  forced garbage collection (\`Runtime.getHeapUsage\` of the Chrome
  DevTools Protocol).
- **ArrayBuffers**: the backing storage the same call reports. Most of it
  is the model's weights, which the runtime keeps to reload the model on
  another backend after a lost WebGL context.
- **WebGL memory**: \`numBytesInGPUAllocated\` of \`tf.memory()\` in the
  model worker: all textures the WebGL backend holds, the weights and the
  pool it reuses included.
- **tensors**: \`tf.memory().numTensors\` in the model worker before the
  first and after the last of the analyses; equal counts mean no analysis
  leaves a tensor behind.
- **(b)/(a)**: the first design's figure divided by ours.

## How the bench page loads a model

\`npm run bench\` builds \`src/bench/\` with \`bench/vite.config.ts\` into
\`bench/dist/\` and serves it from a second loopback server, so the app's
build and service worker stay as shipped. The page loads the model folder
that its \`model\` query parameter names, a path on its own origin:
\`/?model=/model/\` for (a) and \`/?model=/bench-models/resnet50/\` for
(b). It exposes \`window.oncoscanBench\` (\`src/bench/bench-api.ts\`) for
the harness in \`bench/\`, and the app never links to it.`;

const SOFTWARE_WEBGL = `## Software-rendered WebGL

Headless Chromium on a machine without a GPU renders WebGL with
SwiftShader, on the CPU (see the WebGL renderer above). Absolute times
then depend on the CPU and on what else runs on it, so they do not predict
times on a phone. The ratios between (a) and (b) are what the bench shows,
because both models run in the same run, browser and runtime, one after
the other. The load average above shows how busy the machine was.`;

/** Returns the Markdown of docs/benchmarks.md. */
export function renderBenchmarksPage(
  results: BenchResults,
  resultsFile: string,
): string {
  const { shipped, baseline } = results;
  return `# Benchmarks

Generated by \`npm run bench\` from
\`${resultsFile}\`
(run started ${results.startedAt}). \`npm run bench:docs\` writes it
again from that file. Do not edit it by hand.

The bench builds the app, serves it on a loopback address and measures, in
one run of headless Chromium:

- **(a) shipped**, the model in \`public/model/\`:
  ${describeModel(shipped)}.
  Cold and warm starts load it through the app itself (the production build
  with its service worker).
- **(b) first design**, ResNet50 with global average pooling, dense 128 for
  the image, dense 16 for the metadata, concatenated into dense 64 and a
  sigmoid, with random weights, written by \`model/baseline_resnet50.py\`
  with the same exporter:
  ${describeModel(baseline)}.
  It has only the \`malignant\` output and no labels, so the app cannot
  load it. The bench page (\`src/bench/\`, built apart from the app) loads
  it with the app's model runtime.

Inference and memory of both come from the bench page, which runs the app's
model bridge, model worker and TensorFlow.js WebGL backend.

## Results

${formatMarkdownTable(TABLE_HEADER, figureRows(results))}

${targetsSection(results)}

${otherFiguresSection(results)}

${machineSection(results)}

${EXPLANATIONS}

${SOFTWARE_WEBGL}
`;
}
