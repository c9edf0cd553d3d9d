"""Export a trained LesionNet as the TensorFlow.js graph model the app serves.

The graph takes 0-255 RGB pixels and the metadata vector, and returns
calibrated probabilities, the class-activation map of the malignant logit,
the pooled image features and an out-of-distribution score. Batch norm is
folded into each convolution, and the calibration into the last layers, so
the browser runs no more ops than inference needs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, asdict
from pathlib import Path

import numpy as np
import torch

from .data.metadata import (LABEL_NAMES, LABELS, MALIGNANT_LABELS,
                            MetadataEncoding)
from .graph import GraphBuilder, file_entries, write_graph_model
from .model import (FEATURE_CHANNELS, OUTPUT_STRIDE, ConvBN,
                    InvertedResidual, LesionNet, fold_batch_norm)

OUTPUT_NAMES = ("malignant", "diagnosis", "cam", "embedding", "ood")
NOISE_FLOOR = 1e-3  # smallest noise variance, relative to the mean variance


@dataclass
class Calibration:
    """Platt scaling of the malignant logit, p = sigmoid(a * z + b), and a
    softmax temperature for the 7-class logits."""

    malignant_scale: float = 1.0
    malignant_bias: float = 0.0
    diagnosis_temperature: float = 1.0


@dataclass
class OodReference:
    """A Gaussian model of the pooled training features (probabilistic PCA).

    The score is a squared Mahalanobis distance. Its covariance keeps the top
    `k` principal directions exactly and gives every other direction their
    mean variance (`noise_variance`). The graph then needs a 1280 x k matrix
    instead of the full 1280 x 1280 precision matrix.
    """

    mean: np.ndarray  # [1280]
    components: np.ndarray  # [1280, k], orthonormal columns
    variances: np.ndarray  # [k]
    noise_variance: float
    threshold: float = float("nan")  # flag scores above this

    @classmethod
    def fit(cls, features: np.ndarray, k: int = 64) -> "OodReference":
        features = features.astype(np.float64)
        mean = features.mean(axis=0)
        centred = features - mean
        covariance = centred.T @ centred / max(len(features) - 1, 1)
        eigenvalues, eigenvectors = np.linalg.eigh(covariance)
        order = np.argsort(eigenvalues)[::-1]
        eigenvalues = np.clip(eigenvalues[order], 1e-8, None)
        eigenvectors = eigenvectors[:, order]
        # The floor keeps the residual term finite when there are fewer
        # samples than feature dimensions (tests and smoke runs).
        noise = max(float(eigenvalues[k:].mean()),
                    NOISE_FLOOR * float(eigenvalues.mean()))
        return cls(
            mean=mean.astype(np.float32),
            components=eigenvectors[:, :k].astype(np.float32),
            variances=np.maximum(eigenvalues[:k], noise).astype(np.float32),
            noise_variance=noise,
        )

    def score(self, features: np.ndarray) -> np.ndarray:
        centred = features.astype(np.float64) - self.mean
        projected = centred @ self.components
        residual = centred - projected @ self.components.T
        return ((projected ** 2) @ (1.0 / self.variances)
                + (residual ** 2).sum(axis=1) / self.noise_variance)


def emit_lesion_net(model: LesionNet, calibration: Calibration,
                    ood: OodReference, input_size: int,
                    metadata_length: int) -> GraphBuilder:
    """Build the inference graph of `model` (which must be in eval mode)."""
    if model.training:
        raise ValueError("put the model in eval mode before exporting")
    g = GraphBuilder()
    image = g.placeholder("image", [-1, input_size, input_size, 3])
    metadata = g.placeholder("metadata", [-1, metadata_length])

    # Pixels 0-255 to [-1, 1], as the ImageNet MobileNetV2 expects.
    x = g.binary("preprocess/scale", "Mul", image,
                 g.const("preprocess/scale/y", np.float32(1 / 127.5)))
    x = g.binary("preprocess/shift", "AddV2", x,
                 g.const("preprocess/shift/y", np.float32(-1.0)))

    for block in model.backbone.blocks:
        if isinstance(block, ConvBN):
            x = _emit_conv(g, block, x)
        elif isinstance(block, InvertedResidual):
            y = x
            for layer in block.layers:
                y = _emit_conv(g, layer, y)
            x = g.binary(f"{block.layers[-1].scope}/add", "AddV2", x, y) \
                if block.residual else y
        else:
            raise TypeError(f"cannot export backbone block {type(block)}")
    feature_map = x

    pooled = g.reduce("head/pool", "Mean", feature_map, [1, 2], False)
    hidden = g.dense("head/metadata", metadata,
                     _linear_weight(model.metadata[0]),
                     model.metadata[0].bias.detach().numpy(), "Relu")
    fused = g.concat("head/fuse", [pooled, hidden], 1)

    temperature = calibration.diagnosis_temperature
    logits = g.dense("head/diagnosis", fused,
                     _linear_weight(model.diagnosis) / temperature,
                     model.diagnosis.bias.detach().numpy() / temperature)
    g.output("diagnosis", g.unary("head/diagnosis/softmax", "Softmax",
                                  logits))

    a, b = calibration.malignant_scale, calibration.malignant_bias
    malignant_weight = _linear_weight(model.malignant) * a
    malignant_logit = g.dense(
        "head/malignant", fused, malignant_weight,
        model.malignant.bias.detach().numpy() * a + b)
    g.output("malignant", g.unary("head/malignant/sigmoid", "Sigmoid",
                                  malignant_logit))

    # Class-activation map: each location's share of the calibrated
    # malignant logit. Its mean over locations is the image term of the
    # logit, because the head is linear in the pooled features.
    cam_kernel = malignant_weight[:FEATURE_CHANNELS].reshape(
        1, 1, FEATURE_CHANNELS, 1)
    cam = g.conv2d("head/cam", feature_map, cam_kernel,
                   np.zeros(1, np.float32), 1, None)
    g.output("cam", g.squeeze("head/cam/squeeze", cam, [3]))
    g.output("embedding", pooled)
    g.output("ood", _emit_ood(g, pooled, ood))
    return g


def _emit_ood(g: GraphBuilder, pooled: str, ood: OodReference) -> str:
    centred = g.binary("ood/centre", "Sub", pooled,
                       g.const("ood/mean", ood.mean))
    components = g.const("ood/components", ood.components)
    projected = g.op("ood/project", "MatMul", [centred, components],
                     {"transpose_a": {"b": False}, "transpose_b": {"b": False}})
    # The residual is formed by subtraction of vectors, not of squared
    # norms, which would cancel catastrophically in float32.
    reconstructed = g.op("ood/reconstruct", "MatMul",
                         [projected, components],
                         {"transpose_a": {"b": False},
                          "transpose_b": {"b": True}})
    residual = g.binary("ood/residual", "Sub", centred, reconstructed)
    subspace = g.reduce("ood/subspace", "Sum", g.binary(
        "ood/subspace/weighted", "Mul",
        g.unary("ood/subspace/square", "Square", projected),
        g.const("ood/inverse_variances",
                (1.0 / ood.variances).astype(np.float32))),
        [1], False)
    rest = g.reduce("ood/rest", "Sum",
                    g.unary("ood/rest/square", "Square", residual),
                    [1], False)
    rest = g.binary("ood/rest/weighted", "Mul", rest, g.const(
        "ood/inverse_noise", np.float32(1.0 / ood.noise_variance)))
    return g.binary("ood/score", "AddV2", subspace, rest)


def _emit_conv(g: GraphBuilder, layer: ConvBN, x: str) -> str:
    kernel, bias = fold_batch_norm(layer.conv, layer.bn)
    activation = "Relu6" if layer.relu6 else None
    if layer.conv.groups == 1:
        # PyTorch [out, in, h, w] to TensorFlow HWIO.
        hwio = kernel.transpose(2, 3, 1, 0)
        return g.conv2d(layer.scope, x, hwio, bias, layer.stride, activation)
    # Depthwise: PyTorch [channels, 1, h, w] to TensorFlow [h, w, channels, 1].
    return g.depthwise_conv2d(layer.scope, x, kernel.transpose(2, 3, 0, 1),
                              bias, layer.stride, activation)


def _linear_weight(linear: torch.nn.Linear) -> np.ndarray:
    return linear.weight.detach().numpy().T.copy()


@torch.no_grad()
def reference_outputs(model: LesionNet, calibration: Calibration,
                      ood: OodReference, images: np.ndarray,
                      metadata: np.ndarray) -> dict[str, np.ndarray]:
    """Compute every graph output in PyTorch, for parity checks.

    `images` is NHWC float 0-255, as the graph takes it.
    """
    model.eval()
    x = torch.from_numpy(images).permute(0, 3, 1, 2).float()
    feature_map = model.features(x)
    pooled = feature_map.mean(dim=(2, 3))
    logits, malignant_logit = model.head(pooled, torch.from_numpy(metadata))
    a, b = calibration.malignant_scale, calibration.malignant_bias
    cam_weight = model.malignant.weight[0, :FEATURE_CHANNELS] * a
    cam = torch.einsum("nchw,c->nhw", feature_map, cam_weight)
    pooled_np = pooled.numpy()
    return {
        "malignant": torch.sigmoid(malignant_logit * a + b)[:, None].numpy(),
        "diagnosis": torch.softmax(
            logits / calibration.diagnosis_temperature, dim=1).numpy(),
        "cam": cam.numpy(),
        "embedding": pooled_np,
        "ood": ood.score(pooled_np).astype(np.float32),
    }


def export_model(model: LesionNet, encoding: MetadataEncoding,
                 calibration: Calibration, ood: OodReference,
                 input_size: int, out_dir: Path, quantisation: str | None,
                 threshold: float, operating_point: dict, version: str,
                 extra: dict | None = None) -> dict:
    """Write the graph model and its manifest; returns the manifest."""
    builder = emit_lesion_net(model.eval(), calibration, ood, input_size,
                              encoding.length)
    paths = write_graph_model(builder, out_dir, quantisation)
    files, content_hash = file_entries(paths)
    cells = input_size // OUTPUT_STRIDE
    manifest = {
        "name": "oncoscan-mobilenetv2-hybrid",
        "version": version,
        "contentHash": f"sha256:{content_hash}",
        "files": files,
        "downloadBytes": sum(f["bytes"] for f in files),
        "input": {"size": input_size, "channels": 3, "range": [0, 255],
                  "layout": "NHWC", "name": "image"},
        "metadata": {**encoding.to_manifest(), "name": "metadata"},
        "labels": list(LABELS),
        "labelNames": dict(LABEL_NAMES),
        "malignantLabels": list(MALIGNANT_LABELS),
        "threshold": threshold,
        "operatingPoint": operating_point,
        "calibration": {"method": "platt+temperature", **asdict(calibration)},
        "outputs": {
            "malignant": {"name": "malignant", "shape": [-1, 1]},
            "diagnosis": {"name": "diagnosis", "shape": [-1, len(LABELS)]},
            "cam": {"name": "cam", "shape": [-1, cells, cells]},
            "embedding": {"name": "embedding",
                          "shape": [-1, FEATURE_CHANNELS]},
            "ood": {"name": "ood", "shape": [-1]},
        },
        "ood": {"method": "ppca-mahalanobis", "threshold": ood.threshold,
                "components": int(ood.components.shape[1])},
        "quantization": quantisation,
        **(extra or {}),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2)
                                           + "\n")
    return manifest
