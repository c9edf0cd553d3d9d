"""Shared helpers for the model tests: small models and the Node runner."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import torch

from model.data.metadata import SEXES, SITES, MetadataEncoding
from model.export import Calibration, OodReference, emit_lesion_net
from model.config import TrainConfig
from model.model import (LesionNet, load_imagenet_weights,
                         reset_batch_norm_statistics)

REPO = Path(__file__).resolve().parents[2]
RUN_GRAPH = REPO / "test/model/run_graph.mjs"
ENCODING = MetadataEncoding(age_mean=50.0, age_std=17.0)
PRETRAINED = TrainConfig().pretrained


def lesion_net(images: np.ndarray, seed: int = 0) -> LesionNet:
    """A LesionNet from the ImageNet weights with batch-norm statistics
    measured on `images` and then perturbed, and random heads, so that
    errors in folding or layout show up in every output."""
    torch.manual_seed(seed)
    model = LesionNet(ENCODING.length)
    load_imagenet_weights(model.backbone, PRETRAINED)
    batch = torch.from_numpy(images).permute(0, 3, 1, 2)
    reset_batch_norm_statistics(model, [batch])
    with torch.no_grad():
        for layer in model.backbone.conv_layers():
            layer.bn.weight.mul_(torch.empty_like(layer.bn.weight)
                                 .uniform_(0.8, 1.2))
            layer.bn.bias.add_(torch.empty_like(layer.bn.bias)
                               .uniform_(-0.1, 0.1))
    return model.eval()


def sample_inputs(n: int, size: int, seed: int = 1
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Smooth random images (0-255, NHWC) and valid metadata vectors."""
    rng = np.random.default_rng(seed)
    coarse = rng.uniform(0, 255, size=(n, 8, 8, 3)).astype(np.float32)
    images = torch.nn.functional.interpolate(
        torch.from_numpy(coarse).permute(0, 3, 1, 2), size=(size, size),
        mode="bilinear", align_corners=False,
    ).permute(0, 2, 3, 1).numpy()
    images = np.clip(images + rng.normal(0, 8, images.shape), 0, 255)
    metadata = np.stack([
        ENCODING.encode(
            None if i % 3 == 0 else float(rng.integers(5, 90)),
            SEXES[i % len(SEXES)], SITES[(5 * i) % len(SITES)])
        for i in range(n)
    ])
    return images.astype(np.float32), metadata.astype(np.float32)


def fitted_ood(model: LesionNet, images: np.ndarray, k: int = 8
               ) -> OodReference:
    with torch.no_grad():
        x = torch.from_numpy(images).permute(0, 3, 1, 2)
        pooled = model.features(x).mean(dim=(2, 3)).numpy()
    ood = OodReference.fit(pooled, k=min(k, len(pooled) - 1))
    ood.threshold = float(np.median(ood.score(pooled)))
    return ood


def build_graph(model: LesionNet, size: int, images: np.ndarray):
    calibration = Calibration(malignant_scale=0.8, malignant_bias=-0.3,
                              diagnosis_temperature=1.4)
    ood = fitted_ood(model, images)
    builder = emit_lesion_net(model, calibration, ood, size, ENCODING.length)
    return builder, calibration, ood


def node_available() -> bool:
    return shutil.which("node") is not None and \
        (REPO / "node_modules/@tensorflow/tfjs").is_dir()


def run_tfjs(model_dir: Path, images: np.ndarray, metadata: np.ndarray,
             outputs: list[str], work: Path) -> dict[str, np.ndarray]:
    """Run the exported graph in TensorFlow.js (Node, CPU backend)."""
    images_path = work / "images.f32"
    images.astype("<f4").tofile(images_path)
    request_path = work / "request.json"
    request_path.write_text(json.dumps({
        "shape": list(images.shape),
        "metadata": metadata.tolist(),
        "outputs": outputs,
    }))
    completed = subprocess.run(
        ["node", str(RUN_GRAPH), str(model_dir), str(images_path),
         str(request_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"run_graph.mjs failed:\n{completed.stderr}")
    raw = json.loads(completed.stdout)
    return {name: np.asarray(v["values"], np.float32).reshape(v["shape"])
            for name, v in raw.items()}
