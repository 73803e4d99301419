"""Capability indices against qcc's published values (vignette and unit tests)."""

from __future__ import annotations

import csv
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_data import SPC

from obeya.core.capability import capability, histogram_bins, sigma_within
from obeya.core.spc import SpcError

REF = SPC
pytestmark = pytest.mark.skipif(not REF.is_dir(), reason="shared/reference/spc not present")


def _load(name):
    with (REF / name).open(newline="") as fh:
        return list(csv.DictReader(fh))


def small():
    data = _load("capability_small_qcc_tests.csv")
    return [float(r["value"]) for r in data], [r["subgroup"] for r in data]


def piston_rings():
    data = [r for r in _load("xbar_r_s_pistonrings_qcc.csv") if int(r["sample"]) <= 25]
    return [float(r["diameter"]) for r in data], [r["sample"] for r in data]


def published(name):
    return json.loads((REF / name).read_text())["published"]


KEYS = {"Cp": "cp", "Cp_l": "cpl", "Cp_u": "cpu", "Cp_k": "cpk", "Cpm": "cpm",
        "Pp": "pp", "Pp_l": "ppl", "Pp_u": "ppu", "Pp_k": "ppk"}  # fmt: skip


@pytest.mark.parametrize(
    ("case", "target"), [("two_sided_target_10.0", 10.0), ("two_sided_target_10.02", 10.02)]
)
def test_qcc_unit_test_indices_within_and_overall(case, target):
    values, groups = small()
    c = capability(values, lsl=9.9, usl=10.1, subgroups=groups, target=target)
    for name, ref in published("capability_small_qcc_tests.json")[case].items():
        if name in KEYS:
            assert getattr(c, KEYS[name]) == pytest.approx(ref["value"], rel=5e-4), name


@pytest.mark.parametrize(
    ("case", "limits"),
    [("upper_spec_only_USL_10.1", {"usl": 10.1}), ("lower_spec_only_LSL_9.9", {"lsl": 9.9})],
)
def test_one_sided_specification(case, limits):
    values, groups = small()
    c = capability(values, subgroups=groups, **limits)
    ref = published("capability_small_qcc_tests.json")[case]
    for name, value in ref.items():
        if name in KEYS:
            assert getattr(c, KEYS[name]) == pytest.approx(value, rel=5e-4), name
    assert c.cp is None and c.pp is None


@pytest.mark.parametrize(
    ("case", "lsl", "usl", "target"),
    [
        ("spec_73.95_74.05_target_74", 73.95, 74.05, 74.0),
        ("spec_73.95_74.05_target_74.02", 73.95, 74.05, 74.02),
        ("spec_73.99_74.01_target_74", 73.99, 74.01, None),
        ("spec_73.99_74.1_target_74.045", 73.99, 74.1, None),
    ],
)
def test_piston_rings_vignette(case, lsl, usl, target):
    values, groups = piston_rings()
    c = capability(values, lsl=lsl, usl=usl, subgroups=groups, target=target)
    pub = published("capability_pistonrings_qcc.json")
    assert c.mean == pytest.approx(pub["common"]["center"], rel=5e-4)
    assert c.sigma_within == pytest.approx(pub["common"]["sigma_within"], rel=1e-6)
    ref = pub[case]
    for name, value in ref.items():
        if name in KEYS:
            # printed to 2 or 3 decimals: compare to the printed precision
            decimals = len(str(value).split(".")[1]) if "." in str(value) else 0
            assert round(getattr(c, KEYS[name]), decimals) == pytest.approx(value), name
    if "Exp<LSL" in ref:
        assert f"{c.expected_below_lsl:.0%}" == ref["Exp<LSL"]
        assert f"{c.expected_above_usl:.0%}" == ref["Exp>USL"]
    if "Obs<LSL" in ref:
        assert f"{c.observed_below_lsl:.0%}" == ref["Obs<LSL"]
        assert f"{c.observed_above_usl:.0%}" == ref["Obs>USL"]


def test_within_sigma_from_the_moving_range_without_subgroups():
    values = [2.0, 4.0, 3.0, 5.0]  # moving ranges 2, 1, 2: MR-bar 5/3, / d2 = 1.128
    assert sigma_within(values) == pytest.approx(5 / 3 / 1.128)
    c = capability(values, lsl=0, usl=7)
    assert c.cp == pytest.approx(7 / (6 * 5 / 3 / 1.128))


def test_within_sigma_from_the_subgroup_standard_deviations():
    values, groups = piston_rings()
    assert sigma_within(values, groups, within_from="sd") == pytest.approx(0.009829977, rel=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({}, "lsl"), ({"lsl": 2, "usl": 1}, "usl"), ({"lsl": 0, "usl": 1, "values": [1]}, "value")],
)
def test_bad_limits_name_the_field(kwargs, field):
    values = kwargs.pop("values", [1.0, 2.0, 3.0])
    with pytest.raises(SpcError, match=field):
        capability(values, **kwargs)


@settings(max_examples=50, deadline=None)
@given(
    # Values on a micrometre grid: a spread far below a float's resolution (1e-118) would vanish
    # when shifted, which says nothing about the indices.
    st.lists(
        st.floats(-100, 100, allow_nan=False).map(lambda v: round(v, 6)), min_size=3, max_size=50
    ),
    st.floats(-50, 50),
    st.floats(0.1, 10),
)
def test_indices_do_not_change_when_data_and_limits_are_shifted_and_scaled(values, shift, scale):
    base = capability(values, lsl=-150, usl=150)
    moved = capability([v * scale + shift for v in values], lsl=-150 * scale + shift,
                       usl=150 * scale + shift)  # fmt: skip
    for key in ("cp", "cpk", "pp", "ppk"):
        a, b = getattr(base, key), getattr(moved, key)
        assert (math.isinf(a) and math.isinf(b)) or b == pytest.approx(a, rel=1e-6, abs=1e-9)
    assert base.cpk <= base.cp and base.ppk <= base.pp


def test_histogram_counts_every_value():
    values, _ = piston_rings()
    bins = histogram_bins(values)
    assert sum(b["count"] for b in bins) == len(values) == 125
    assert bins[0]["start"] == min(values) and bins[-1]["end"] == max(values)
