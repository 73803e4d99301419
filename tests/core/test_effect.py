"""The effectiveness check's statistics against published values: Student's t distribution
(t tables), Welch's t-test (Wikipedia's worked example), the two-proportion z-test."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.core.effect import (
    EffectError,
    mean_effect,
    normal_two_sided_p,
    proportion_effect,
    regularized_incomplete_beta,
    student_t_cdf,
    student_t_two_sided_p,
    two_proportion_z_test,
    welch_t_test,
)


@pytest.mark.parametrize(
    ("t", "df", "p"),
    [
        (2.0, 10, 0.07339),  # the brief's reference value
        (2.228, 10, 0.05),  # critical values of the two-sided t table at 5 %
        (12.706, 1, 0.05),
        (4.303, 2, 0.05),
        (2.086, 20, 0.05),
        (2.042, 30, 0.05),
        (3.169, 10, 0.01),  # ... and at 1 %
        (2.845, 20, 0.01),
        (1.0, 1, 0.5),  # Cauchy: P(|T| > 1) = 1/2 exactly
        (0.0, 7, 1.0),
    ],
)
def test_two_sided_p_matches_the_t_table(t, df, p):
    assert student_t_two_sided_p(t, df) == pytest.approx(p, abs=2e-4)
    assert student_t_two_sided_p(-t, df) == pytest.approx(p, abs=2e-4)


def test_t_tends_to_the_normal_for_many_degrees_of_freedom():
    assert student_t_two_sided_p(1.959964, 1e7) == pytest.approx(0.05, abs=1e-5)
    assert normal_two_sided_p(1.959964) == pytest.approx(0.05, abs=1e-6)


@given(st.floats(-50, 50))
def test_t_cdf_with_one_degree_of_freedom_is_the_cauchy_cdf(t):
    assert student_t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-10)


@given(st.floats(-50, 50))
def test_t_cdf_with_two_degrees_of_freedom_has_its_closed_form(t):
    closed = 0.5 + t / (2 * math.sqrt(2 + t * t))
    assert student_t_cdf(t, 2) == pytest.approx(closed, abs=1e-10)


@given(st.floats(-30, 30), st.floats(0.5, 500))
def test_t_cdf_is_symmetric_and_within_0_and_1(t, df):
    low, high = student_t_cdf(-t, df), student_t_cdf(t, df)
    assert 0.0 <= high <= 1.0
    assert low + high == pytest.approx(1.0, abs=1e-12)


@given(st.floats(0.01, 0.99), st.floats(0.2, 20))
def test_incomplete_beta_closed_forms(x, a):
    assert regularized_incomplete_beta(1, 1, x) == pytest.approx(x, rel=1e-10)
    assert regularized_incomplete_beta(a, 1, x) == pytest.approx(x**a, rel=1e-9, abs=1e-14)
    assert regularized_incomplete_beta(1, a, x) == pytest.approx(1 - (1 - x) ** a, rel=1e-9)


def test_t_cdf_agrees_with_scipy():
    from scipy import stats  # a test dependency, never a runtime one
    for t in (-4.5, -1.3, 0.2, 0.9, 2.7, 6.0):
        for df in (1, 2.5, 7, 24.99, 120):
            assert student_t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), abs=1e-12)


# Wikipedia, "Welch's t-test", example 1: t = -2.46 (A1 - A2), df = 25.0, p = 0.021.
A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]


def test_welch_reproduces_the_textbook_example():
    result = welch_t_test(A1, A2)
    assert result.t == pytest.approx(2.46, abs=0.005)  # after minus before
    assert result.df == pytest.approx(25.0, abs=0.05)
    assert result.p_value == pytest.approx(0.021, abs=0.0005)
    assert (result.mean_before, result.mean_after) == pytest.approx((20.82, 22.987), abs=1e-3)


def test_welch_is_symmetric_in_its_periods():
    one, other = welch_t_test(A1, A2), welch_t_test(A2, A1)
    assert one.t == pytest.approx(-other.t)
    assert one.p_value == pytest.approx(other.p_value)


def test_welch_on_two_constant_periods():
    assert welch_t_test([5, 5, 5], [5, 5]).p_value == 1.0
    shifted = welch_t_test([5, 5, 5], [3, 3])
    assert shifted.p_value == 0.0 and shifted.t == -math.inf


@pytest.mark.parametrize(
    ("before", "after", "field"),
    [([1.0], [1.0, 2.0], "before"), ([1, 2], [float("nan"), 2], "after")],
)
def test_welch_names_the_period_it_cannot_use(before, after, field):
    with pytest.raises(EffectError, match=field):
        welch_t_test(before, after)


def test_two_proportion_z_test_worked_example():
    # 45 of 100 against 30 of 100: pooled 0.375, se = sqrt(0.375 * 0.625 * 0.02) = 0.068465,
    # z = -0.15 / 0.068465 = -2.1909, two-sided p = 2 * (1 - Phi(2.1909)) = 0.02846.
    result = two_proportion_z_test(45, 100, 30, 100)
    assert result.z == pytest.approx(-2.1909, abs=1e-4)
    assert result.p_value == pytest.approx(0.02846, abs=1e-5)
    assert result.shift == pytest.approx(-0.15)


@pytest.mark.parametrize(
    ("args", "field"),
    [((1, 0, 1, 10), "before"), ((11, 10, 1, 10), "before"), ((1, 10, -1, 5), "after")],
)
def test_two_proportion_z_test_refuses_impossible_counts(args, field):
    with pytest.raises(EffectError, match=field):
        two_proportion_z_test(*args)


@pytest.mark.parametrize(
    ("before", "after", "increase_is_better", "rule1", "shown", "reasons"),
    [
        ([45, 44, 46, 47, 43, 45], [22, 23, 21, 22, 24, 20], False, 0, True, ()),
        ([45, 44, 46, 47, 43, 45], [22, 23, 21, 22, 24, 20], True, 0, False, ("not_improved",)),
        ([45, 44, 46, 47, 43, 45], [22, 23, 21, 22, 24, 20], False, 1, False, ("rule1_after",)),
        ([45, 40, 50, 47, 43, 45], [44, 46, 41, 49, 43, 44], False, 0, False, ("not_significant",)),
    ],
)
def test_effect_is_shown_only_when_improved_significant_and_stable(
    before, after, increase_is_better, rule1, shown, reasons
):
    check = mean_effect(before, after, increase_is_better=increase_is_better, rule1_after=rule1)
    assert check.effect_shown is shown
    assert check.reasons == reasons
    assert check.to_dict()["effect_shown"] is shown


def test_proportion_effect_of_a_scrap_rate_halved():
    check = proportion_effect(90, 2000, 40, 2000, increase_is_better=False)
    assert check.method == "two_proportions"
    assert (check.before, check.after) == pytest.approx((0.045, 0.02))
    assert check.effect_shown and check.p_value < 0.001
