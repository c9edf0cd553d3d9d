/**
 * The bridge to the model worker, or to the same code on the main thread
 * through a `MessageChannel`: numbered requests, one promise each, abort
 * through an `AbortSignal`, and errors rebuilt as `ModelError`.
 */

import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import {
  NOTICE_ID,
  type BackendName,
  type LoadedModelInfo,
  type ModelMemory,
  type Prediction,
  type WorkerRequest,
  type WorkerResponse,
} from '../shared/messages';
import type { BackendChangeListener, ModelBridge, ModelUrls } from './bridge';
import type { ProgressListener } from './download';

/** The part of a `Worker` or `MessagePort` the bridge uses. */
export interface WorkerPort {
  postMessage(message: WorkerRequest, transfer: Transferable[]): void;
  addEventListener(
    type: 'message' | 'error' | 'messageerror',
    listener: (event: Event) => void,
  ): void;
  /** `MessagePort` delivers nothing until started. */
  start?(): void;
  /** `Worker` stops with `terminate`, `MessagePort` with `close`. */
  terminate?(): void;
  close?(): void;
}

interface Pending {
  resolve: (response: WorkerResponse) => void;
  reject: (error: ModelError) => void;
  onProgress?: ProgressListener;
}

/** Distributes `Omit` over a union, keeping each member's own fields. */
type RequestBody = WorkerRequest extends infer R
  ? R extends WorkerRequest
    ? Omit<R, 'id'>
    : never
  : never;

export class WorkerBridge implements ModelBridge {
  private nextId = NOTICE_ID + 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<BackendChangeListener>();
  private failure: ModelError | null = null;

  constructor(
    private readonly worker: WorkerPort,
    private readonly urls: ModelUrls,
    private readonly backends: BackendName[],
    readonly where: 'worker' | 'main-thread' = 'worker',
  ) {
    worker.addEventListener('message', (event) =>
      this.receive((event as MessageEvent<WorkerResponse>).data),
    );
    worker.addEventListener('error', (event) => {
      const detail = (event as ErrorEvent).message || 'the script failed';
      this.fail(`The model worker stopped: ${detail}`);
    });
    worker.addEventListener('messageerror', () =>
      this.fail('A message from the model worker could not be read'),
    );
    worker.start?.();
  }

  async load(
    manifest: ModelManifest,
    onProgress?: ProgressListener,
  ): Promise<LoadedModelInfo> {
    const response = await this.request(
      {
        type: 'load',
        manifest,
        modelBaseUrl: this.urls.modelBaseUrl,
        wasmBaseUrl: this.urls.wasmBaseUrl,
        backends: this.backends,
      },
      { onProgress },
    );
    if (response.type !== 'loaded') {
      throw unexpected(response);
    }
    return response.info;
  }

  /** Sends the input buffers to the worker, which detaches them here. */
  async analyse(
    image: Float32Array,
    metadata: Float32Array,
    signal?: AbortSignal,
  ): Promise<Prediction> {
    const response = await this.request(
      { type: 'analyse', image, metadata },
      { signal, transfer: [image.buffer, metadata.buffer] },
    );
    if (response.type !== 'analysed') {
      throw unexpected(response);
    }
    return response.prediction;
  }

  async numTensors(): Promise<number> {
    return (await this.memory()).numTensors;
  }

  async memory(): Promise<ModelMemory> {
    const response = await this.request({ type: 'memory' }, {});
    if (response.type !== 'memory') {
      throw unexpected(response);
    }
    return response.memory;
  }

  onBackendChange(listener: BackendChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.worker.terminate?.();
    this.worker.close?.();
    // `aborted`, not `worker-failed`, so no caller retries elsewhere.
    this.fail('The model bridge was disposed', 'aborted');
  }

  private request(
    body: RequestBody,
    options: {
      onProgress?: ProgressListener;
      signal?: AbortSignal;
      transfer?: Transferable[];
    },
  ): Promise<WorkerResponse> {
    if (this.failure) {
      return Promise.reject(this.failure);
    }
    const { signal } = options;
    if (signal?.aborted) {
      return Promise.reject(abortError());
    }

    const id = this.nextId++;
    return new Promise<WorkerResponse>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id);
        this.worker.postMessage({ id: this.nextId++, type: 'cancel', requestId: id }, []);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        onProgress: options.onProgress,
        resolve: (response) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(response);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      this.worker.postMessage({ ...body, id } as WorkerRequest, options.transfer ?? []);
    });
  }

  private receive(response: WorkerResponse): void {
    if (response.type === 'backend-changed') {
      for (const listener of this.listeners) {
        listener(response.backend, response.reason);
      }
      return;
    }
    const pending = this.pending.get(response.id);
    if (!pending) {
      // The request was aborted, so its late response is dropped.
      return;
    }
    if (response.type === 'progress') {
      pending.onProgress?.(response.loadedBytes, response.totalBytes);
      return;
    }
    this.pending.delete(response.id);
    if (response.type === 'error') {
      pending.reject(ModelError.fromSerialized(response.error));
    } else {
      pending.resolve(response);
    }
  }

  private fail(
    message: string,
    code: 'worker-failed' | 'aborted' = 'worker-failed',
  ): void {
    this.failure ??= new ModelError(code, message);
    for (const pending of this.pending.values()) {
      pending.reject(this.failure);
    }
    this.pending.clear();
  }
}

function abortError(): ModelError {
  return new ModelError('aborted', 'The analysis was cancelled');
}

function unexpected(response: WorkerResponse): ModelError {
  return new ModelError(
    'worker-failed',
    `The model worker sent an unexpected "${response.type}" response`,
  );
}
