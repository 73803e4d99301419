"""The economics of a lever (`obeya.core.finance`) against published figures, and its
invariants on generated cases (hypothesis)."""

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from obeya.core.finance import (
    Appraisal,
    FinanceInputError,
    FutureStateGains,
    GainAssumptions,
    LeverCase,
    appraise,
    break_even_volume,
    cash_flow_chart_spec,
    cash_flows,
    cumulative_cash,
    formulas,
    future_state_formulas,
    future_state_gains,
    irr,
    irr_candidates,
    monthly_rate,
    npv,
    payback_periods,
    stock_value_eur,
    wip_units,
)
from obeya.core.vsm import compute_metrics, load_value_stream

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------------------------
# Published figures

# numpy-financial's docstring examples (numpy_financial/_financial.py, `irr`, also at
# https://numpy.org/numpy-financial/latest/irr.html), after L. J. Gitman, "Principles of
# Managerial Finance, Brief", 3rd ed., 2003, p. 348:
#   round(npf.irr([-100, 39, 59, 55, 20]), 5) == 0.28095
#   round(npf.irr([-100, 0, 0, 74]), 5) == -0.0955
#   round(npf.irr([-100, 100, 0, -7]), 5) == -0.0833     (two roots: -0.0833 and -0.679)
#   round(npf.irr([-100, 100, 0, 7]), 5) == 0.06206
#   round(npf.irr([-5, 10.5, 1, -8, 1]), 5) == 0.0886     (three roots: -0.870, 0.0886, 0.710)
NUMPY_FINANCIAL_IRR = [
    ([-100, 39, 59, 55, 20], 0.28095),
    ([-100, 0, 0, 74], -0.0955),
    ([-100, 100, 0, -7], -0.0833),
    ([-100, 100, 0, 7], 0.06206),
    ([-5, 10.5, 1, -8, 1], 0.0886),
]


@pytest.mark.parametrize(("flows", "expected"), NUMPY_FINANCIAL_IRR)
def test_irr_matches_numpy_financial_examples(flows, expected):
    assert round(irr(flows), 5) == expected


# The older numpy docs (numpy 1.3, `numpy.irr`) print the unrounded value: 0.2809484211599611.
def test_irr_unrounded_matches_numpy():
    assert irr([-100, 39, 59, 55, 20]) == pytest.approx(0.2809484211599611, abs=1e-12)


# numpy-financial's `npv` docstring (https://numpy.org/numpy-financial/latest/npv.html):
#   rate, cashflows = 0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]
#   npf.npv(rate, cashflows).round(5) == 3065.22267
# and the older numpy one: np.npv(0.281, [-100, 39, 59, 55, 20]) == -0.0084785916384548798.
@pytest.mark.parametrize(
    ("rate", "flows", "expected"),
    [
        (0.08, [-40_000, 5_000, 8_000, 12_000, 30_000], 3065.22267),
        (0.281, [-100, 39, 59, 55, 20], -0.0084785916384548798),
        (0.0, [-100, 39, 59, 55, 20], 73.0),  # undiscounted: the plain sum
        (0.1, [-1000], -1000.0),  # the first flow is never discounted
        (0.1, [], 0.0),
    ],
)
def test_npv_matches_published_values(rate, flows, expected):
    assert npv(rate, flows) == pytest.approx(expected, abs=1e-5)


def test_npv_is_excel_npv_plus_the_first_flow():
    # Excel's NPV(rate, v1..vn) discounts v1 by one period: = v0 + NPV(rate, v1..vn).
    flows = [-40_000, 5_000, 8_000, 12_000, 30_000]
    excel_npv_of_rest = sum(v / 1.08 ** (t + 1) for t, v in enumerate(flows[1:]))
    assert npv(0.08, flows) == pytest.approx(flows[0] + excel_npv_of_rest)
    assert npv(0.08, flows) != pytest.approx(excel_npv_of_rest + flows[0] / 1.08)


