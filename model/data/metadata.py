"""Encode age, sex and anatomical site into the model's metadata vector.

The layout is written into the exported manifest, and the app and the
command-line predictor encode from that manifest, so this module is the one
source of the encoding. Every field may be unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

LABELS = ("akiec", "bcc", "bkl", "df", "mel", "nv", "vasc")
MALIGNANT_LABELS = ("akiec", "bcc", "mel")

LABEL_NAMES = {
    "akiec": "Actinic keratosis or Bowen's disease (intraepithelial carcinoma)",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis (seborrhoeic keratosis, solar lentigo)",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic nevus (common mole)",
    "vasc": "Vascular lesion (angioma, angiokeratoma, haemorrhage)",
}

UNKNOWN = "unknown"
SEXES = ("male", "female", UNKNOWN)
# The 14 anatomical sites that HAM10000's `localization` column uses, plus
# unknown, in alphabetical order.
SITES = (
    "abdomen", "acral", "back", "chest", "ear", "face", "foot", "genital",
    "hand", "lower extremity", "neck", "scalp", "trunk", "upper extremity",
    UNKNOWN,
)
SITE_NAMES = {
    "abdomen": "Abdomen",
    "acral": "Palm or sole (acral)",
    "back": "Back",
    "chest": "Chest",
    "ear": "Ear",
    "face": "Face",
    "foot": "Foot",
    "genital": "Genital area",
    "hand": "Hand",
    "lower extremity": "Leg",
    "neck": "Neck",
    "scalp": "Scalp",
    "trunk": "Trunk (other)",
    "upper extremity": "Arm",
    UNKNOWN: "Unknown",
}

AGE_MIN_YEARS = 0
AGE_MAX_YEARS = 120


@dataclass(frozen=True)
class MetadataEncoding:
    """Vector layout: [age, age missing, sex one-hot (3), site one-hot (15)].

    `age_mean` and `age_std` (years) standardise age; they come from the
    training split.
    """

    age_mean: float
    age_std: float

    @property
    def length(self) -> int:
        return 2 + len(SEXES) + len(SITES)

    @property
    def sex_offset(self) -> int:
        return 2

    @property
    def site_offset(self) -> int:
        return 2 + len(SEXES)

    def encode(
        self,
        age: float | None,
        sex: str | None,
        site: str | None,
    ) -> np.ndarray:
        """Encode one record. None, NaN and "unknown" all mean unknown.

        Raises ValueError for an age outside 0-120 years or a sex or site
        that is not in SEXES or SITES.
        """
        vector = np.zeros(self.length, dtype=np.float32)
        if age is None or (isinstance(age, float) and math.isnan(age)):
            vector[1] = 1.0
        else:
            if not AGE_MIN_YEARS <= age <= AGE_MAX_YEARS:
                raise ValueError(
                    f"age {age} is outside {AGE_MIN_YEARS}-{AGE_MAX_YEARS}"
                )
            vector[0] = (age - self.age_mean) / self.age_std
        vector[self.sex_offset + _index(SEXES, sex, "sex")] = 1.0
        vector[self.site_offset + _index(SITES, site, "site")] = 1.0
        return vector

    def unknown(self) -> np.ndarray:
        """Return the vector for a record with every field unknown."""
        return self.encode(None, None, None)

    def to_manifest(self) -> dict:
        return {
            "length": self.length,
            "age": {
                "index": 0,
                "missingIndex": 1,
                "mean": round(self.age_mean, 4),
                "std": round(self.age_std, 4),
                "min": AGE_MIN_YEARS,
                "max": AGE_MAX_YEARS,
            },
            "sex": {"offset": self.sex_offset, "values": list(SEXES)},
            "site": {
                "offset": self.site_offset,
                "values": list(SITES),
                "displayNames": dict(SITE_NAMES),
            },
        }

    @classmethod
    def from_ages(cls, ages: np.ndarray) -> "MetadataEncoding":
        """Fit the age standardisation on known ages (NaN marks missing)."""
        known = ages[~np.isnan(ages)]
        if known.size < 2:
            raise ValueError("need at least two known ages to fit the scale")
        return cls(age_mean=float(known.mean()), age_std=float(known.std()))


def _index(values: tuple[str, ...], value: str | None, field: str) -> int:
    if value is None or value == "":
        value = UNKNOWN
    value = value.strip().lower()
    if value not in values:
        raise ValueError(
            f"invalid {field} {value!r}; expected one of {', '.join(values)}"
        )
    return values.index(value)


def drop_fields(
    vectors: np.ndarray,
    encoding: MetadataEncoding,
    rng: np.random.Generator,
    p_all: float,
    p_field: float,
) -> np.ndarray:
    """Set metadata fields to unknown at random, for training.

    Each row loses all three fields with probability `p_all`, and otherwise
    each field independently with probability `p_field`. This makes "unknown"
    an ordinary input, so image-only predictions stay strong.
    """
    out = vectors.copy()
    n = out.shape[0]
    drop_all = rng.random(n) < p_all
    for field_slice, unknown_index in (
        (slice(0, 2), None),
        (slice(encoding.sex_offset, encoding.site_offset), SEXES.index(UNKNOWN)),
        (slice(encoding.site_offset, encoding.length), SITES.index(UNKNOWN)),
    ):
        drop = drop_all | (rng.random(n) < p_field)
        out[drop, field_slice] = 0.0
        if unknown_index is None:
            out[drop, 1] = 1.0
        else:
            out[drop, field_slice.start + unknown_index] = 1.0
    return out
