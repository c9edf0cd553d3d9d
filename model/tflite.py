"""Read tensors and operators from a TensorFlow Lite flatbuffer.

Only the parts of TensorFlow's `tensorflow/lite/schema/schema.fbs` that a
convolutional model needs are read: tensors with their buffers and affine
quantisation, and operators with their builtin code, inputs, outputs and the
options of CONV_2D and DEPTHWISE_CONV_2D. Field numbers below are the schema's
field order; a flatbuffer vtable slot is 4 + 2 * field number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import flatbuffers
import numpy as np
from flatbuffers.table import Table

# TensorType enum in schema.fbs.
TENSOR_DTYPES = {
    0: np.float32,
    1: np.float16,
    2: np.int32,
    3: np.uint8,
    4: np.int64,
    9: np.int8,
}

# BuiltinOperator enum values in schema.fbs (the subset this project reads).
BUILTIN_OPS = {
    0: "ADD",
    1: "AVERAGE_POOL_2D",
    2: "CONCATENATION",
    3: "CONV_2D",
    4: "DEPTHWISE_CONV_2D",
    6: "DEQUANTIZE",
    22: "RESHAPE",
    25: "SOFTMAX",
    114: "QUANTIZE",
}

# ActivationFunctionType and Padding enums in schema.fbs.
ACTIVATIONS = {0: "NONE", 1: "RELU", 2: "RELU_N1_TO_1", 3: "RELU6"}
PADDINGS = {0: "SAME", 1: "VALID"}

TFLITE_IDENTIFIER = b"TFL3"


@dataclass
class Quantization:
    scale: np.ndarray
    zero_point: np.ndarray
    quantized_dimension: int = 0


@dataclass
class Tensor:
    name: str
    shape: tuple[int, ...]
    dtype: type
    data: np.ndarray | None
    quantization: Quantization | None

    def dequantize(self) -> np.ndarray:
        """Return the tensor as float32, applying `scale * (q - zero_point)`."""
        if self.data is None:
            raise ValueError(f"tensor {self.name!r} has no constant data")
        values = self.data.astype(np.float32)
        if self.quantization is None or self.quantization.scale.size == 0:
            return values
        scale = self.quantization.scale.astype(np.float32)
        zero = self.quantization.zero_point.astype(np.float32)
        if scale.size > 1:
            # Per-channel quantisation: broadcast along quantized_dimension.
            axis = self.quantization.quantized_dimension
            shape = [1] * values.ndim
            shape[axis] = scale.size
            scale = scale.reshape(shape)
            zero = zero.reshape(shape)
        return scale * (values - zero)


@dataclass
class Operator:
    op: str
    inputs: list[int]
    outputs: list[int]
    options: dict = field(default_factory=dict)


@dataclass
class TfliteModel:
    tensors: list[Tensor]
    operators: list[Operator]
    inputs: list[int]
    outputs: list[int]

    def tensor_by_name(self, name: str) -> Tensor:
        for tensor in self.tensors:
            if tensor.name == name:
                return tensor
        raise KeyError(f"no tensor named {name!r}")


def _table(buf: bytearray, pos: int) -> Table:
    return Table(buf, pos)


def _field(table: Table, index: int) -> int:
    """Return the offset of a field within the table, or 0 when absent."""
    return table.Offset(4 + 2 * index)


def _subtable(table: Table, index: int) -> Table | None:
    offset = _field(table, index)
    if not offset:
        return None
    return _table(table.Bytes, table.Indirect(table.Pos + offset))


def _vector_of_tables(table: Table, index: int) -> list[Table]:
    offset = _field(table, index)
    if not offset:
        return []
    start = table.Vector(offset)
    count = table.VectorLen(offset)
    return [
        _table(table.Bytes, table.Indirect(start + 4 * i))
        for i in range(count)
    ]


def _numeric_vector(table: Table, index: int, dtype) -> np.ndarray:
    offset = _field(table, index)
    if not offset:
        return np.zeros(0, dtype=dtype)
    start = table.Vector(offset)
    count = table.VectorLen(offset)
    return np.frombuffer(
        table.Bytes, dtype=np.dtype(dtype).newbyteorder("<"),
        count=count, offset=start,
    ).copy()


def _scalar(table: Table, index: int, flags, default):
    offset = _field(table, index)
    if not offset:
        return default
    return table.Get(flags, table.Pos + offset)


def _string(table: Table, index: int) -> str:
    offset = _field(table, index)
    if not offset:
        return ""
    return table.String(table.Pos + offset).decode("utf-8")


def _read_quantization(table: Table | None) -> Quantization | None:
    if table is None:
        return None
    # QuantizationParameters: min 0, max 1, scale 2, zero_point 3,
    # details_type 4, details 5, quantized_dimension 6.
    scale = _numeric_vector(table, 2, np.float32)
    if scale.size == 0:
        return None
    return Quantization(
        scale=scale,
        zero_point=_numeric_vector(table, 3, np.int64),
        quantized_dimension=_scalar(
            table, 6, flatbuffers.number_types.Int32Flags, 0
        ),
    )


def _read_conv_options(table: Table | None, depthwise: bool) -> dict:
    if table is None:
        return {}
    int32 = flatbuffers.number_types.Int32Flags
    int8 = flatbuffers.number_types.Int8Flags
    # Conv2DOptions: padding 0, stride_w 1, stride_h 2,
    #   fused_activation_function 3, dilation_w 4, dilation_h 5.
    # DepthwiseConv2DOptions inserts depth_multiplier at 3 and moves the rest.
    activation_index = 4 if depthwise else 3
    dilation_index = 5 if depthwise else 4
    return {
        "padding": PADDINGS[_scalar(table, 0, int8, 0)],
        "stride_w": _scalar(table, 1, int32, 1),
        "stride_h": _scalar(table, 2, int32, 1),
        "activation": ACTIVATIONS.get(
            _scalar(table, activation_index, int8, 0), "OTHER"
        ),
        "dilation_w": _scalar(table, dilation_index, int32, 1),
        "dilation_h": _scalar(table, dilation_index + 1, int32, 1),
    }


def read_tflite(path: str | Path) -> TfliteModel:
    """Parse a .tflite file into tensors (with constant data) and operators.

    Raises ValueError when the file is not a TFLite flatbuffer or holds more
    than one subgraph.
    """
    buf = bytearray(Path(path).read_bytes())
    if buf[4:8] != TFLITE_IDENTIFIER:
        raise ValueError(f"{path} is not a TFLite flatbuffer (no TFL3 tag)")
    root = _table(buf, flatbuffers.encode.Get(
        flatbuffers.packer.uoffset, buf, 0
    ))

    # Model: version 0, operator_codes 1, subgraphs 2, description 3,
    # buffers 4.
    int32 = flatbuffers.number_types.Int32Flags
    int8 = flatbuffers.number_types.Int8Flags
    uint32 = flatbuffers.number_types.Uint32Flags
    opcodes = []
    for code in _vector_of_tables(root, 1):
        # OperatorCode: deprecated_builtin_code 0 (int8), custom_code 1,
        # version 2, builtin_code 3 (int32). Newer writers fill builtin_code,
        # older ones only the deprecated byte.
        builtin = max(
            _scalar(code, 0, int8, 0), _scalar(code, 3, int32, 0)
        )
        opcodes.append(BUILTIN_OPS.get(builtin, f"BUILTIN_{builtin}"))
    buffers = [
        _numeric_vector(b, 0, np.uint8) for b in _vector_of_tables(root, 4)
    ]
    subgraphs = _vector_of_tables(root, 2)
    if len(subgraphs) != 1:
        raise ValueError(f"expected 1 subgraph, found {len(subgraphs)}")
    graph = subgraphs[0]

    tensors = []
    # SubGraph: tensors 0, inputs 1, outputs 2, operators 3, name 4.
    for t in _vector_of_tables(graph, 0):
        # Tensor: shape 0, type 1, buffer 2, name 3, quantization 4.
        shape = tuple(int(d) for d in _numeric_vector(t, 0, np.int32))
        type_code = _scalar(t, 1, int8, 0)
        if type_code not in TENSOR_DTYPES:
            raise ValueError(f"unsupported tensor type code {type_code}")
        dtype = TENSOR_DTYPES[type_code]
        raw = buffers[_scalar(t, 2, uint32, 0)]
        data = None
        if raw.size:
            data = np.frombuffer(
                raw.tobytes(), dtype=np.dtype(dtype).newbyteorder("<")
            ).reshape(shape)
        tensors.append(Tensor(
            name=_string(t, 3),
            shape=shape,
            dtype=dtype,
            data=data,
            quantization=_read_quantization(_subtable(t, 4)),
        ))

    operators = []
    # Operator: opcode_index 0, inputs 1, outputs 2, builtin_options_type 3,
    # builtin_options 4.
    for o in _vector_of_tables(graph, 3):
        op = opcodes[_scalar(o, 0, uint32, 0)]
        options = {}
        if op in ("CONV_2D", "DEPTHWISE_CONV_2D"):
            options = _read_conv_options(
                _subtable(o, 4), depthwise=op == "DEPTHWISE_CONV_2D"
            )
        operators.append(Operator(
            op=op,
            inputs=[int(i) for i in _numeric_vector(o, 1, np.int32)],
            outputs=[int(i) for i in _numeric_vector(o, 2, np.int32)],
            options=options,
        ))

    return TfliteModel(
        tensors=tensors,
        operators=operators,
        inputs=[int(i) for i in _numeric_vector(graph, 1, np.int32)],
        outputs=[int(i) for i in _numeric_vector(graph, 2, np.int32)],
    )
