"""Write the fixture that checks the served model against PyTorch.

Eight fixed inputs (six test-split lesions with varied metadata, one flat
grey image and one smooth random image) with two sets of expected outputs:

- `pytorch`: the trained PyTorch model in float32,
- `graph`: the exported graph's own weights as TensorFlow.js decodes them
  (quantised if the model is), run op by op in PyTorch.

The test suite loads the served model with TensorFlow.js and compares its
outputs with both.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .data.images import eval_tensor
from .data.metadata import SEXES, SITES
from .export import OUTPUT_NAMES, emit_lesion_net, reference_outputs
from .graph_runner import GraphRunner

CASES = 8
LESION_CASES = 6


def parity_inputs(test, encoding, size: int, seed: int
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    malignant = np.flatnonzero(test.malignant > 0)
    benign = np.flatnonzero(test.malignant == 0)
    picks = list(rng.choice(malignant, LESION_CASES // 2, replace=False)) + \
        list(rng.choice(benign, LESION_CASES - LESION_CASES // 2,
                        replace=False))
    images, metadata, names = [], [], []
    for n, i in enumerate(picks):
        images.append(eval_tensor(test.images[i], size).permute(1, 2, 0)
                      .numpy())
        record = test.records[i]
        if n % 3 == 0:
            meta = test.metadata[i]  # the record's own metadata
        elif n % 3 == 1:
            meta = encoding.unknown()
        else:
            meta = encoding.encode(float(rng.integers(10, 90)),
                                   SEXES[n % 2], SITES[rng.integers(14)])
        metadata.append(meta)
        names.append(record.image_id)
    images.append(np.full((size, size, 3), 128.0, np.float32))
    metadata.append(encoding.unknown())
    names.append("flat-grey")
    images.append(rng.uniform(0, 255, (size, size, 3)).astype(np.float32))
    metadata.append(encoding.encode(45.0, "female", "back"))
    names.append("uniform-noise")
    # Whole pixel values, so the inputs are stored losslessly as uint8.
    return (np.round(np.stack(images)).astype(np.float32),
            np.stack(metadata).astype(np.float32), names)


def write_parity_fixture(model, calibration, ood, test, encoding, cfg,
                         quantisation, out_dir: Path) -> None:
    images, metadata, names = parity_inputs(test, encoding, cfg.input_size,
                                            cfg.seed)
    pytorch = reference_outputs(model, calibration, ood, images, metadata)
    builder = emit_lesion_net(model, calibration, ood, cfg.input_size,
                              encoding.length)
    graph = GraphRunner(builder, quantisation).run(
        {"image": images, "metadata": metadata}, list(OUTPUT_NAMES))
    out_dir.mkdir(parents=True, exist_ok=True)
    images.astype(np.uint8).tofile(out_dir / "images.u8")
    fixture = {
        "cases": names,
        "shape": list(images.shape),
        "metadata": metadata.tolist(),
        "quantization": quantisation,
        "pytorch": {k: v.tolist() for k, v in pytorch.items()
                    if k in ("malignant", "diagnosis", "cam", "ood")},
        "graph": {k: v.tolist() for k, v in graph.items()
                  if k in ("malignant", "diagnosis", "cam", "ood")},
    }
    (out_dir / "expected.json").write_text(json.dumps(fixture))
