"""Export the first design's network, with random weights, for benchmarks.

The first OncoScan design served a Keras ResNet50 (He et al., CVPR 2016)
from a server. Its head: global average pooling, a 128-unit dense layer for
the image and a 16-unit dense layer for the metadata, concatenated into a
64-unit dense layer and a sigmoid. Only its cost matters for the
comparison, so the weights are random; the graph is written with the same
exporter as the shipped model, so both run the same kinds of ops.

    /usr/bin/python3 -m model.baseline_resnet50 --out DIR
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torchvision.models import resnet50

from .data.metadata import MetadataEncoding
from .graph import GraphBuilder, file_entries, write_graph_model
from .model import fold_batch_norm

log = logging.getLogger(__name__)

INPUT_SIZE = 224  # Keras ResNet50's default input
IMAGE_UNITS = 128
METADATA_UNITS = 16
FUSED_UNITS = 64


def _conv(g: GraphBuilder, name: str, x: str, conv: nn.Conv2d,
          bn: nn.BatchNorm2d, relu: bool) -> str:
    kernel, bias = fold_batch_norm(conv, bn)
    # PyTorch [out, in, h, w] to TensorFlow HWIO.
    return g.conv2d(name, x, kernel.transpose(2, 3, 1, 0), bias,
                    conv.stride[0], "Relu" if relu else None)


def emit_resnet50_baseline(metadata_length: int, seed: int = 0
                           ) -> GraphBuilder:
    torch.manual_seed(seed)
    net = resnet50(weights=None).eval()
    g = GraphBuilder()
    image = g.placeholder("image", [-1, INPUT_SIZE, INPUT_SIZE, 3])
    metadata = g.placeholder("metadata", [-1, metadata_length])
    x = g.binary("preprocess/scale", "Mul", image,
                 g.const("preprocess/scale/y", np.float32(1 / 127.5)))
    x = g.binary("preprocess/shift", "AddV2", x,
                 g.const("preprocess/shift/y", np.float32(-1.0)))
    x = _conv(g, "conv1", x, net.conv1, net.bn1, relu=True)
    x = g.max_pool("pool1", x, 3, 2)
    for stage_index, stage in enumerate(
            (net.layer1, net.layer2, net.layer3, net.layer4), start=2):
        for block_index, block in enumerate(stage):
            name = f"conv{stage_index}_block{block_index + 1}"
            y = _conv(g, f"{name}/1", x, block.conv1, block.bn1, relu=True)
            y = _conv(g, f"{name}/2", y, block.conv2, block.bn2, relu=True)
            y = _conv(g, f"{name}/3", y, block.conv3, block.bn3, relu=False)
            shortcut = x
            if block.downsample is not None:
                shortcut = _conv(g, f"{name}/shortcut", x,
                                 block.downsample[0], block.downsample[1],
                                 relu=False)
            x = g.unary(f"{name}/relu", "Relu",
                        g.binary(f"{name}/add", "AddV2", shortcut, y))
    pooled = g.reduce("head/pool", "Mean", x, [1, 2], False)

    rng = np.random.default_rng(seed)

    def dense_weights(fan_in: int, fan_out: int):
        limit = np.sqrt(6.0 / (fan_in + fan_out))  # Glorot uniform
        return (rng.uniform(-limit, limit, (fan_in, fan_out))
                .astype(np.float32), np.zeros(fan_out, np.float32))

    image_features = g.dense("head/image", pooled,
                             *dense_weights(2048, IMAGE_UNITS), "Relu")
    metadata_features = g.dense("head/metadata", metadata,
                                *dense_weights(metadata_length,
                                               METADATA_UNITS), "Relu")
    fused = g.concat("head/fuse", [image_features, metadata_features], 1)
    fused = g.dense("head/fused", fused,
                    *dense_weights(IMAGE_UNITS + METADATA_UNITS,
                                   FUSED_UNITS), "Relu")
    logit = g.dense("head/malignant", fused, *dense_weights(FUSED_UNITS, 1))
    g.output("malignant", g.unary("head/malignant/sigmoid", "Sigmoid", logit))
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True,
                        help="folder for model.json, shards and manifest")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the random weights (default: 0)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    encoding = MetadataEncoding(age_mean=50.0, age_std=17.0)
    builder = emit_resnet50_baseline(encoding.length, args.seed)
    paths = write_graph_model(builder, args.out, None,
                              generated_by="OncoScan model/baseline_resnet50.py")
    files, content_hash = file_entries(paths)
    manifest = {
        "name": "first-design-resnet50-random",
        "version": "baseline",
        "contentHash": f"sha256:{content_hash}",
        "files": files,
        "downloadBytes": sum(f["bytes"] for f in files),
        "input": {"size": INPUT_SIZE, "channels": 3, "range": [0, 255],
                  "layout": "NHWC", "name": "image"},
        "metadata": {**encoding.to_manifest(), "name": "metadata"},
        "outputs": {"malignant": {"name": "malignant", "shape": [-1, 1]}},
        "note": "random weights; for cost measurements only",
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    log.info("wrote %s: %d files, %.1f MB", args.out, len(files),
             manifest["downloadBytes"] / 1e6)


if __name__ == "__main__":
    main()
