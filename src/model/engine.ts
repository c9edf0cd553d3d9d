/**
 * The loaded graph model and one analysis: input tensors in, the outputs
 * the app shows out (malignant, diagnosis, the class-activation map and,
 * when the model has it, the out-of-distribution score), every tensor
 * disposed on the way.
 */

import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';

import { ModelError } from '../shared/errors';
import type { ModelManifest } from '../shared/manifest';
import type { BackendName, Prediction } from '../shared/messages';

function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Throws an `output-shape` error unless `tensor` has the manifest's shape
 * for a batch of one; -1 in `manifestShape` is the batch dimension.
 */
export function checkOutputShape(
  output: string,
  tensor: tf.Tensor,
  manifestShape: readonly number[],
): void {
  const expected = manifestShape.map((dim) => (dim === -1 ? 1 : dim));
  const matches =
    tensor.shape.length === expected.length &&
    tensor.shape.every((dim, i) => dim === expected[i]);
  if (!matches) {
    throw new ModelError(
      'output-shape',
      `Model output "${output}" has shape ${describeShape(tensor.shape)}, ` +
        `but the manifest requires ${describeShape(expected)}`,
    );
  }
}

export class LesionModel {
  private constructor(
    private readonly graph: GraphModel,
    private readonly manifest: ModelManifest,
    readonly backend: BackendName,
  ) {}

  /**
   * Loads the graph on the active backend and runs it once on a blank
   * input, which compiles the backend's kernels and checks the outputs.
   */
  static async load(
    artifacts: tf.io.ModelArtifacts,
    manifest: ModelManifest,
  ): Promise<LesionModel> {
    let graph: GraphModel;
    try {
      graph = await loadGraphModel(tf.io.fromMemory(artifacts));
    } catch (error) {
      throw ModelError.wrap(error, 'model-invalid', 'Loading the graph failed');
    }
    const inputNames = graph.inputs.map((input) => input.name);
    for (const name of [manifest.input.name, manifest.metadata.name]) {
      if (!inputNames.includes(name)) {
        graph.dispose();
        throw new ModelError(
          'model-invalid',
          `The graph has no input "${name}"; its inputs are ` +
            `${inputNames.join(', ')}`,
        );
      }
    }

    const model = new LesionModel(
      graph,
      manifest,
      tf.getBackend() as BackendName,
    );
    try {
      await model.warmUp();
    } catch (error) {
      graph.dispose();
      throw error;
    }
    return model;
  }

  private async warmUp(): Promise<void> {
    const { size } = this.manifest.input;
    await this.predict(
      new Float32Array(size * size * 3),
      new Float32Array(this.manifest.metadata.length),
    );
  }

  /** Runs the model on one preprocessed image and metadata vector. */
  async predict(
    image: Float32Array,
    metadata: Float32Array,
  ): Promise<Prediction> {
    const { size } = this.manifest.input;
    const metadataLength = this.manifest.metadata.length;
    if (image.length !== size * size * 3) {
      throw new ModelError(
        'input-invalid',
        `Image input has ${image.length} values, expected ${size * size * 3} ` +
          `(${size} x ${size} x 3)`,
      );
    }
    if (metadata.length !== metadataLength) {
      throw new ModelError(
        'input-invalid',
        `Metadata input has ${metadata.length} values, expected ` +
          `${metadataLength}`,
      );
    }

    const started = performance.now();
    const { outputs } = this.manifest;
    const fetched = [outputs.malignant, outputs.diagnosis, outputs.cam];
    if (outputs.ood) {
      fetched.push(outputs.ood);
    }
    const results = tf.tidy(() => {
      const tensors = this.graph.execute(
        {
          [this.manifest.input.name]: tf.tensor4d(image, [1, size, size, 3]),
          [this.manifest.metadata.name]: tf.tensor2d(metadata, [
            1,
            metadataLength,
          ]),
        },
        fetched.map((output) => output.name),
      ) as tf.Tensor[];
      fetched.forEach((output, i) =>
        checkOutputShape(output.name, tensors[i]!, output.shape),
      );
      return tensors;
    });

    try {
      const [malignant, diagnosis, cam, ood] = await Promise.all(
        results.map((tensor) => tensor.data()),
      );
      // The shape check above makes the cam tensor [1, rows, columns].
      const [, rows, columns] = results[2]!.shape as number[];
      return {
        malignant: malignant![0]!,
        diagnosis: Array.from(diagnosis!),
        ood: ood ? ood[0]! : null,
        cam: { rows: rows!, columns: columns!, values: Array.from(cam!) },
        backend: this.backend,
        inferenceMs: performance.now() - started,
      };
    } finally {
      for (const tensor of results) {
        tensor.dispose();
      }
    }
  }

  dispose(): void {
    this.graph.dispose();
  }
}
