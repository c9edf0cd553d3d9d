"""Split HAM10000 into train, validation and test by lesion.

Several images often show one lesion, so the split assigns whole lesions:
no lesion has images in two splits. Lesions are stratified by diagnosis
(every image of a lesion in HAM10000 shares one `dx`), shuffled with a fixed
seed and cut by fraction within each diagnosis.

Run `python3 -m model.data.splits --data DIR` to rewrite `splits.csv`.
"""

from __future__ import annotations

import argparse
import csv
import logging
from collections import defaultdict
from pathlib import Path

import numpy as np

from .ham10000 import Record, find_metadata, read_metadata

log = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")
DEFAULT_FRACTIONS = (0.70, 0.15, 0.15)
DEFAULT_SEED = 20181  # any fixed value; this one is kept so splits.csv is stable
SPLITS_FILE = Path(__file__).with_name("splits.csv")


def split_lesions(
    records: list[Record],
    fractions: tuple[float, float, float] = DEFAULT_FRACTIONS,
    seed: int = DEFAULT_SEED,
) -> dict[str, str]:
    """Assign each lesion_id to a split; returns lesion_id -> split name.

    Raises ValueError when one lesion has images with different diagnoses,
    which would make stratification by diagnosis ambiguous.
    """
    if abs(sum(fractions) - 1.0) > 1e-9:
        raise ValueError(f"split fractions {fractions} do not sum to 1")
    lesion_dx: dict[str, str] = {}
    for record in records:
        previous = lesion_dx.setdefault(record.lesion_id, record.dx)
        if previous != record.dx:
            raise ValueError(
                f"lesion {record.lesion_id} has diagnoses {previous} "
                f"and {record.dx}"
            )
    by_dx: dict[str, list[str]] = defaultdict(list)
    for lesion, dx in sorted(lesion_dx.items()):
        by_dx[dx].append(lesion)

    rng = np.random.default_rng(seed)
    assignment = {}
    for dx in sorted(by_dx):
        lesions = by_dx[dx]
        order = rng.permutation(len(lesions))
        n_train = round(fractions[0] * len(lesions))
        n_val = round(fractions[1] * len(lesions))
        for rank, i in enumerate(order):
            if rank < n_train:
                split = "train"
            elif rank < n_train + n_val:
                split = "val"
            else:
                split = "test"
            assignment[lesions[i]] = split
    return assignment


def write_splits(records: list[Record], assignment: dict[str, str],
                 path: Path) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["image_id", "lesion_id", "dx", "split"])
        for record in sorted(records, key=lambda r: r.image_id):
            writer.writerow([record.image_id, record.lesion_id, record.dx,
                             assignment[record.lesion_id]])


def read_splits(path: Path = SPLITS_FILE) -> dict[str, str]:
    """Return image_id -> split from a splits CSV."""
    with path.open(newline="") as f:
        return {row["image_id"]: row["split"] for row in csv.DictReader(f)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True,
                        help="folder with HAM10000_metadata.csv")
    parser.add_argument("--out", type=Path, default=SPLITS_FILE,
                        help=f"CSV to write (default: {SPLITS_FILE})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"shuffle seed (default: {DEFAULT_SEED})")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    records = read_metadata(find_metadata(args.data))
    assignment = split_lesions(records, seed=args.seed)
    write_splits(records, assignment, args.out)
    counts = defaultdict(int)
    for record in records:
        counts[assignment[record.lesion_id]] += 1
    log.info("wrote %s: %s", args.out,
             ", ".join(f"{s} {counts[s]} images" for s in SPLITS))


if __name__ == "__main__":
    main()