# Discounted payback, Ross, Westerfield & Jordan, "Fundamentals of Corporate Finance",
# problem "Calculating Discounted Payback" (LO3): inflows 2,800, 3,700, 5,100, 4,300 at 14 %;
# published answers 1.96, 2.03 and 3.65 years for an initial cost of 5,200, 5,400 and 10,400.
@pytest.mark.parametrize(
    ("investment", "expected_years"), [(5_200, 1.96), (5_400, 2.03), (10_400, 3.65)]
)
def test_discounted_payback_matches_textbook(investment, expected_years):
    flows = [-investment, 2_800, 3_700, 5_100, 4_300]
    assert round(payback_periods(flows, 0.14), 2) == expected_years


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-52_125] + [12_000] * 8, 4.34375),  # 52,125 / 12,000: uniform inflows
        ([-50_000, 13_300, 18_300, 40_000, 22_400], 2.46),  # 2 + 18,400 / 40,000
        ([-100, 50, 50], 2.0),  # recovered exactly at the end of period 2
        ([0, 10], 0.0),  # nothing to recover
        ([-100, 50, 40], None),  # never within the horizon
        ([-100, 150, -100], None),  # recovered, then sunk again by a late outflow
        ([-100, 150, -100, 100], 2 + 50 / 100),  # the last crossing counts
    ],
)
def test_simple_payback(flows, expected):
    result = payback_periods(flows)
    if expected is None:
        assert result is None
    else:
        assert round(result, 5) == pytest.approx(expected)


# The same textbook case as a lever: 52,125 invested, 12,000 net a year for 8 years at 12 %
# (payback 52,125 / 12,000 = 4.34375 years = 52.125 months; ROI (96,000 - 52,125) / 52,125).
TEXTBOOK = LeverCase(
    investment_eur=52_125, annual_gain_eur=12_000, horizon_years=8, discount_rate=0.12
)


def test_textbook_lever_payback_and_roi():
    a = appraise(TEXTBOOK)
    assert a.payback_months == pytest.approx(52.125)
    assert a.break_even_months == a.payback_months
    assert a.roi == pytest.approx((96_000 - 52_125) / 52_125)
    assert a.total_net_gain_eur == pytest.approx(43_875)
    assert a.net_annual_gain_eur == 12_000
    annuity = (1 - 1.12**-8) / 0.12  # present value of 1 a year for 8 years at 12 %
    assert a.npv_eur == pytest.approx(-52_125 + 12_000 * annuity)
    assert npv(a.irr, a.flows) == pytest.approx(0, abs=1e-6)
    assert a.discounted_payback_months > a.payback_months


# --------------------------------------------------------------------------------------------
# A lever with a ramp-up, worked by hand (docs/finance.md)

# 20,000 invested; 15,000 a year gained, 2,000 a year running cost; 3 months of ramp-up; 3 years
# at 8 %. Net 13,000 a year = 1,083.33 a month from month 4. Year 1 carries 9/12 of it.
RAMP = LeverCase(
    investment_eur=20_000,
    annual_gain_eur=15_000,
    annual_running_cost_eur=2_000,
    horizon_years=3,
    discount_rate=0.08,
    ramp_up_months=3,
)


def test_yearly_flows_prorate_the_ramp_up():
    assert cash_flows(RAMP) == pytest.approx((-20_000, 9_750, 13_000, 13_000))


def test_monthly_flows_start_after_the_ramp_up():
    flows = cash_flows(RAMP, per="month")
    assert len(flows) == 37
    assert flows[:5] == pytest.approx((-20_000, 0, 0, 0, 13_000 / 12))
    assert sum(flows) == pytest.approx(sum(cash_flows(RAMP)))


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("net_annual_gain_eur", 13_000),
        ("total_net_gain_eur", 15_750),
        ("roi", 15_750 / 20_000),
        ("payback_months", 3 + 20_000 / (13_000 / 12)),  # 21.46
        ("break_even_months", 3 + 20_000 / (13_000 / 12)),
        ("npv_eur", -20_000 + 9_750 / 1.08 + 13_000 / 1.08**2 + 13_000 / 1.08**3),  # 10,493.00
    ],
)
def test_ramp_up_worked_example(field, expected):
    assert getattr(appraise(RAMP), field) == pytest.approx(expected)


