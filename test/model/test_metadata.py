"""Metadata encoding: layout, unknown values, validation and dropout."""

import math

import numpy as np
import pytest

from model.data.metadata import (SEXES, SITES, MetadataEncoding,
                                 drop_fields)

ENCODING = MetadataEncoding(age_mean=50.0, age_std=20.0)


def test_vector_layout_has_twenty_slots():
    assert ENCODING.length == 20
    assert len(SITES) == 15  # the 14 HAM10000 sites plus unknown
    assert ENCODING.site_offset == 5


def test_known_fields_encode_one_hot():
    v = ENCODING.encode(70.0, "female", "back")
    assert v[0] == pytest.approx(1.0)  # (70 - 50) / 20
    assert v[1] == 0.0
    assert v[2 + SEXES.index("female")] == 1.0
    assert v[2:5].sum() == 1.0
    assert v[5 + SITES.index("back")] == 1.0
    assert v[5:].sum() == 1.0


@pytest.mark.parametrize("age", [None, math.nan])
def test_missing_age_sets_flag(age):
    v = ENCODING.encode(age, None, None)
    assert v[0] == 0.0
    assert v[1] == 1.0


def test_blank_fields_mean_unknown():
    assert np.array_equal(ENCODING.encode(None, "", ""), ENCODING.unknown())
    assert ENCODING.unknown()[2 + SEXES.index("unknown")] == 1.0
    assert ENCODING.unknown()[5 + SITES.index("unknown")] == 1.0


def test_values_are_case_insensitive():
    assert np.array_equal(ENCODING.encode(40, "Male", "Lower Extremity"),
                          ENCODING.encode(40, "male", "lower extremity"))


@pytest.mark.parametrize("age", [-1, 121, 500])
def test_age_out_of_range_is_rejected(age):
    with pytest.raises(ValueError, match="outside 0-120"):
        ENCODING.encode(age, None, None)


def test_unknown_site_name_is_rejected():
    with pytest.raises(ValueError, match="invalid site 'elbow'"):
        ENCODING.encode(40, "male", "elbow")


def test_from_ages_ignores_missing():
    encoding = MetadataEncoding.from_ages(np.array([40.0, np.nan, 60.0]))
    assert encoding.age_mean == pytest.approx(50.0)
    assert encoding.age_std == pytest.approx(10.0)


def test_manifest_describes_same_layout():
    manifest = ENCODING.to_manifest()
    assert manifest["length"] == ENCODING.length
    assert manifest["site"]["values"] == list(SITES)
    assert set(manifest["site"]["displayNames"]) == set(SITES)
    assert manifest["age"]["missingIndex"] == 1


def test_drop_fields_yields_valid_unknowns():
    rng = np.random.default_rng(0)
    vectors = np.stack([ENCODING.encode(30 + i % 60, "male", "face")
                        for i in range(2000)])
    original = vectors.copy()
    dropped = drop_fields(vectors, ENCODING, rng, p_all=0.25, p_field=0.2)
    # Every row stays a valid encoding: one sex and one site.
    assert np.all(dropped[:, 2:5].sum(axis=1) == 1)
    assert np.all(dropped[:, 5:].sum(axis=1) == 1)
    all_unknown = np.all(dropped == ENCODING.unknown(), axis=1).mean()
    assert 0.2 < all_unknown < 0.35  # 0.25 plus 0.75 * 0.2 ** 3
    sex_unknown = dropped[:, 2 + SEXES.index("unknown")].mean()
    assert 0.35 < sex_unknown < 0.45  # 0.25 + 0.75 * 0.2
    assert np.array_equal(vectors, original)  # the input is not modified
