/**
 * Where the model runs and on which backends, from what the browser
 * supports. TensorFlow.js 4.22 creates a worker's WebGL context only on an
 * `OffscreenCanvas` with WebGL 2, so that is what a worker needs.
 */

import type { BackendName } from '../shared/messages';

export interface RuntimeCapabilities {
  worker: boolean;
  /** WebGL 2 on an `OffscreenCanvas`, as a worker would get it. */
  offscreenWebgl: boolean;
  /** WebGL 1 or 2 on a document canvas. */
  documentWebgl: boolean;
}

export interface RuntimePlan {
  where: 'worker' | 'main-thread';
  backends: BackendName[];
}

const ALL_BACKENDS: BackendName[] = ['webgl', 'wasm', 'cpu'];
const NO_WEBGL_BACKENDS: BackendName[] = ['wasm', 'cpu'];

export function planRuntime(capabilities: RuntimeCapabilities): RuntimePlan {
  if (capabilities.worker && capabilities.offscreenWebgl) {
    return { where: 'worker', backends: ALL_BACKENDS };
  }
  if (capabilities.documentWebgl) {
    // WebGL on the main thread is faster than WASM in a worker.
    return { where: 'main-thread', backends: ALL_BACKENDS };
  }
  if (capabilities.worker) {
    return { where: 'worker', backends: NO_WEBGL_BACKENDS };
  }
  return { where: 'main-thread', backends: NO_WEBGL_BACKENDS };
}

/** WebGL context attributes TensorFlow.js 4.22 asks for. */
const TFJS_CONTEXT_ATTRIBUTES: WebGLContextAttributes = {
  alpha: false,
  antialias: false,
  premultipliedAlpha: false,
  preserveDrawingBuffer: false,
  depth: false,
  stencil: false,
  failIfMajorPerformanceCaveat: true,
};

function releaseContext(context: WebGLRenderingContext | null): boolean {
  context?.getExtension('WEBGL_lose_context')?.loseContext();
  return context !== null;
}

/** Probes the browser with throwaway contexts. */
export function detectCapabilities(): RuntimeCapabilities {
  let offscreenWebgl = false;
  if (typeof OffscreenCanvas !== 'undefined') {
    try {
      const canvas = new OffscreenCanvas(1, 1);
      offscreenWebgl = releaseContext(
        canvas.getContext('webgl2', TFJS_CONTEXT_ATTRIBUTES),
      );
    } catch {
      offscreenWebgl = false;
    }
  }

  let documentWebgl = false;
  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    try {
      documentWebgl = releaseContext(
        (canvas.getContext('webgl2', TFJS_CONTEXT_ATTRIBUTES) ??
          canvas.getContext(
            'webgl',
            TFJS_CONTEXT_ATTRIBUTES,
          )) as WebGLRenderingContext | null,
      );
    } catch {
      documentWebgl = false;
    }
  }

  return {
    worker: typeof Worker !== 'undefined',
    offscreenWebgl,
    documentWebgl,
  };
}
