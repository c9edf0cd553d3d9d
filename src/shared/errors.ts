/**
 * Typed errors of model loading and inference. They cross the worker
 * boundary as `{ code, message }`, because structured cloning drops the
 * subclass of an `Error`.
 */

export type ModelErrorCode =
  /** `manifest.json` is missing, unreadable or breaks the contract. */
  | 'manifest-invalid'
  /** A model file could not be fetched. */
  | 'download-failed'
  /** A model file's size or SHA-256 differs from the manifest. */
  | 'integrity-failed'
  /** `model.json` or its weights could not be turned into a graph model. */
  | 'model-invalid'
  /** An output tensor's shape differs from the contract. */
  | 'output-shape'
  /** No TensorFlow.js backend could be started. */
  | 'backend-failed'
  /** An analysis was requested before the model finished loading. */
  | 'not-loaded'
  /** The input vectors have the wrong length. */
  | 'input-invalid'
  /** Running the model failed. */
  | 'inference-failed'
  /** The caller aborted the request. */
  | 'aborted'
  /** The worker failed to start or stopped with an uncaught error. */
  | 'worker-failed';

export interface SerializedModelError {
  code: ModelErrorCode;
  message: string;
}

export class ModelError extends Error {
  override readonly name = 'ModelError';

  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  toJSON(): SerializedModelError {
    return { code: this.code, message: this.message };
  }

  static fromSerialized(error: SerializedModelError): ModelError {
    return new ModelError(error.code, error.message);
  }

  /** Wraps any thrown value, keeping a `ModelError` as it is. */
  static wrap(
    error: unknown,
    code: ModelErrorCode,
    context: string,
  ): ModelError {
    if (error instanceof ModelError) {
      return error;
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new ModelError(code, `${context}: ${detail}`, { cause: error });
  }
}
