"""Read HAM10000 metadata and images from either of its two layouts.

The original release (https://doi.org/10.7910/DVN/DBW86T) has
`HAM10000_metadata.csv` beside the folders `HAM10000_images_part_1` and
`HAM10000_images_part_2` of 600 x 450 JPEGs. Reduced copies keep the CSV and
put all images in one folder at a smaller size. Both work: images are found
anywhere under the data folder by their `image_id` file name, at any
resolution.
"""

from __future__ import annotations

import csv
import logging
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from .metadata import LABELS, MALIGNANT_LABELS

log = logging.getLogger(__name__)

METADATA_FILE = "HAM10000_metadata.csv"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
REQUIRED_COLUMNS = ("lesion_id", "image_id", "dx", "age", "sex",
                    "localization")


@dataclass(frozen=True)
class Record:
    lesion_id: str
    image_id: str
    dx: str
    age: float  # years; NaN when missing
    sex: str
    site: str

    @property
    def label(self) -> int:
        return LABELS.index(self.dx)

    @property
    def malignant(self) -> bool:
        return self.dx in MALIGNANT_LABELS


def find_metadata(data_dir: Path) -> Path:
    """Return the metadata CSV directly in `data_dir` or one level below."""
    for candidate in (data_dir / METADATA_FILE, *data_dir.glob(f"*/{METADATA_FILE}")):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"{METADATA_FILE} not found in {data_dir} or its subfolders; "
        "pass --data the folder that contains the HAM10000 download"
    )


def read_metadata(path: Path) -> list[Record]:
    """Parse the HAM10000 metadata CSV. Raises ValueError on a bad row."""
    records = []
    with path.open(newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            dx = row["dx"].strip()
            if dx not in LABELS:
                raise ValueError(f"{path}:{line}: unknown diagnosis {dx!r}")
            age_text = row["age"].strip()
            records.append(Record(
                lesion_id=row["lesion_id"].strip(),
                image_id=row["image_id"].strip(),
                dx=dx,
                age=float(age_text) if age_text else math.nan,
                sex=row["sex"].strip() or "unknown",
                site=row["localization"].strip() or "unknown",
            ))
    return records


def index_images(data_dir: Path) -> dict[str, Path]:
    """Map image_id to file path for every image under `data_dir`."""
    paths = {}
    for path in data_dir.rglob("*"):
        if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file():
            paths.setdefault(path.stem, path)
    return paths


def load_dataset(data_dir: Path) -> tuple[list[Record], dict[str, Path]]:
    """Read the metadata and locate every image it lists.

    Records whose image is missing are dropped with a warning, so a partial
    download still trains; an empty result raises.
    """
    records = read_metadata(find_metadata(data_dir))
    paths = index_images(data_dir)
    present = [r for r in records if r.image_id in paths]
    if len(present) < len(records):
        log.warning("%d of %d images listed in the metadata are missing",
                    len(records) - len(present), len(records))
    if not present:
        raise FileNotFoundError(f"no HAM10000 images found under {data_dir}")
    return present, paths


def load_image(path: Path, short_side: int) -> np.ndarray:
    """Load an RGB image as uint8 HWC, shrunk so its short side is at most
    `short_side` pixels (larger originals carry no detail the model uses)."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        scale = short_side / min(image.size)
        if scale < 1:
            size = (round(image.width * scale), round(image.height * scale))
            image = image.resize(size, Image.BILINEAR, reducing_gap=None)
        return np.asarray(image, dtype=np.uint8)