def test_ramp_up_discounted_payback_by_hand():
    # Month m brings 1,083.33 / 1.08^(m/12); find where the running sum reaches 20,000.
    i = 1.08 ** (1 / 12) - 1
    total, m = 0.0, 3
    while total + 13_000 / 12 / (1 + i) ** (m + 1) < 20_000:
        m += 1
        total += 13_000 / 12 / (1 + i) ** m
    expected = m + (20_000 - total) / (13_000 / 12 / (1 + i) ** (m + 1))
    assert appraise(RAMP).discounted_payback_months == pytest.approx(expected)
    assert round(expected, 2) == 23.13


def test_monthly_rate_compounds_to_the_annual_rate():
    assert (1 + monthly_rate(0.08)) ** 12 == pytest.approx(1.08)
    assert monthly_rate(0.08) == pytest.approx(0.006434, abs=1e-6)


def test_lever_without_investment_has_no_roi_but_pays_back_at_once():
    a = appraise(LeverCase(investment_eur=0, annual_gain_eur=1_000))
    assert a.roi is None
    assert a.payback_months == 0
    assert a.irr is None  # no outflow: no rate makes the NPV zero


def test_lever_losing_money_never_pays_back():
    a = appraise(LeverCase(investment_eur=1_000, annual_gain_eur=100, annual_running_cost_eur=300))
    assert a.net_annual_gain_eur == -200
    assert a.payback_months is None and a.discounted_payback_months is None
    assert a.irr is None
    assert a.roi == pytest.approx((-600 - 1_000) / 1_000)


def test_ramp_up_as_long_as_the_horizon_leaves_only_the_investment():
    a = appraise(
        LeverCase(investment_eur=500, annual_gain_eur=9_000, horizon_years=1, ramp_up_months=12)
    )
    assert a.flows == (-500, 0)
    assert a.payback_months is None and a.roi == -1


def test_whole_floats_are_stored_as_int():
    case = LeverCase(investment_eur=1, annual_gain_eur=1, horizon_years=3.0, ramp_up_months=2.0)
    assert case.horizon_years == 3 and isinstance(case.horizon_years, int)
    assert isinstance(case.ramp_up_months, int)


# --------------------------------------------------------------------------------------------
# Bad input: every field named, every problem at once


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"investment_eur": -1}, "investment_eur: must be a number >= 0 (got -1)"),
        ({"annual_gain_eur": "a lot"}, "annual_gain_eur: must be a number >= 0 (got 'a lot')"),
        ({"annual_gain_eur": math.nan}, "annual_gain_eur: must be a number >= 0 (got nan)"),
        ({"annual_running_cost_eur": -5}, "annual_running_cost_eur: must be a number >= 0"),
        (
            {"horizon_years": 0},
            "horizon_years: must be a whole number of years from 1 to 30 (got 0)",
        ),
        ({"horizon_years": 31}, "horizon_years: must be a whole number of years from 1 to 30"),
        ({"horizon_years": 2.5}, "horizon_years: must be a whole number of years from 1 to 30"),
        ({"horizon_years": True}, "horizon_years: must be a whole number of years from 1 to 30"),
        ({"discount_rate": 3}, "discount_rate: must be between -0.99 and 1 (got 3)"),
        ({"discount_rate": -1}, "discount_rate: must be between -0.99 and 1 (got -1)"),
        ({"ramp_up_months": 37}, "ramp_up_months: must be a whole number of months from 0 to 36"),
        ({"ramp_up_months": -1}, "ramp_up_months: must be a whole number of months from 0 to 36"),
    ],
)
def test_bad_case_names_the_field(changes, message):
    fields = {"investment_eur": 1_000, "annual_gain_eur": 500} | changes
    with pytest.raises(FinanceInputError) as caught:
        LeverCase(**fields)
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith(message)
    assert isinstance(caught.value, ValueError)


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(FinanceInputError) as caught:
        LeverCase(investment_eur=-1, annual_gain_eur=-1, horizon_years=0, discount_rate=2)
    fields = [e.split(":")[0] for e in caught.value.errors]
    assert fields == ["investment_eur", "annual_gain_eur", "horizon_years", "discount_rate"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: npv(-1, [1, 2]), "rate: must be a number above -1"),
        (lambda: npv(0.1, [1, "x"]), "flows[1]: must be a finite number"),
        (lambda: irr([-1, math.inf]), "flows[1]: must be a finite number"),
        (lambda: payback_periods([-1, 2], rate=-2), "rate: must be a number above -1"),
        (lambda: cash_flows(RAMP, per="week"), "per: must be 'year' or 'month'"),
        (
            lambda: break_even_volume(fixed_costs_eur=-1, gain_per_unit_eur=2),
            "fixed_costs_eur: must be a number >= 0 (got -1)",
        ),
        (
            lambda: break_even_volume(fixed_costs_eur=1, gain_per_unit_eur=None),
            "gain_per_unit_eur: must be a finite number (got None)",
        ),
        (lambda: GainAssumptions(unit_value_eur=-2), "unit_value_eur: must be a number >= 0"),
        (lambda: GainAssumptions(unit_value_eur=1, carrying_rate=25), "carrying_rate: must be"),
        (
            lambda: GainAssumptions(unit_value_eur=1, hours_per_operator_year=0),
            "hours_per_operator_year: must be",
        ),
        (
            lambda: GainAssumptions(unit_value_eur=1, working_days_per_year=400),
            "working_days_per_year: must be",
        ),
    ],
)
def test_bad_arguments_name_the_field(call, message):
    with pytest.raises(FinanceInputError) as caught:
        call()
    assert caught.value.errors[0].startswith(message)


