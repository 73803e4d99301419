"""Western Electric and Nelson rules: qcc's published test sequences, flagged point by point,
and the invariants (shift, positive scaling, frozen baseline, limits around the center)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_data import SPC

from obeya.core.spc import control_chart, xmr_chart
from obeya.core.spc_rules import rules_of, violations

REF = SPC / "rules_qcc_tests.json"
CASES = json.loads(REF.read_text())["published"]["cases"] if REF.is_file() else []


@pytest.mark.skipif(not CASES, reason="shared/reference/spc not present")
@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_qcc_rule_sequences_flag_exactly_the_published_points(case):
    rule_set = "we" if case["rule_set"] == "western-electric" else "nelson"
    rule = int(re.match(r"(?:WE|NEL)(\d)", case["case"]).group(1))
    mask = violations(np.array(case["values"], float), 0.0, 1.0, rule_set=rule_set, rules=[rule])
    assert (np.flatnonzero(mask) + 1).tolist() == case["expected_flagged_indices"]


def test_alternating_zeros_and_ones_break_nelson_4_but_no_western_electric_rule():
    values = np.array([0, 1] * 7 + [0], float)
    assert not violations(values, 0.0, 1.0, rule_set="we").any()
    nelson = violations(values, 0.0, 1.0, rule_set="nelson", rules=[4])
    assert (np.flatnonzero(nelson) + 1).tolist() == [14, 15]


def test_a_point_marks_every_rule_it_breaks():
    values = np.array([2.5] * 7 + [3.2])
    mask = violations(values, 0.0, 1.0, rule_set="we")
    assert rules_of(mask[-1]) == [1, 2, 3, 4]  # the 8th in a row above the center
    assert rules_of(violations(np.append(values, 2.6), 0.0, 1.0)[-1]) == [2, 3, 4]


def test_a_point_on_the_limit_is_not_beyond_it():
    assert not violations(np.array([3.0, -3.0]), 0.0, 1.0, rules=[1]).any()


def test_rules_can_be_switched_off_one_by_one():
    values = np.array([0.5] * 8 + [3.5])
    assert rules_of(violations(values, 0.0, 1.0)[-1]) == [1, 4]
    assert rules_of(violations(values, 0.0, 1.0, rules=[4])[-1]) == [4]
    assert not violations(values, 0.0, 1.0, rules=[2, 3]).any()


finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
series = st.lists(finite, min_size=3, max_size=80)


@settings(max_examples=60, deadline=None)
@given(series, st.floats(-1e4, 1e4), st.floats(0.01, 100), st.sampled_from(["we", "nelson"]))
def test_rules_do_not_change_when_the_data_are_shifted_or_scaled(values, shift, scale, rule_set):
    x = np.round(np.array(values), 3)  # exact binary fractions keep ties as ties
    x = x * 8
    base = xmr_chart(x, rule_set=rule_set)
    moved = xmr_chart(x * scale + shift, rule_set=rule_set)
    # a zone boundary hit exactly may round either way; away from those, flags must agree
    z = (base[0].values - base[0].center) / np.where(base[0].sigma > 0, base[0].sigma, 1)
    clear = np.all(np.abs(np.abs(z)[:, None] - [1, 2, 3]) > 1e-6, axis=1)
    if np.all(clear):
        assert (base[0].violations == moved[0].violations).all()


@settings(max_examples=60, deadline=None)
@given(series, st.sampled_from(["xmr", "run", "c"]))
def test_limits_contain_the_center_line(values, chart):
    if chart == "c":
        values = [abs(round(v)) for v in values]
    for c in control_chart(chart, values).charts:
        if np.isfinite(c.lcl).all():
            assert (c.lcl <= c.center).all() and (c.center <= c.ucl).all()


@settings(max_examples=40, deadline=None)
@given(series, series)
def test_baseline_limits_do_not_change_when_points_are_appended(first, later):
    n = len(first)
    before = xmr_chart(first, baseline=n)[0]
    after = xmr_chart(first + later, baseline=n)[0]
    assert after.center[0] == before.center[0]
    assert after.ucl[0] == before.ucl[0] and after.lcl[0] == before.lcl[0]
    assert (after.violations[:n] & 1 == before.violations & 1).all()  # rule 1 looks back only


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 60), min_size=4, max_size=40))
def test_subgroup_limits_contain_the_center_line(values):
    subgroups = [i // 2 for i in range(len(values))]
    if len(values) % 2:
        values, subgroups = values[:-1], subgroups[:-1]
    for kind in ("xbar-r", "xbar-s"):
        for c in control_chart(kind, values, subgroups=subgroups).charts:
            assert (c.lcl <= c.center).all() and (c.center <= c.ucl).all()


def test_a_million_points_are_checked_in_one_pass():
    rng = np.random.default_rng(1)
    x, mr = xmr_chart(rng.normal(size=1_000_000), baseline=1000, rule_set="nelson")
    assert x.values.size == 1_000_000 and mr.values.size == 999_999
    # about 0.27 % of in-control normal points fall beyond 3 sigma
    assert len(x.flagged(1)) == pytest.approx(2700, rel=0.25)
