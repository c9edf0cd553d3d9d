"""Run an exported graph in PyTorch, op by op, with the weights TensorFlow.js
will load (quantised ones decoded the way it decodes them).

This measures what quantisation costs on the whole test split without a
browser, and checks the export (batch-norm folding, layouts, padding)
independently of the PyTorch model code.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .graph import GraphBuilder, dequantised_weights
from .model import same_padding


def _string(attr: dict) -> str:
    return base64.b64decode(attr["s"]).decode()


def _strings(attr: dict) -> list[str]:
    return [base64.b64decode(s).decode() for s in attr["list"].get("s", [])]


def _ints(attr: dict) -> list[int]:
    return [int(i) for i in attr["list"]["i"]]


def _pad_same(x: torch.Tensor, kernel: int, stride: int) -> torch.Tensor:
    """Pad an NCHW tensor the way TensorFlow's SAME padding does."""
    top, bottom = same_padding(x.shape[2], kernel, stride)
    left, right = same_padding(x.shape[3], kernel, stride)
    return F.pad(x, (left, right, top, bottom))


def _activate(x: torch.Tensor, fused_ops: list[str]) -> torch.Tensor:
    for op in fused_ops[1:]:
        if op == "Relu6":
            x = F.relu6(x)
        elif op == "Relu":
            x = F.relu(x)
        else:
            raise ValueError(f"unsupported fused op {op}")
    return x


class GraphRunner:
    """Executes the nodes of a GraphBuilder. 4-D tensors are kept NCHW."""

    def __init__(self, builder: GraphBuilder, quantisation: str | None):
        self.nodes = builder.nodes
        self.weights = {
            name: torch.from_numpy(np.ascontiguousarray(value))
            for name, value in dequantised_weights(builder,
                                                   quantisation).items()
        }

    @torch.no_grad()
    def run(self, feeds: dict[str, np.ndarray], outputs: list[str]
            ) -> dict[str, np.ndarray]:
        values: dict[str, torch.Tensor] = {}
        for name, array in feeds.items():
            tensor = torch.from_numpy(np.asarray(array, np.float32))
            values[name] = tensor.permute(0, 3, 1, 2) if tensor.ndim == 4 \
                else tensor
        for node in self.nodes:
            if node["op"] in ("Placeholder",):
                continue
            if node["op"] == "Const":
                values[node["name"]] = self.weights[node["name"]]
                continue
            inputs = [values[i] for i in node.get("input", [])]
            values[node["name"]] = self._execute(node, inputs)
        result = {}
        for name in outputs:
            tensor = values[name]
            if tensor.ndim == 4:
                tensor = tensor.permute(0, 2, 3, 1)
            result[name] = tensor.numpy()
        return result

    def _execute(self, node: dict, inputs: list[torch.Tensor]
                 ) -> torch.Tensor:
        op = node["op"]
        attr = node.get("attr", {})
        if op == "_FusedConv2D":
            x, kernel, bias = inputs
            stride = _ints(attr["strides"])[1]
            w = kernel.permute(3, 2, 0, 1)  # HWIO to OIHW
            if _string(attr["padding"]) == "SAME":
                x = _pad_same(x, w.shape[2], stride)
            y = F.conv2d(x, w, bias, stride)
            return _activate(y, _strings(attr["fused_ops"]))
        if op == "FusedDepthwiseConv2dNative":
            x, kernel, bias = inputs
            stride = _ints(attr["strides"])[1]
            w = kernel.permute(2, 3, 0, 1)  # [h, w, c, 1] to [c, 1, h, w]
            x = _pad_same(x, w.shape[2], stride)
            y = F.conv2d(x, w, bias, stride, groups=w.shape[0])
            return _activate(y, _strings(attr["fused_ops"]))
        if op == "_FusedMatMul":
            x, weight, bias = inputs
            return _activate(x @ weight + bias, _strings(attr["fused_ops"]))
        if op == "MatMul":
            a, b = inputs
            if attr.get("transpose_a", {}).get("b"):
                a = a.T
            if attr.get("transpose_b", {}).get("b"):
                b = b.T
            return a @ b
        if op == "MaxPool":
            size = _ints(attr["ksize"])[1]
            stride = _ints(attr["strides"])[1]
            x = _pad_same(inputs[0], size, stride) if size > 1 else inputs[0]
            # Padding must never win a max; inputs here follow a ReLU (>= 0).
            return F.max_pool2d(x, size, stride)
        if op in ("Mean", "Sum"):
            x, axes = inputs
            # Graph axes are NHWC; 4-D tensors here are NCHW.
            axes = [int(a) for a in axes.reshape(-1)]
            if x.ndim == 4:
                axes = [{0: 0, 1: 2, 2: 3, 3: 1}[a] for a in axes]
            keep = attr["keep_dims"]["b"]
            reduce = torch.mean if op == "Mean" else torch.sum
            return reduce(x, dim=axes, keepdim=keep)
        if op == "ConcatV2":
            *tensors, axis = inputs
            return torch.cat(tensors, dim=int(axis))
        if op == "Squeeze":
            x = inputs[0].permute(0, 2, 3, 1) if inputs[0].ndim == 4 \
                else inputs[0]
            for axis in sorted(_ints(attr["squeeze_dims"]), reverse=True):
                x = x.squeeze(axis)
            return x
        binary = {"Mul": torch.mul, "AddV2": torch.add, "Sub": torch.sub}
        if op in binary:
            return binary[op](inputs[0], inputs[1])
        unary = {"Softmax": lambda x: torch.softmax(x, dim=-1),
                 "Sigmoid": torch.sigmoid, "Square": torch.square,
                 "Relu": F.relu, "Identity": lambda x: x}
        if op in unary:
            return unary[op](inputs[0])
        raise ValueError(f"GraphRunner does not implement op {op}")


def load_graph_model(model_dir: Path) -> GraphBuilder:
    """Read an exported model.json and its shards back into a GraphBuilder
    whose weights are decoded the way TensorFlow.js decodes them."""
    model_json = json.loads((model_dir / "model.json").read_text())
    group = model_json["weightsManifest"][0]
    blob = b"".join((model_dir / p).read_bytes() for p in group["paths"])
    builder = GraphBuilder()
    builder.nodes = model_json["modelTopology"]["node"]
    offset = 0
    for spec in group["weights"]:
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        quantization = spec.get("quantization")
        if quantization is None:
            dtype = np.dtype("<f4") if spec["dtype"] == "float32" \
                else np.dtype("<i4")
            values = np.frombuffer(blob, dtype, count, offset)
        elif quantization["dtype"] == "float16":
            values = np.frombuffer(blob, np.dtype("<f2"), count,
                                   offset).astype(np.float32)
        elif quantization["dtype"] == "uint8":
            q = np.frombuffer(blob, np.uint8, count, offset)
            values = (q.astype(np.float32) * np.float32(quantization["scale"])
                      + np.float32(quantization["min"]))
        else:
            raise ValueError(f"unsupported quantization {quantization}")
        offset += values.nbytes if quantization is None else \
            count * np.dtype(quantization["dtype"]).itemsize
        builder.weights.append((spec["name"],
                                values.reshape(spec["shape"]).copy()))
    if offset != len(blob):
        raise ValueError(f"{model_dir}: shards hold {len(blob)} bytes, "
                         f"the manifest describes {offset}")
    return builder