# --------------------------------------------------------------------------------------------
# IRR edge cases


@pytest.mark.parametrize(
    "flows",
    [[], [100], [-100], [100, 50], [-100, -50], [0, 0, 0], [-100, 0, 0], [100, 0, -0.0]],
)
def test_no_irr_without_a_sign_change(flows):
    assert irr(flows) is None


def test_no_irr_when_the_npv_never_crosses_zero():
    # -100 + 250 x - 200 x^2 with x = 1 / (1 + r) is always negative: no rate.
    assert irr([-100, 250, -200]) is None


def test_irr_candidates_lists_every_root():
    roots = irr_candidates([-5, 10.5, 1, -8, 1])
    assert [round(r, 4) for r in roots] == [-0.8702, 0.0886, 0.7096]


@pytest.mark.parametrize(
    ("flows", "expected"),
    [
        ([-1, 1_000], 999.0),  # a very profitable lever: 99,900 %
        ([-1_000, 1], -0.999),
        ([-100, 110], 0.1),
        ([-100, 0, 121], 0.1),
        ([-100, 110, 0, 0], 0.1),  # trailing zeros change nothing
    ],
)
def test_irr_extremes(flows, expected):
    assert irr(flows) == pytest.approx(expected, rel=1e-9)


def test_irr_on_thirty_years_of_months():
    flows = cash_flows(
        LeverCase(investment_eur=100_000, annual_gain_eur=12_000, horizon_years=30), per="month"
    )
    monthly = irr(flows)
    assert npv(monthly, flows) == pytest.approx(0, abs=1e-6)
    # 1,000 a month for 360 months repays 100,000: the annuity formula holds at that rate.
    assert 1_000 * (1 - (1 + monthly) ** -360) / monthly == pytest.approx(100_000)
    # Money coming in monthly is worth more than the same money at each year's end.
    assert (1 + monthly) ** 12 - 1 > irr([-100_000] + [12_000] * 30)


# --------------------------------------------------------------------------------------------
# Break-even volume


@pytest.mark.parametrize(
    ("fixed", "gain", "variable", "expected"),
    [
        (10_000, 25, 5, 500.0),  # 10,000 / (25 - 5)
        (0, 3, 1, 0.0),
        (9_000, 12, 0, 750.0),
        (10_000, 5, 5, None),  # no margin: never
        (10_000, 4, 5, None),  # a loss on every unit
    ],
)
def test_break_even_volume(fixed, gain, variable, expected):
    result = break_even_volume(
        fixed_costs_eur=fixed, gain_per_unit_eur=gain, variable_cost_per_unit_eur=variable
    )
    assert result == expected


