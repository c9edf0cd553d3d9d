"""The whole training pipeline in smoke mode, on generated images."""

import json
import re

import numpy as np
import pytest

from model import train
from model.report import render_model_card
from test_data import write_dataset


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("smoke")
    write_dataset(root / "data", "original", (600, 450), lesions=150)
    train.main([
        "--data", str(root / "data"), "--runs", str(root / "runs"),
        "--splits", str(root / "none.csv"), "--smoke", "--smoke-images", "8",
        "--input-size", "64", "--batch-size", "4",
    ])
    (run_dir,) = (root / "runs").iterdir()
    return run_dir


def test_smoke_run_exports_model(smoke_run):
    export = smoke_run / "export"
    manifest = json.loads((export / "manifest.json").read_text())
    assert manifest["version"].endswith("-smoke")
    assert manifest["input"]["size"] == 64
    assert (export / "model.json").is_file()
    shards = sorted(export.glob("group1-shard*.bin"))
    assert shards
    assert sum(f["bytes"] for f in manifest["files"]) == \
        manifest["downloadBytes"]
    assert 0.0 < manifest["threshold"] < 1.0


def test_smoke_run_logs_each_epoch(smoke_run):
    log = (smoke_run / "train.log").read_text()
    assert "epoch 1/1" in log
    assert "val AUC" in log
    assert (smoke_run / "epochs.csv").read_text().count("\n") == 2


def test_smoke_run_report_renders(smoke_run):
    report = json.loads((smoke_run / "results" / "metrics.json").read_text())
    assert set(report["comparison"]) == {"frozen", "fine-tuned"}
    assert report["test"]["malignant"]["n"] == 8
    card = render_model_card(report)
    assert "ROC AUC" in card
    assert not re.search(r"\bnan\b", card, re.IGNORECASE)


def test_smoke_run_writes_parity_fixture(smoke_run):
    fixture = json.loads((smoke_run / "parity" / "expected.json").read_text())
    images = np.fromfile(smoke_run / "parity" / "images.u8", np.uint8)
    assert images.size == np.prod(fixture["shape"])
    assert len(fixture["cases"]) == 8
    assert len(fixture["graph"]["malignant"]) == 8
