/**
 * The bench page: loads the model folder named in `?model=` with the app's
 * model runtime (the same bridge, worker and backends) and exposes
 * `window.oncoscanBench` for the bench harness. bench/vite.config.ts
 * builds it apart from the app, which never loads it.
 */

import type { ModelBridge } from '../model/bridge';
import {
  createModelBridge,
  loadModelWithFallback,
} from '../model/create-bridge';
import { detectCapabilities } from '../model/runtime-plan';
import { encodeMetadata, UNKNOWN_PATIENT } from '../preprocess/metadata';
import type { ModelManifest } from '../shared/manifest';
import {
  BENCH_API_KEY,
  type BenchModelInfo,
  type BenchPageApi,
} from './bench-api';
import { parseBenchManifest } from './bench-manifest';
import { resolveModelBaseUrl } from './model-url';
import { syntheticImage } from './synthetic-input';

const statusElement = document.getElementById('status');

function showStatus(text: string): void {
  if (statusElement) {
    statusElement.textContent = text;
  }
}

async function fetchManifest(modelBaseUrl: string): Promise<ModelManifest> {
  const url = new URL('manifest.json', modelBaseUrl).href;
  const response = await fetch(url, { cache: 'no-cache' });
  if (!response.ok) {
    throw new Error(`Loading ${url} failed with HTTP ${response.status}`);
  }
  return parseBenchManifest(await response.json());
}

async function load(): Promise<{
  bridge: ModelBridge;
  manifest: ModelManifest;
  info: BenchModelInfo;
}> {
  const modelBaseUrl = resolveModelBaseUrl(location.href);
  const urls = {
    modelBaseUrl,
    wasmBaseUrl: new URL('tfjs-wasm/', location.href).href,
  };
  const manifest = await fetchManifest(modelBaseUrl);
  const capabilities = detectCapabilities();
  const created = await createModelBridge(capabilities, urls);
  const loaded = await loadModelWithFallback(
    created,
    manifest,
    (loadedBytes, totalBytes) =>
      showStatus(
        `Downloading ${manifest.name}: ${loadedBytes} of ` +
          `${totalBytes} bytes`,
      ),
    capabilities,
    urls,
  );
  const readyAtMs = performance.now();
  const info: BenchModelInfo = {
    name: manifest.name,
    version: manifest.version,
    manifestBytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
    inputSize: manifest.input.size,
    backend: loaded.info.backend,
    skipped: loaded.info.skipped,
    where: loaded.bridge.where,
    readyAtMs,
  };
  return { bridge: loaded.bridge, manifest, info };
}

const loading = load();
let runCount = 0;

const api: BenchPageApi = {
  ready: loading.then(({ info }) => info),
  analyse: async (runs) => {
    const { bridge, manifest } = await loading;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      // The bridge transfers the buffers, so each run needs new ones.
      const image = syntheticImage(manifest.input.size, runCount++);
      const metadata = encodeMetadata(manifest.metadata, UNKNOWN_PATIENT);
      const prediction = await bridge.analyse(image, metadata);
      times.push(prediction.inferenceMs);
    }
    showStatus(`${manifest.name}: ${runCount} analyses done`);
    return times;
  },
  memory: async () => (await loading).bridge.memory(),
};
(window as unknown as Record<string, BenchPageApi>)[BENCH_API_KEY] = api;

loading.then(
  ({ info }) =>
    showStatus(
      `${info.name} ${info.version} ready on ${info.backend} ` +
        `(${info.where}) after ${Math.round(info.readyAtMs)} ms`,
    ),
  (error: unknown) => {
    console.error('Loading the bench model failed', error);
    const detail = error instanceof Error ? error.message : String(error);
    showStatus(`Loading the model failed: ${detail}`);
  },
);