# --------------------------------------------------------------------------------------------
# Formulas, docs and the chart


EXPECTED_FORMULA_KEYS = {
    "roi",
    "payback_months",
    "discounted_payback_months",
    "npv_eur",
    "irr",
    "break_even_months",
    "break_even_volume",
}


def test_formulas_cover_every_figure():
    texts = formulas()
    assert set(texts) >= EXPECTED_FORMULA_KEYS
    appraisal_fields = set(Appraisal.__dataclass_fields__) - {"flows"}
    assert appraisal_fields <= set(texts)
    assert all(isinstance(t, str) and t for t in texts.values())
    assert set(future_state_formulas()) == set(FutureStateGains.__dataclass_fields__)


@pytest.mark.parametrize("key", sorted(set(formulas()) | set(future_state_formulas())))
def test_every_formula_is_documented(key):
    assert f"`{key}`" in (ROOT / "docs" / "finance.md").read_text()


def test_docs_say_how_excel_and_numpy_financial_differ():
    text = (ROOT / "docs" / "finance.md").read_text()
    assert "numpy-financial" in text and re.search(r"Excel's `NPV", text)


def test_chart_spec():
    a = appraise(RAMP)
    spec = cash_flow_chart_spec(
        RAMP, a, title="Cash", month_title="Month", cumulative_title="Cumulative EUR"
    )
    lines, rule, points = spec["layer"]
    values = lines["data"]["values"]
    plain = [v for v in values if v["series"] == "Cumulative net cash"]
    discounted = [v for v in values if v["series"] == "Discounted"]
    assert len(plain) == len(discounted) == 37
    assert plain[0]["cash_eur"] == -20_000 and plain[-1]["cash_eur"] == pytest.approx(15_750)
    assert discounted[-1]["cash_eur"] < plain[-1]["cash_eur"]
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"] == [{"zero": 0}]
    assert [p["month"] for p in points["data"]["values"]] == [
        round(a.payback_months, 2),
        round(a.discounted_payback_months, 2),
    ]
    assert spec["title"] == "Cash"
    assert lines["encoding"]["x"]["title"] == "Month"
    json.dumps(spec)


def test_chart_without_payback_has_no_points():
    case = LeverCase(investment_eur=10_000, annual_gain_eur=100)
    spec = cash_flow_chart_spec(
        case, appraise(case), title="T", month_title="M", cumulative_title="C"
    )
    assert len(spec["layer"]) == 2


def test_chart_spec_compiles_with_vega_lite():
    vlc = pytest.importorskip("vl_convert")
    spec = cash_flow_chart_spec(
        RAMP, appraise(RAMP), title="Cash", month_title="Month", cumulative_title="EUR"
    )
    svg = vlc.vegalite_to_svg(spec, vl_version="6.4")
    assert "<svg" in svg and "Month" in svg


def test_cumulative_cash_ends_at_the_total_and_the_discounted_one_lower():
    assert cumulative_cash(RAMP)[-1] == pytest.approx(appraise(RAMP).total_net_gain_eur)
    assert cumulative_cash(RAMP, discounted=True)[-1] < cumulative_cash(RAMP)[-1]


# --------------------------------------------------------------------------------------------
# Future-state gains, on the brackets map of docs/vsm.md

BRACKETS_CURRENT = """
name: Brackets, line 2
customer: {name: Garage chain, demand: 9600, period_days: 20}
work: {shifts: 1, available_s_per_shift: 25200}
flow:
  - inventory: {name: Steel sheets, days: 3}
  - process: {name: Laser cutting, cycle_time_s: 20, changeover_s: 1800, uptime: 0.9, operators: 1}
  - inventory: {quantity: 1200, unit_value: 4.5}
  - process: {name: Bending, cycle_time_s: 35, changeover_s: 900, uptime: 0.95, operators: 1}
  - inventory: {name: Finished goods, quantity: 2400, unit_value: 7.2}
"""

