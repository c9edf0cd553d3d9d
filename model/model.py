"""The hybrid lesion model: MobileNetV2 image pathway plus metadata pathway.

MobileNetV2: Sandler et al., "MobileNetV2: Inverted Residuals and Linear
Bottlenecks", CVPR 2018. The layer names follow TF-slim's
`MobilenetV2/expanded_conv_N/{expand,depthwise,project}` scopes, so weights
load by name from the ImageNet TFLite file.

The heads are linear in the pooled image features, so the malignant logit
splits exactly into per-location contributions (a class-activation map, Zhou
et al., CVPR 2016) plus a metadata term. The exported graph returns that map,
and the app draws a heatmap without gradients.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .data.metadata import LABELS
from .tflite import read_tflite

# (expansion factor t, output channels c, repeats n, first stride s) for the
# inverted residual blocks after the first block, from the MobileNetV2 paper,
# Table 2.
INVERTED_RESIDUAL_SETTINGS = (
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)
FEATURE_CHANNELS = 1280
OUTPUT_STRIDE = 32
METADATA_HIDDEN = 32
BN_EPS = 1e-3  # TF-slim's MobileNetV2 batch-norm epsilon


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """TensorFlow SAME padding (before, after) for one spatial dimension.

    TensorFlow puts the odd extra pixel after (bottom/right), unlike
    PyTorch's symmetric `padding=k // 2`, so stride-2 layers differ.
    """
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class ConvBN(nn.Module):
    """Convolution, batch norm and optional ReLU6, with TF SAME padding."""

    def __init__(self, scope: str, cin: int, cout: int, kernel: int,
                 stride: int = 1, groups: int = 1, relu6: bool = True):
        super().__init__()
        self.scope = scope
        self.kernel = kernel
        self.stride = stride
        self.relu6 = relu6
        # With stride 1 and an odd kernel, SAME padding is symmetric and the
        # convolution pads by itself, which is faster than a separate F.pad.
        self.symmetric = stride == 1 and kernel % 2 == 1
        self.conv = nn.Conv2d(cin, cout, kernel, stride,
                              padding=kernel // 2 if self.symmetric else 0,
                              groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=BN_EPS)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.kernel > 1 and not self.symmetric:
            top, bottom = same_padding(x.shape[2], self.kernel, self.stride)
            left, right = same_padding(x.shape[3], self.kernel, self.stride)
            x = F.pad(x, (left, right, top, bottom))
        x = self.bn(self.conv(x))
        return F.relu6(x) if self.relu6 else x

    def load_folded(self, weight: np.ndarray, bias: np.ndarray) -> None:
        """Load a batch-norm-folded kernel and bias from TFLite.

        TFLite layouts: CONV_2D `[out, h, w, in]`, DEPTHWISE_CONV_2D
        `[1, h, w, channels]`. The batch norm starts as the identity plus
        `bias` (running mean 0, variance 1), so the network computes exactly
        the TFLite function until `reset_batch_norm_statistics` runs.
        """
        if self.conv.groups == 1:
            kernel = weight.transpose(0, 3, 1, 2)
        else:
            kernel = weight.transpose(3, 0, 1, 2)
        if kernel.shape != tuple(self.conv.weight.shape):
            raise ValueError(
                f"{self.scope}: TFLite kernel {weight.shape} does not fit "
                f"{tuple(self.conv.weight.shape)}"
            )
        with torch.no_grad():
            self.conv.weight.copy_(torch.from_numpy(kernel.copy()))
            self.bn.running_mean.zero_()
            self.bn.running_var.fill_(1.0)
            self.bn.weight.fill_(math.sqrt(1.0 + BN_EPS))
            self.bn.bias.copy_(torch.from_numpy(bias))


class InvertedResidual(nn.Module):
    def __init__(self, scope: str, cin: int, cout: int, stride: int,
                 expansion: int):
        super().__init__()
        hidden = cin * expansion
        layers = []
        if expansion != 1:
            layers.append(ConvBN(f"{scope}/expand", cin, hidden, 1))
        layers.append(ConvBN(f"{scope}/depthwise", hidden, hidden, 3, stride,
                             groups=hidden))
        layers.append(ConvBN(f"{scope}/project", hidden, cout, 1,
                             relu6=False))
        self.layers = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.layers(x)
        return x + y if self.residual else y


class MobileNetV2Features(nn.Module):
    """MobileNetV2 up to the last 1 x 1 convolution (1280 channels)."""

    def __init__(self):
        super().__init__()
        blocks: list[nn.Module] = [
            ConvBN("MobilenetV2/Conv", 3, 32, 3, stride=2),
            InvertedResidual("MobilenetV2/expanded_conv", 32, 16, 1, 1),
        ]
        cin = 16
        index = 1
        for t, c, n, s in INVERTED_RESIDUAL_SETTINGS:
            for i in range(n):
                blocks.append(InvertedResidual(
                    f"MobilenetV2/expanded_conv_{index}", cin, c,
                    s if i == 0 else 1, t,
                ))
                cin = c
                index += 1
        blocks.append(ConvBN("MobilenetV2/Conv_1", cin, FEATURE_CHANNELS, 1))
        self.blocks = nn.Sequential(*blocks)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.blocks(x)

    def conv_layers(self) -> list[ConvBN]:
        return [m for m in self.modules() if isinstance(m, ConvBN)]


class LesionNet(nn.Module):
    """Image plus metadata in; 7-class logits and malignant logit out.

    `forward` takes RGB pixels in 0-255 (NCHW) and normalises them to
    [-1, 1] itself, as the exported graph does.
    """

    def __init__(self, metadata_length: int, dropout: float = 0.2):
        super().__init__()
        self.backbone = MobileNetV2Features()
        self.metadata = nn.Sequential(
            nn.Linear(metadata_length, METADATA_HIDDEN), nn.ReLU()
        )
        self.dropout = nn.Dropout(dropout)
        fused = FEATURE_CHANNELS + METADATA_HIDDEN
        self.diagnosis = nn.Linear(fused, len(LABELS))
        self.malignant = nn.Linear(fused, 1)

    def features(self, image: torch.Tensor) -> torch.Tensor:
        return self.backbone(image / 127.5 - 1.0)

    def head(self, pooled: torch.Tensor, metadata: torch.Tensor
             ) -> tuple[torch.Tensor, torch.Tensor]:
        fused = torch.cat([self.dropout(pooled), self.metadata(metadata)], 1)
        return self.diagnosis(fused), self.malignant(fused).squeeze(1)

    def forward(self, image: torch.Tensor, metadata: torch.Tensor
                ) -> tuple[torch.Tensor, torch.Tensor]:
        pooled = self.features(image).mean(dim=(2, 3))
        return self.head(pooled, metadata)


def load_imagenet_weights(backbone: MobileNetV2Features,
                          tflite_path: Path) -> None:
    """Initialise the backbone from the ImageNet MobileNetV2 TFLite file.

    Weights and biases are dequantised from uint8/int32. Every convolution of
    the backbone must be found, or ValueError names the missing scopes.
    """
    weights = imagenet_conv_weights(tflite_path)
    layers = backbone.conv_layers()
    missing = [layer.scope for layer in layers if layer.scope not in weights]
    if missing:
        raise ValueError(f"{tflite_path}: no weights for {', '.join(missing)}")
    for layer in layers:
        kernel, bias = weights[layer.scope]
        layer.load_folded(kernel, bias)


def imagenet_conv_weights(tflite_path: Path
                          ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Return scope -> (float kernel in TFLite layout, float bias) for every
    convolution in a TF-slim MobileNetV2 TFLite file, the Logits layer too."""
    model = read_tflite(tflite_path)
    weights = {}
    for op in model.operators:
        if op.op not in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            continue
        kernel = model.tensors[op.inputs[1]]
        bias = model.tensors[op.inputs[2]]
        # A tensor name lists the fused TF ops separated by ';'. The first
        # one is the kernel's own, e.g. "MobilenetV2/Conv/Conv2D_Fold".
        scope = kernel.name.split(";")[0].rsplit("/", 1)[0]
        weights[scope] = (kernel.dequantize(), bias.dequantize())
    return weights


