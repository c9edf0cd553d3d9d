/**
 * Entry of the model worker. Inside a worker it serves the worker scope.
 * The main-thread fallback imports this same module by its URL and serves
 * one end of a `MessageChannel`, so both paths share one protocol and one
 * bundle of TensorFlow.js.
 */

import { serve } from './model-server';

export { serve };

if (
  typeof DedicatedWorkerGlobalScope !== 'undefined' &&
  self instanceof DedicatedWorkerGlobalScope
) {
  serve(self);
}
