"""The TFLite reader, checked against the published MobileNetV2 results."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from model.config import MODEL_DIR
from model.model import (MobileNetV2Features, imagenet_conv_weights,
                         load_imagenet_weights, same_padding)
from model.tflite import read_tflite

PRETRAINED = MODEL_DIR / "pretrained"
TFLITE = PRETRAINED / "mobilenet_v2_1.0_224_quant.tflite"
# Top-1 class and probability of Google's float MobileNetV2 on the three
# check images (each resized to 224 x 224 bilinear, scaled to [-1, 1]), as
# published with the TFLite file.
EXPECTED = {
    "cat": ("Egyptian cat", 0.82),
    "grace_hopper": ("military uniform", 0.91),
    "dragonfly": ("dragonfly", 0.98),
}
PROBABILITY_TOLERANCE = 0.01  # the published values have two decimals


@pytest.fixture(scope="module")
def tflite_model():
    return read_tflite(TFLITE)


@pytest.fixture(scope="module")
def classifier():
    backbone = MobileNetV2Features()
    load_imagenet_weights(backbone, TFLITE)
    kernel, bias = imagenet_conv_weights(TFLITE)[
        "MobilenetV2/Logits/Conv2d_1c_1x1"]
    return backbone.eval(), kernel.reshape(kernel.shape[0], -1), bias


def test_reader_finds_graph_structure(tflite_model):
    ops = [op.op for op in tflite_model.operators]
    assert ops.count("CONV_2D") == 36
    assert ops.count("DEPTHWISE_CONV_2D") == 17
    assert ops.count("ADD") == 10
    assert tflite_model.tensors[tflite_model.inputs[0]].shape == \
        (1, 224, 224, 3)
    assert tflite_model.tensors[tflite_model.outputs[0]].shape == (1, 1001)


def test_reader_weight_count_and_options(tflite_model):
    weights = sum(t.data.size for t in tflite_model.tensors
                  if t.data is not None)
    assert 3_480_000 < weights < 3_500_000
    first = tflite_model.operators[0]
    assert first.options["padding"] == "SAME"
    assert first.options["stride_h"] == 2
    assert first.options["activation"] == "RELU6"


def test_dequantize_applies_scale_and_zero_point(tflite_model):
    kernel = tflite_model.tensors[tflite_model.operators[0].inputs[1]]
    q = kernel.quantization
    expected = q.scale[0] * (kernel.data.astype(np.float32) - q.zero_point[0])
    np.testing.assert_allclose(kernel.dequantize(), expected, rtol=1e-6)


def test_reader_rejects_other_files(tmp_path):
    path = tmp_path / "not-a-model.tflite"
    path.write_bytes(b"\x00" * 64)
    with pytest.raises(ValueError, match="not a TFLite flatbuffer"):
        read_tflite(path)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imagenet_top1_matches_published(classifier, name):
    backbone, kernel, bias = classifier
    image = Image.open(PRETRAINED / "check" / f"{name}.png").convert("RGB")
    x = torch.from_numpy(np.asarray(image, np.float32)).permute(2, 0, 1)[None]
    x = F.interpolate(x, size=(224, 224), mode="bilinear",
                      align_corners=False)
    with torch.no_grad():
        pooled = backbone(x / 127.5 - 1.0).mean(dim=(2, 3))[0].numpy()
    logits = kernel @ pooled + bias
    probs = np.exp(logits - logits.max())
    probs /= probs.sum()
    labels = (PRETRAINED / "imagenet_labels.txt").read_text().splitlines()
    top = int(probs.argmax())
    expected_label, expected_probability = EXPECTED[name]
    assert labels[top].split(",")[0] == expected_label
    assert abs(probs[top] - expected_probability) < PROBABILITY_TOLERANCE


@pytest.mark.parametrize("size,kernel,stride,expected", [
    (224, 3, 2, (0, 1)),  # TensorFlow puts the extra pixel after
    (7, 3, 2, (1, 1)),
    (96, 3, 1, (1, 1)),
    (96, 1, 1, (0, 0)),
])
def test_same_padding_matches_tensorflow(size, kernel, stride, expected):
    assert same_padding(size, kernel, stride) == expected
