/**
 * Types of `public/model/manifest.json`, the file that describes how the app
 * uses the model. `docs/model-interface.md` is the contract these follow.
 */

export interface ModelFile {
  /** Path relative to the model folder, e.g. `group1-shard1of3.bin`. */
  path: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
}

export interface ModelInputSpec {
  /** Graph input name of the image. */
  name: string;
  /** Side of the square input image in pixels. */
  size: number;
  channels: number;
  /** Value range of the input pixels, `[0, 255]`. */
  range: [number, number];
  layout: string;
}

export interface AgeEncoding {
  index: number;
  missingIndex: number;
  /** Mean and standard deviation of the training ages, in years. */
  mean: number;
  std: number;
  /** Youngest and oldest age the form accepts, in years. */
  min: number;
  max: number;
}

export interface CategoricalEncoding {
  /** Index of the first one-hot slot in the metadata vector. */
  offset: number;
  /** Category values in slot order, always including `unknown`. */
  values: string[];
}

export interface SiteEncoding extends CategoricalEncoding {
  /** Plain-language name of each anatomical site value. */
  displayNames: Record<string, string>;
}

export interface MetadataEncoding {
  /** Graph input name of the metadata vector. */
  name: string;
  /** Length of the encoded metadata vector. */
  length: number;
  age: AgeEncoding;
  sex: CategoricalEncoding;
  site: SiteEncoding;
}

export interface OperatingPoint {
  /** Fraction of malignant test lesions at or above the threshold. */
  sensitivity: number;
  /** Fraction of benign test lesions below the threshold. */
  specificity: number;
  /** Area under the ROC curve of the malignant output on the test split. */
  auc: number;
}

export interface ModelOutputSpec {
  /** Graph node name, fetched with `model.execute(inputs, names)`. */
  name: string;
  /** Shape with -1 for the batch dimension, e.g. `[-1, 7]`. */
  shape: number[];
}

export interface ModelOutputs {
  malignant: ModelOutputSpec;
  diagnosis: ModelOutputSpec;
  cam: ModelOutputSpec;
  embedding: ModelOutputSpec;
  /** Out-of-distribution score, or null for models without one. */
  ood: ModelOutputSpec | null;
}

export interface OodSpec {
  method: string;
  /** Scores above this mark a photo unlike the training data. */
  threshold: number;
}

export interface ModelManifest {
  name: string;
  version: string;
  contentHash: string;
  files: ModelFile[];
  input: ModelInputSpec;
  metadata: MetadataEncoding;
  /** Diagnosis codes in the order of the `diagnosis` output. */
  labels: string[];
  /** Plain-language name of each diagnosis code. */
  labelNames: Record<string, string>;
  malignantLabels: string[];
  /** Operating threshold on the malignant probability. */
  threshold: number;
  operatingPoint: OperatingPoint;
  outputs: ModelOutputs;
  /** Present when the graph has an `ood` output. */
  ood: OodSpec | null;
  quantization: 'float16' | 'uint8' | null;
}
