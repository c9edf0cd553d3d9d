/**
 * Entry of the model worker. Inside a worker it serves the worker scope.
 * The main-thread fallback imports this same module by its URL and serves
 * one end of a `MessageChannel`, so both paths share one protocol and one
 * bundle of TensorFlow.js.
 */

import { MODEL_SERVER_KEY } from '../shared/messages';
import { serve } from './model-server';

if (
  typeof DedicatedWorkerGlobalScope !== 'undefined' &&
  self instanceof DedicatedWorkerGlobalScope
) {
  serve(self);
} else {
  (globalThis as Record<symbol, unknown>)[MODEL_SERVER_KEY] = serve;
}
