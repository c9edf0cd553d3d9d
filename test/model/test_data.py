"""Splits and both HAM10000 layouts, on generated data."""

import csv
from collections import Counter

import numpy as np
import pytest
from PIL import Image

from model.data.ham10000 import load_dataset, load_image, read_metadata
from model.data.splits import read_splits, split_lesions, write_splits

DIAGNOSES = ["nv"] * 12 + ["mel"] * 4 + ["bkl", "bcc", "akiec", "df", "vasc"]


def write_dataset(root, layout: str, size=(600, 450), lesions=60):
    """Write a HAM10000-like folder: 'original' (two image folders) or
    'reduced' (one folder)."""
    rng = np.random.default_rng(0)
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(lesions):
        dx = DIAGNOSES[i % len(DIAGNOSES)]
        for j in range(1 + i % 3):  # 1-3 images per lesion
            rows.append([f"HAM_{i:07d}", f"ISIC_{len(rows):07d}", dx,
                         "histo", "" if i % 10 == 0 else str(20 + i % 60),
                         ["male", "female", "unknown"][i % 3],
                         ["back", "face", "unknown"][i % 3]])
    with (root / "HAM10000_metadata.csv").open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["lesion_id", "image_id", "dx", "dx_type", "age",
                         "sex", "localization"])
        writer.writerows(rows)
    for n, row in enumerate(rows):
        folder = "images" if layout == "reduced" else \
            f"HAM10000_images_part_{1 + n % 2}"
        (root / folder).mkdir(exist_ok=True)
        pixels = rng.integers(0, 255, (size[1] // 8, size[0] // 8, 3),
                              dtype=np.uint8)
        Image.fromarray(pixels).resize(size).save(root / folder /
                                                  f"{row[1]}.jpg")
    return rows


@pytest.mark.parametrize("layout,size", [("original", (600, 450)),
                                         ("reduced", (200, 150))])
def test_both_layouts_load(tmp_path, layout, size):
    rows = write_dataset(tmp_path, layout, size, lesions=12)
    records, paths = load_dataset(tmp_path)
    assert len(records) == len(rows)
    assert set(paths) >= {r.image_id for r in records}
    image = load_image(paths[records[0].image_id], short_side=192)
    assert min(image.shape[:2]) == min(192, size[1])
    assert image.shape[2] == 3


def test_missing_age_reads_as_nan(tmp_path):
    write_dataset(tmp_path, "reduced", (40, 30), lesions=12)
    records = read_metadata(tmp_path / "HAM10000_metadata.csv")
    assert np.isnan(records[0].age)
    assert not np.isnan(records[1].age)


def test_missing_images_are_skipped(tmp_path):
    rows = write_dataset(tmp_path, "reduced", (40, 30), lesions=12)
    (tmp_path / "images" / f"{rows[0][1]}.jpg").unlink()
    records, _ = load_dataset(tmp_path)
    assert len(records) == len(rows) - 1


def test_no_metadata_raises_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="HAM10000_metadata.csv"):
        load_dataset(tmp_path)


def test_splits_keep_lesions_together(tmp_path):
    write_dataset(tmp_path, "reduced", (40, 30), lesions=120)
    records = read_metadata(tmp_path / "HAM10000_metadata.csv")
    assignment = split_lesions(records)
    splits_of_lesion = {}
    for record in records:
        splits_of_lesion.setdefault(record.lesion_id, set()).add(
            assignment[record.lesion_id])
    assert all(len(s) == 1 for s in splits_of_lesion.values())


def test_splits_are_stratified_and_sized(tmp_path):
    write_dataset(tmp_path, "reduced", (40, 30), lesions=210)
    records = read_metadata(tmp_path / "HAM10000_metadata.csv")
    assignment = split_lesions(records)
    lesion_dx = {r.lesion_id: r.dx for r in records}
    counts = Counter((assignment[l], dx) for l, dx in lesion_dx.items())
    for dx in set(lesion_dx.values()):
        total = sum(v for (s, d), v in counts.items() if d == dx)
        assert counts[("train", dx)] == round(0.70 * total)
        assert counts[("val", dx)] == round(0.15 * total)


def test_splits_repeat_with_seed(tmp_path):
    write_dataset(tmp_path, "reduced", (40, 30), lesions=60)
    records = read_metadata(tmp_path / "HAM10000_metadata.csv")
    assert split_lesions(records, seed=3) == split_lesions(records, seed=3)
    assert split_lesions(records, seed=3) != split_lesions(records, seed=4)


def test_splits_csv_round_trip(tmp_path):
    write_dataset(tmp_path / "data", "reduced", (40, 30), lesions=30)
    records = read_metadata(tmp_path / "data" / "HAM10000_metadata.csv")
    assignment = split_lesions(records)
    write_splits(records, assignment, tmp_path / "splits.csv")
    by_image = read_splits(tmp_path / "splits.csv")
    assert all(by_image[r.image_id] == assignment[r.lesion_id]
               for r in records)


def test_committed_split_is_lesion_disjoint():
    from model.data.splits import SPLITS_FILE
    with SPLITS_FILE.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10015
    by_lesion = {}
    for row in rows:
        by_lesion.setdefault(row["lesion_id"], set()).add(row["split"])
    assert all(len(s) == 1 for s in by_lesion.values())
    sizes = Counter(row["split"] for row in rows)
    assert 0.68 < sizes["train"] / len(rows) < 0.72