# The future state of docs/finance.md: steel ordered twice a week (2 days), a FIFO lane of 240
# between the laser and the bending press, one day of finished goods, and the laser operator
# shared with the press (0.5 operator on the laser).
BRACKETS_FUTURE = """
name: Brackets, line 2 (future)
customer: {name: Garage chain, demand: 9600, period_days: 20}
work: {shifts: 1, available_s_per_shift: 25200}
flow:
  - inventory: {name: Steel sheets, days: 2}
  - process: {name: Laser cutting, cycle_time_s: 20, changeover_s: 1800, uptime: 0.9,
               operators: 0.5}
  - fifo: {quantity: 240, unit_value: 4.5}
  - process: {name: Bending, cycle_time_s: 35, changeover_s: 900, uptime: 0.95, operators: 1}
  - inventory: {name: Finished goods, quantity: 480, unit_value: 7.2}
"""

CURRENT = compute_metrics(load_value_stream(BRACKETS_CURRENT))
FUTURE = compute_metrics(load_value_stream(BRACKETS_FUTURE))
ASSUMPTIONS = GainAssumptions(unit_value_eur=2.5)

# By hand. WIP: current 3 x 480 + 1,200 + 2,400 = 5,040 pieces; future 2 x 480 + 240 + 480 =
# 1,680. Stock value: the steel has no unit value on the map, so 2.5 is assumed; the others
# carry theirs: current 1,440 x 2.5 + 1,200 x 4.5 + 2,400 x 7.2 = 3,600 + 5,400 + 17,280 =
# 26,280; future 960 x 2.5 + 240 x 4.5 + 480 x 7.2 = 2,400 + 1,080 + 3,456 = 6,936.
# Labour: operators needed 55 / 52.5 now, 45 / 52.5 then; 10 / 52.5 x 7 h x 220 days =
# 293.33 h a year, 0.1833 of a 1,600-hour operator, 10,266.67 EUR at 35 EUR an hour.
BRACKETS_GAINS = [
    ("lead_time_days_saved", 7.0),
    ("wip_units_freed", 3_360),
    ("cash_freed_eur", 19_344),
    ("inventory_carrying_saving_eur_per_year", 4_836),
    ("operators_saved", 10 / 52.5 * 7 * 220 / 1600),
    ("labour_saving_eur_per_year", 10 / 52.5 * 7 * 220 * 35),
    ("annual_gain_eur", 4_836 + 10 / 52.5 * 7 * 220 * 35),
]


@pytest.mark.parametrize(("field", "expected"), BRACKETS_GAINS)
def test_brackets_future_state_gains(field, expected):
    gains = future_state_gains(CURRENT, FUTURE, ASSUMPTIONS)
    assert getattr(gains, field) == pytest.approx(expected)


def test_brackets_stock_and_wip_by_hand():
    assert wip_units(CURRENT) == 5_040 and wip_units(FUTURE) == 1_680
    assert stock_value_eur(CURRENT, 2.5) == pytest.approx(26_280)
    assert stock_value_eur(FUTURE, 2.5) == pytest.approx(6_936)


def test_map_unit_values_win_over_the_assumption():
    # Only the steel (no unit value on the map) moves with the assumed unit value.
    cheap = future_state_gains(CURRENT, FUTURE, GainAssumptions(unit_value_eur=0))
    dear = future_state_gains(CURRENT, FUTURE, GainAssumptions(unit_value_eur=100))
    assert cheap.cash_freed_eur == pytest.approx(CURRENT.inventory_value - FUTURE.inventory_value)
    assert dear.cash_freed_eur - cheap.cash_freed_eur == pytest.approx(480 * 100)


def test_a_worse_future_state_gives_negative_gains():
    gains = future_state_gains(FUTURE, CURRENT, ASSUMPTIONS)
    assert gains.lead_time_days_saved == pytest.approx(-7)
    assert gains.cash_freed_eur == pytest.approx(-19_344)
    assert gains.annual_gain_eur < 0 and gains.operators_saved < 0


def test_same_state_gains_nothing():
    gains = future_state_gains(CURRENT, CURRENT, ASSUMPTIONS)
    assert all(getattr(gains, f) == 0 for f in FutureStateGains.__dataclass_fields__)


