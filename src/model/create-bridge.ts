/**
 * Creation of the model bridge: a worker where WebGL works in workers, the
 * page's own thread otherwise, and the page's thread again if the worker
 * fails. Both run the same module, src/model/worker.ts.
 */

import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import { MODEL_SERVER_KEY, type LoadedModelInfo } from '../shared/messages';
import { defaultModelUrls, type ModelBridge, type ModelUrls } from './bridge';
import type { ServerPort } from './model-server';
import type { ProgressListener } from './download';
import {
  detectCapabilities,
  planRuntime,
  type RuntimeCapabilities,
  type RuntimePlan,
} from './runtime-plan';
import { WorkerBridge } from './worker-bridge';
import workerUrl from './worker.ts?worker&url';

/** Runs the worker module on this thread behind a `MessageChannel`. */
async function startOnMainThread(
  urls: ModelUrls,
  plan: RuntimePlan,
): Promise<ModelBridge> {
  await import(/* @vite-ignore */ workerUrl);
  const serve = (globalThis as Record<symbol, unknown>)[MODEL_SERVER_KEY];
  if (typeof serve !== 'function') {
    throw new ModelError(
      'worker-failed',
      `The model module at ${workerUrl} did not register its server`,
    );
  }
  const channel = new MessageChannel();
  (serve as (port: ServerPort) => void)(channel.port2);
  return new WorkerBridge(channel.port1, urls, plan.backends, 'main-thread');
}

/** Creates the bridge that suits this browser. */
export async function createModelBridge(
  capabilities: RuntimeCapabilities = detectCapabilities(),
  urls: ModelUrls = defaultModelUrls(),
): Promise<ModelBridge> {
  const plan = planRuntime(capabilities);
  if (plan.where === 'worker') {
    try {
      const worker = new Worker(workerUrl, {
        type: 'module',
        name: 'oncoscan-model',
      });
      return new WorkerBridge(worker, urls, plan.backends, 'worker');
    } catch (error) {
      console.warn('The model worker failed to start', error);
    }
  }
  return startOnMainThread(urls, planRuntime({ ...capabilities, worker: false }));
}

/**
 * Loads the model through `bridge`, and again on the main thread if the
 * worker fails. Returns the bridge that contains the loaded model.
 */
export async function loadModelWithFallback(
  bridge: ModelBridge,
  manifest: ModelManifest,
  onProgress: ProgressListener,
  capabilities: RuntimeCapabilities = detectCapabilities(),
  urls: ModelUrls = defaultModelUrls(),
): Promise<{ bridge: ModelBridge; info: LoadedModelInfo }> {
  try {
    return { bridge, info: await bridge.load(manifest, onProgress) };
  } catch (error) {
    const workerFailed =
      error instanceof ModelError && error.code === 'worker-failed';
    if (bridge.where !== 'worker' || !workerFailed) {
      throw error;
    }
    console.warn('The model worker failed; loading on the main thread', error);
    bridge.dispose();
    const plan = planRuntime({ ...capabilities, worker: false });
    const fallback = await startOnMainThread(urls, plan);
    return { bridge: fallback, info: await fallback.load(manifest, onProgress) };
  }
}
