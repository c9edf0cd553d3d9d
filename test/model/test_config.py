"""Paths in the saved training configuration name no folder of one machine."""

from pathlib import Path

from model.config import REPO_DIR, TrainConfig, portable_path


def test_repository_path_becomes_relative():
    path = REPO_DIR / "model" / "data" / "splits.csv"
    assert portable_path(path) == "model/data/splits.csv"


def test_outside_path_keeps_only_its_name(tmp_path: Path):
    assert portable_path(tmp_path / "HAM10000") == "HAM10000"


def test_saved_configuration_has_no_absolute_path(tmp_path: Path):
    config = TrainConfig(data=tmp_path / "HAM10000")
    saved = config.to_json()
    assert saved["data"] == "HAM10000"
    paths = [value for value in saved.values() if isinstance(value, str)]
    assert not any(value.startswith("/") for value in paths)
