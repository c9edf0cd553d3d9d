"""Write TensorFlow.js graph models (model.json plus weight shards).

TensorFlow's Python converter cannot be installed here, so this module emits
the same format itself: a GraphDef-style node list in `modelTopology` and a
`weightsManifest` describing the binary shards. Op names and attribute names
and types follow the op lists shipped in `@tensorflow/tfjs-converter` 4.22
(`dist/operations/op_list/*.js`): strings are base64, integers inside lists
are decimal strings.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SHARD_BYTES = 1 << 20  # 1 MiB per shard
# Weights smaller than this stay float32 when quantising: biases and the
# like cost little and carry the most precision per byte.
MIN_QUANTISED_ELEMENTS = 1024
QUANTISATIONS = (None, "float16", "uint8")
TF_DTYPES = {np.dtype(np.float32): "DT_FLOAT", np.dtype(np.int32): "DT_INT32"}
JS_DTYPES = {np.dtype(np.float32): "float32", np.dtype(np.int32): "int32"}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def attr_type(dtype: str = "DT_FLOAT") -> dict:
    return {"type": dtype}


def attr_ints(values) -> dict:
    return {"list": {"i": [str(int(v)) for v in values]}}


def attr_int(value: int) -> dict:
    return {"i": str(int(value))}


def attr_string(value: str) -> dict:
    return {"s": _b64(value)}


def attr_strings(values) -> dict:
    return {"list": {"s": [_b64(v) for v in values]}}


def attr_float(value: float) -> dict:
    return {"f": float(value)}


def attr_bool(value: bool) -> dict:
    return {"b": bool(value)}


def attr_shape(shape) -> dict:
    return {"shape": {"dim": [{"size": str(int(d))} for d in shape]}}


@dataclass
class GraphBuilder:
    """Accumulates nodes and constant weights of one graph."""

    nodes: list[dict] = field(default_factory=list)
    weights: list[tuple[str, np.ndarray]] = field(default_factory=list)
    inputs: dict[str, tuple] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)

    def _add(self, node: dict) -> str:
        if node["name"] in self._names:
            raise ValueError(f"duplicate node name {node['name']!r}")
        self._names.add(node["name"])
        self.nodes.append(node)
        return node["name"]

    def placeholder(self, name: str, shape) -> str:
        self.inputs[name] = tuple(shape)
        return self._add({
            "name": name, "op": "Placeholder",
            "attr": {"dtype": attr_type(), "shape": attr_shape(shape)},
        })

    def const(self, name: str, value) -> str:
        array = np.asarray(value)
        if array.dtype.kind == "f":
            array = array.astype(np.float32)
        elif array.dtype.kind in "iu":
            array = array.astype(np.int32)
        self.weights.append((name, array))
        return self._add({
            "name": name, "op": "Const",
            "attr": {
                "value": {"tensor": {
                    "dtype": TF_DTYPES[array.dtype],
                    "tensorShape": attr_shape(array.shape)["shape"],
                }},
                "dtype": attr_type(TF_DTYPES[array.dtype]),
            },
        })

    def op(self, name: str, op: str, inputs: list[str],
           attrs: dict | None = None) -> str:
        attr = {"T": attr_type()}
        attr.update(attrs or {})
        return self._add({"name": name, "op": op, "input": list(inputs),
                          "attr": attr})

    def output(self, key: str, source: str) -> str:
        """Name an output: an Identity node called `key` reading `source`."""
        name = self.op(key, "Identity", [source])
        self.outputs[key] = name
        return name

    # Layers ---------------------------------------------------------------

    def conv2d(self, name: str, x: str, kernel: np.ndarray, bias: np.ndarray,
               stride: int, activation: str | None,
               padding: str = "SAME") -> str:
        """Fused Conv2D + BiasAdd (+ Relu/Relu6); kernel is HWIO."""
        fused = ["BiasAdd"] + ([activation] if activation else [])
        return self.op(name, "_FusedConv2D", [
            x, self.const(f"{name}/weights", kernel),
            self.const(f"{name}/bias", bias),
        ], {
            "num_args": attr_int(1),
            "strides": attr_ints([1, stride, stride, 1]),
            "padding": attr_string(padding),
            "data_format": attr_string("NHWC"),
            "dilations": attr_ints([1, 1, 1, 1]),
            "use_cudnn_on_gpu": attr_bool(True),
            "explicit_paddings": {"list": {}},
            "fused_ops": attr_strings(fused),
            "epsilon": attr_float(0.0),
        })

    def depthwise_conv2d(self, name: str, x: str, kernel: np.ndarray,
                         bias: np.ndarray, stride: int,
                         activation: str | None) -> str:
        """Fused depthwise conv + BiasAdd (+ activation); kernel is
        `[h, w, channels, 1]`."""
        fused = ["BiasAdd"] + ([activation] if activation else [])
        return self.op(name, "FusedDepthwiseConv2dNative", [
            x, self.const(f"{name}/weights", kernel),
            self.const(f"{name}/bias", bias),
        ], {
            "num_args": attr_int(1),
            "strides": attr_ints([1, stride, stride, 1]),
            "padding": attr_string("SAME"),
            "data_format": attr_string("NHWC"),
            "dilations": attr_ints([1, 1, 1, 1]),
            "explicit_paddings": {"list": {}},
            "fused_ops": attr_strings(fused),
        })

    def dense(self, name: str, x: str, weight: np.ndarray, bias: np.ndarray,
              activation: str | None = None) -> str:
        """Fused MatMul + BiasAdd (+ activation); weight is `[in, out]`."""
        fused = ["BiasAdd"] + ([activation] if activation else [])
        return self.op(name, "_FusedMatMul", [
            x, self.const(f"{name}/weights", weight),
            self.const(f"{name}/bias", bias),
        ], {
            "num_args": attr_int(1),
            "fused_ops": attr_strings(fused),
            "epsilon": attr_float(0.0),
            "transpose_a": attr_bool(False),
            "transpose_b": attr_bool(False),
        })

    def binary(self, name: str, op: str, a: str, b: str) -> str:
        return self.op(name, op, [a, b])

    def unary(self, name: str, op: str, x: str) -> str:
        return self.op(name, op, [x])

    def reduce(self, name: str, op: str, x: str, axes, keep_dims: bool
               ) -> str:
        axis = self.const(f"{name}/axis", np.asarray(axes, dtype=np.int32))
        return self.op(name, op, [x, axis], {"keep_dims": attr_bool(keep_dims),
                                              "Tidx": attr_type("DT_INT32")})

    def concat(self, name: str, tensors: list[str], axis: int) -> str:
        axis_name = self.const(f"{name}/axis", np.asarray(axis, np.int32))
        return self.op(name, "ConcatV2", [*tensors, axis_name],
                       {"N": attr_int(len(tensors)),
                        "Tidx": attr_type("DT_INT32")})

    def squeeze(self, name: str, x: str, axes) -> str:
        return self.op(name, "Squeeze", [x], {"squeeze_dims": attr_ints(axes)})

    def max_pool(self, name: str, x: str, size: int, stride: int) -> str:
        return self.op(name, "MaxPool", [x], {
            "ksize": attr_ints([1, size, size, 1]),
            "strides": attr_ints([1, stride, stride, 1]),
            "padding": attr_string("SAME"),
            "data_format": attr_string("NHWC"),
        })


def quantise(array: np.ndarray, method: str | None
             ) -> tuple[bytes, dict | None, np.ndarray]:
    """Encode one weight; returns (bytes, manifest quantization entry,
    the values TensorFlow.js will reconstruct)."""
    if (method is None or array.dtype != np.float32
            or array.size < MIN_QUANTISED_ELEMENTS):
        return array.astype(array.dtype).tobytes(), None, array
    if method == "float16":
        half = array.astype(np.float16)
        return half.tobytes(), {"dtype": "float16"}, half.astype(np.float32)
    if method == "uint8":
        low, high = float(array.min()), float(array.max())
        scale = (high - low) / 255.0 if high > low else 1.0
        q = np.clip(np.round((array - low) / scale), 0, 255).astype(np.uint8)
        # TensorFlow.js decodes uint8 weights as q * scale + min.
        restored = (q.astype(np.float32) * np.float32(scale)
                    + np.float32(low)).astype(np.float32)
        return q.tobytes(), {"dtype": "uint8", "min": low, "scale": scale}, \
            restored
    raise ValueError(f"unknown quantisation {method!r}; "
                     f"expected one of {QUANTISATIONS}")


def dequantised_weights(builder: GraphBuilder, method: str | None
                        ) -> dict[str, np.ndarray]:
    """The weights exactly as TensorFlow.js will see them after loading."""
    return {name: quantise(array, method)[2]
            for name, array in builder.weights}


def write_graph_model(builder: GraphBuilder, out_dir: Path,
                      quantisation: str | None = None,
                      shard_bytes: int = SHARD_BYTES,
                      generated_by: str = "OncoScan model/graph.py"
                      ) -> list[Path]:
    """Write model.json and weight shards; returns the written files.

    Stale shards of an earlier export in `out_dir` are removed first.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("group1-shard*.bin"):
        stale.unlink()

    specs = []
    blob = bytearray()
    for name, array in builder.weights:
        data, quantization, _ = quantise(array, quantisation)
        spec = {"name": name, "shape": list(array.shape),
                "dtype": JS_DTYPES[array.dtype]}
        if quantization:
            spec["quantization"] = quantization
        specs.append(spec)
        blob.extend(data)

    count = max(1, -(-len(blob) // shard_bytes))
    paths = []
    for i in range(count):
        path = out_dir / f"group1-shard{i + 1}of{count}.bin"
        path.write_bytes(bytes(blob[i * shard_bytes:(i + 1) * shard_bytes]))
        paths.append(path)

    def tensor_info(name: str, shape) -> dict:
        return {"name": f"{name}:0", "dtype": "DT_FLOAT",
                "tensorShape": attr_shape(shape)["shape"]}

    model_json = {
        "format": "graph-model",
        "generatedBy": generated_by,
        "convertedBy": generated_by,
        "modelTopology": {
            "node": builder.nodes,
            "library": {},
            "versions": {"producer": 1},
        },
        "signature": {
            "inputs": {k: tensor_info(k, s) for k, s in builder.inputs.items()},
            "outputs": {k: {"name": f"{v}:0", "dtype": "DT_FLOAT"}
                        for k, v in builder.outputs.items()},
        },
        "weightsManifest": [{
            "paths": [p.name for p in paths],
            "weights": specs,
        }],
    }
    model_path = out_dir / "model.json"
    model_path.write_text(json.dumps(model_json, separators=(",", ":")))
    return [model_path, *paths]


def file_entries(paths: list[Path]) -> tuple[list[dict], str]:
    """Per-file sizes and SHA-256 digests, and one digest over all files in
    order (the model's content hash)."""
    entries = []
    total = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        total.update(data)
        entries.append({"path": path.name, "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    return entries, total.hexdigest()
