/**
 * The model as the worker (or the main-thread fallback) runs it: download,
 * backend choice, analyses, and the switch to the next backend when the
 * WebGL context is lost.
 */

import * as tf from '@tensorflow/tfjs-core';

import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import type {
  BackendName,
  LoadedModelInfo,
  ModelMemory,
  Prediction,
} from '../shared/messages';
import {
  activateBackend,
  isWebglContextLost,
  onWebglContextLost,
  type BackendSettings,
} from './backends';
import {
  downloadModelFiles,
  toModelArtifacts,
  type ProgressListener,
} from './download';
import { LesionModel } from './engine';

export interface RuntimeOptions extends BackendSettings {
  /** Backends to try, best first. */
  backends: BackendName[];
  /** Called after a lost WebGL context made the runtime switch backends. */
  onBackendChange?: (backend: BackendName, reason: string) => void;
  /** Checks the context right away; defaults to `isWebglContextLost`. */
  isContextLost?: () => boolean;
}

export const CONTEXT_LOST_REASON =
  'The WebGL context was lost, so the model now runs on a slower backend';

/** The WebGL backend's extra fields of `tf.memory()` (tfjs 4.22). */
interface WebglMemoryInfo extends tf.MemoryInfo {
  numBytesInGPU?: number;
  numBytesInGPUAllocated?: number;
  numBytesInGPUFree?: number;
}

/** Converts `tf.memory()` to the fields the worker protocol sends. */
export function toModelMemory(info: WebglMemoryInfo): ModelMemory {
  return {
    numTensors: info.numTensors,
    numBytes: info.numBytes,
    numBytesInGPU: info.numBytesInGPU ?? null,
    numBytesInGPUAllocated: info.numBytesInGPUAllocated ?? null,
    numBytesInGPUFree: info.numBytesInGPUFree ?? null,
  };
}

export class ModelRuntime {
  private model: LesionModel | null = null;
  private manifest: ModelManifest | null = null;
  private artifacts: tf.io.ModelArtifacts | null = null;
  private remainingBackends: BackendName[];
  private contextLost = false;
  /** Listeners of analyses in progress, called when the context is lost. */
  private readonly lostListeners = new Set<() => void>();
  private removeContextListener: () => void = () => {};

  constructor(private readonly options: RuntimeOptions) {
    this.remainingBackends = [...options.backends];
  }

  /** Downloads the model files and loads the model. */
  async load(
    manifest: ModelManifest,
    modelBaseUrl: string,
    onProgress?: ProgressListener,
  ): Promise<LoadedModelInfo> {
    let notStored = false;
    const files = await downloadModelFiles(modelBaseUrl, manifest, {
      onProgress,
      onCacheWriteFailed: () => {
        notStored = true;
      },
    });
    const artifacts = await toModelArtifacts(files);
    const info = await this.loadArtifacts(manifest, artifacts);
    return notStored ? { ...info, notStored } : info;
  }

  /** Loads the model from artifacts already in memory. */
  async loadArtifacts(
    manifest: ModelManifest,
    artifacts: tf.io.ModelArtifacts,
  ): Promise<LoadedModelInfo> {
    this.manifest = manifest;
    this.artifacts = artifacts;
    const { backend, skipped } = await activateBackend(
      this.remainingBackends,
      this.options,
    );
    this.remainingBackends = this.remainingBackends.slice(
      this.remainingBackends.indexOf(backend),
    );
    this.disposeModel();
    this.model = await LesionModel.load(artifacts, manifest);
    this.watchContext();
    return { backend, skipped };
  }

  async analyse(
    image: Float32Array,
    metadata: Float32Array,
  ): Promise<Prediction> {
    if (this.contextLost) {
      await this.switchBackend();
    }
    const model = this.model;
    if (!model) {
      throw new ModelError(
        'not-loaded',
        'The model is not loaded yet. Wait for the download to finish.',
      );
    }
    let stopWaiting = () => {};
    const lost = new Promise<null>((resolve) => {
      const listener = () => resolve(null);
      this.lostListeners.add(listener);
      stopWaiting = () => this.lostListeners.delete(listener);
    });
    try {
      // A read-back from a context lost midway may never settle, so the
      // loss event ends the wait as well.
      const prediction = await Promise.race([
        model.predict(image, metadata),
        lost,
      ]);
      if (prediction && !this.checkContextLost()) {
        return prediction;
      }
    } catch (error) {
      if (!this.checkContextLost()) {
        throw ModelError.wrap(error, 'inference-failed', 'Analysis failed');
      }
    } finally {
      stopWaiting();
    }
    // A lost context reads back zeros, so an analysis that ran while it was
    // lost is repeated on the next backend.
    await this.switchBackend();
    return this.analyse(image, metadata);
  }

  /**
   * Marks the WebGL context as lost, so the next analysis reloads the model
   * on the next backend. The canvas's `webglcontextlost` event calls this.
   */
  handleContextLost(): void {
    this.contextLost = true;
    for (const listener of this.lostListeners) {
      listener();
    }
  }

  /** Notes a loss whose event has not arrived yet, and returns the flag. */
  private checkContextLost(): boolean {
    const isContextLost = this.options.isContextLost ?? isWebglContextLost;
    if (!this.contextLost && isContextLost()) {
      console.warn('The WebGL context was lost during an analysis');
      this.contextLost = true;
    }
    return this.contextLost;
  }

  numTensors(): number {
    return tf.memory().numTensors;
  }

  memory(): ModelMemory {
    return toModelMemory(tf.memory());
  }

  get backend(): BackendName | null {
    return this.model?.backend ?? null;
  }

  dispose(): void {
    this.disposeModel();
  }

  private watchContext(): void {
    this.removeContextListener();
    this.removeContextListener = onWebglContextLost(() =>
      this.handleContextLost(),
    );
  }

  private async switchBackend(): Promise<void> {
    if (!this.manifest || !this.artifacts) {
      throw new ModelError('not-loaded', 'No model to reload');
    }
    const lost = this.model?.backend ?? tf.getBackend();
    this.contextLost = false;
    this.disposeModel();
    this.remainingBackends = this.remainingBackends.filter(
      (backend) => backend !== lost,
    );
    if (lost === 'webgl') {
      // Frees the backend's textures and programs, which are not used again.
      try {
        tf.removeBackend('webgl');
      } catch (error) {
        console.warn('Removing the lost WebGL backend failed', error);
      }
    }
    const info = await this.loadArtifacts(this.manifest, this.artifacts);
    this.options.onBackendChange?.(info.backend, CONTEXT_LOST_REASON);
  }

  private disposeModel(): void {
    this.removeContextListener();
    this.removeContextListener = () => {};
    try {
      this.model?.dispose();
    } catch {
      // Disposing on a lost WebGL context can throw, and its memory is gone.
    }
    this.model = null;
  }
}