@torch.no_grad()
def reset_batch_norm_statistics(model: LesionNet,
                                batches: list[torch.Tensor]) -> None:
    """Give every batch norm the statistics of its input on real images.

    After `load_folded` each batch norm is the identity plus a bias. This
    measures the mean and variance of each convolution's output on
    `batches` (0-255 images) and sets running statistics, scale and shift to
    match. The layer stays the identity plus bias in evaluation mode. In
    training mode, which normalises with batch statistics, it stays close.
    """
    layers = model.backbone.conv_layers()
    sums = {layer: None for layer in layers}
    hooks = []

    def record(layer):
        def hook(_module, _inputs, output):
            flat = output.double().transpose(0, 1).reshape(output.shape[1], -1)
            stats = torch.stack([flat.sum(1), (flat ** 2).sum(1),
                                 torch.full_like(flat[:, 0], flat.shape[1])])
            sums[layer] = stats if sums[layer] is None else sums[layer] + stats
        return hook

    for layer in layers:
        hooks.append(layer.conv.register_forward_hook(record(layer)))
    was_training = model.training
    model.eval()
    try:
        for batch in batches:
            model.features(batch)
    finally:
        for hook in hooks:
            hook.remove()
        model.train(was_training)

    for layer in layers:
        total, total_sq, count = sums[layer]
        mean = total / count
        var = (total_sq / count - mean ** 2).clamp_min(0.0)
        bn = layer.bn
        bias = bn.bias.double() - bn.weight.double() * bn.running_mean.double() \
            / torch.sqrt(bn.running_var.double() + bn.eps)
        bn.running_mean.copy_(mean.float())
        bn.running_var.copy_(var.float())
        bn.weight.copy_(torch.sqrt(var + bn.eps).float())
        bn.bias.copy_((mean + bias).float())


def fold_batch_norm(conv: nn.Conv2d, bn: nn.BatchNorm2d
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Return (kernel, bias) of `conv` with `bn` folded in, as float64
    PyTorch-layout arrays: kernel `[out, in/groups, h, w]`. A bias of the
    convolution itself is ignored; the models here have none."""
    scale = bn.weight.double() / torch.sqrt(bn.running_var.double() + bn.eps)
    kernel = conv.weight.double() * scale[:, None, None, None]
    bias = bn.bias.double() - bn.running_mean.double() * scale
    return kernel.detach().numpy(), bias.detach().numpy()