def test_future_state_gains_feed_a_lever():
    gains = future_state_gains(CURRENT, FUTURE, ASSUMPTIONS)
    case = LeverCase(investment_eur=12_000, annual_gain_eur=gains.annual_gain_eur, ramp_up_months=2)
    a = appraise(case)
    assert a.payback_months == pytest.approx(2 + 12_000 / (gains.annual_gain_eur / 12))


# --------------------------------------------------------------------------------------------
# Properties

money = st.floats(min_value=1, max_value=1e6, allow_nan=False, allow_infinity=False)
rates = st.floats(min_value=-0.5, max_value=1.0, allow_nan=False)


@st.composite
def conventional_flows(draw):
    """One outflow, then inflows in whole euros (some may be zero, at least one positive): the
    usual lever. Whole euros keep every difference the test looks at above float rounding."""
    inflows = draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=20))
    assume(any(v > 0 for v in inflows))
    return [-draw(money), *inflows]


euros = st.just(0.0) | st.floats(min_value=0.01, max_value=1e7)  # euros and cents
cases = st.builds(
    LeverCase,
    investment_eur=euros,
    annual_gain_eur=euros,
    annual_running_cost_eur=euros,
    horizon_years=st.integers(min_value=1, max_value=30),
    discount_rate=st.floats(min_value=0, max_value=1),
    ramp_up_months=st.integers(min_value=0, max_value=12),
)


@given(conventional_flows(), rates, rates)
def test_npv_strictly_decreases_with_the_discount_rate(flows, r1, r2):
    assume(abs(r1 - r2) >= 0.01)
    low, high = min(r1, r2), max(r1, r2)
    assert npv(low, flows) > npv(high, flows)


@given(conventional_flows())
def test_npv_at_irr_is_zero(flows):
    rate = irr(flows)
    if sum(flows) == 0:
        assert rate == pytest.approx(0, abs=1e-9)
    assume(rate is not None)
    scale = sum(abs(v) for v in flows)
    assert abs(npv(rate, flows)) <= 1e-9 * scale


@given(conventional_flows())
def test_conventional_flows_have_one_irr_of_the_right_sign(flows):
    rate = irr(flows)
    assume(rate is not None)
    assert len(irr_candidates(flows)) == 1
    assert (rate > 0) == (sum(flows) > 0) or abs(sum(flows)) < 1e-9 * max(map(abs, flows))


@settings(max_examples=200)
@given(cases)
def test_payback_within_horizon_iff_total_net_is_not_negative(case):
    a = appraise(case)
    scale = case.investment_eur + (case.annual_gain_eur + case.annual_running_cost_eur) * 30
    assume(abs(a.total_net_gain_eur) > 1e-9 * scale)  # not a tie lost in rounding
    assert (a.payback_months is not None) == (a.total_net_gain_eur >= 0)
    if a.payback_months is not None:
        assert 0 <= a.payback_months <= case.horizon_months
        assert a.break_even_months == a.payback_months


@settings(max_examples=200)
@given(cases)
def test_discounted_payback_is_never_sooner(case):
    a = appraise(case)
    if a.discounted_payback_months is not None:
        assert a.payback_months is not None
        assert a.discounted_payback_months >= a.payback_months - 1e-9
    if case.investment_eur > 0 and a.npv_eur > 0:
        assert a.irr is not None and a.irr > case.discount_rate - 1e-9


@given(cases)
def test_yearly_and_monthly_flows_carry_the_same_cash(case):
    yearly, monthly = cash_flows(case), cash_flows(case, per="month")
    assert len(yearly) == case.horizon_years + 1 and len(monthly) == case.horizon_months + 1
    assert sum(yearly) == pytest.approx(sum(monthly), rel=1e-9, abs=1e-6)
    a = appraise(case)
    assert a.flows == yearly
    assert a.npv_eur == pytest.approx(npv(case.discount_rate, yearly))
    if case.investment_eur > 0:
        assert a.roi == pytest.approx(a.total_net_gain_eur / case.investment_eur)
