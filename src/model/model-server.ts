/**
 * Model server: handles the requests of src/shared/messages.ts with a
 * `ModelRuntime`, one at a time in arrival order. A cancelled analysis that
 * has not started is skipped.
 */

import { ModelError } from '../shared/errors';
import {
  NOTICE_ID,
  type ModelMemory,
  type WorkerRequest,
  type WorkerResponse,
} from '../shared/messages';
import { ModelRuntime } from './runtime';

/** Memory reported before a model is loaded. */
const NO_MODEL_MEMORY: ModelMemory = {
  numTensors: 0,
  numBytes: 0,
  numBytesInGPU: null,
  numBytesInGPUAllocated: null,
  numBytesInGPUFree: null,
};

/** The part of a worker scope or `MessagePort` the server uses. */
export interface ServerPort {
  postMessage(message: WorkerResponse, transfer: Transferable[]): void;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<WorkerRequest>) => void,
  ): void;
  start?(): void;
}

/** Handles the model requests that arrive on `port`. */
export function serve(port: ServerPort): void {
  let runtime: ModelRuntime | null = null;
  const cancelled = new Set<number>();
  let queue: Promise<void> = Promise.resolve();

  const post = (response: WorkerResponse) => port.postMessage(response, []);

  const handle = async (request: WorkerRequest): Promise<void> => {
    switch (request.type) {
      case 'load': {
        runtime?.dispose();
        runtime = new ModelRuntime({
          backends: request.backends,
          wasmBaseUrl: request.wasmBaseUrl,
          onBackendChange: (backend, reason) =>
            post({ id: NOTICE_ID, type: 'backend-changed', backend, reason }),
        });
        const info = await runtime.load(
          request.manifest,
          request.modelBaseUrl,
          (loadedBytes, totalBytes) =>
            post({ id: request.id, type: 'progress', loadedBytes, totalBytes }),
        );
        post({ id: request.id, type: 'loaded', info });
        return;
      }
      case 'analyse': {
        if (cancelled.delete(request.id)) {
          return;
        }
        if (!runtime) {
          throw new ModelError('not-loaded', 'Load the model before analysing');
        }
        const prediction = await runtime.analyse(
          request.image,
          request.metadata,
        );
        post({ id: request.id, type: 'analysed', prediction });
        return;
      }
      case 'memory':
        post({
          id: request.id,
          type: 'memory',
          memory: runtime?.memory() ?? NO_MODEL_MEMORY,
        });
        return;
      case 'cancel':
        // Handled on arrival, outside the queue.
        return;
    }
  };

  port.addEventListener('message', (event) => {
    const request = event.data;
    if (request.type === 'cancel') {
      cancelled.add(request.requestId);
      return;
    }
    queue = queue.then(async () => {
      try {
        await handle(request);
      } catch (error) {
        const wrapped = ModelError.wrap(
          error,
          'inference-failed',
          `Request "${request.type}" failed`,
        );
        console.error(`Model request ${request.type} #${request.id}`, error);
        post({ id: request.id, type: 'error', error: wrapped.toJSON() });
      }
    });
  });
  port.start?.();
}
