"""The economics of a Lean lever: what it costs, what it brings back, and when.

A facilitator proposes levers to management "justified economically (return on investment,
break-even)". Management asks three questions, and each has its figure here: *is it worth it?*
(net present value, internal rate of return, return on investment), *when do we get our money
back?* (payback, discounted payback, break-even) and *how much must we sell to cover it?*
(break-even volume). A lever is described by a `LeverCase`: a one-off investment at time 0, a
yearly gain and running cost that start after a ramp-up, over a horizon of a few years.

The conventions are those of numpy-financial (the first flow sits at time 0 and is not
discounted), not Excel's `NPV` (which discounts its first value by one period): docs/finance.md
gives every formula with a worked example and the translation from one convention to the other.

The gains of a future-state value stream (`future_state_gains`) are turned into euros in the
same module, because they feed a lever's expected gains.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from obeya.core.charts import ACCENT, CHART_CONFIG, GOOD, INK, SCHEMA, WARN
from obeya.core.vsm import VsmMetrics

MONTHS_PER_YEAR = 12
MAX_HORIZON_YEARS = 30
MIN_DISCOUNT_RATE = -0.99
MAX_DISCOUNT_RATE = 1.0


class FinanceInputError(ValueError):
    """Figures a calculation cannot use. `errors` lists every problem found, each starting with
    the field it is about (`discount_rate: must be between -0.99 and 1 (got 3)`), so a form can
    put each message next to its field."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --------------------------------------------------------------------------------------------
# Checking the figures


def _show(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return repr(value)
    return f"{value:g}"


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer too large for a float
        return False


class _Checker:
    """Collects every problem instead of stopping at the first: a form shows them all."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def number(
        self,
        field: str,
        value: object,
        *,
        low: float | None = None,
        high: float | None = None,
        above: float | None = None,
        wanted: str,
    ) -> bool:
        ok = _is_number(value)
        if ok:
            x = float(value)  # type: ignore[arg-type]
            ok = (
                (low is None or x >= low)
                and (high is None or x <= high)
                and (above is None or x > above)
            )
        if not ok:
            self.errors.append(f"{field}: {wanted} (got {_show(value)})")
        return ok

    def whole(self, field: str, value: object, *, low: int, high: int, wanted: str) -> bool:
        ok = _is_number(value) and float(value).is_integer() and low <= value <= high  # type: ignore[arg-type,operator]
        if not ok:
            self.errors.append(f"{field}: {wanted} (got {_show(value)})")
        return ok

    def raise_if_any(self) -> None:
        if self.errors:
            raise FinanceInputError(self.errors)


# --------------------------------------------------------------------------------------------
# A lever's case


@dataclass(frozen=True)
class LeverCase:
    """What a lever costs and brings back, as the facilitator estimates it.

    `investment_eur` is spent once, at time 0 (a machine, a supermarket rack, training days).
    `annual_gain_eur` is the recurring gross gain a year (stock carrying, hours, scrap saved);
    `annual_running_cost_eur` what it costs a year to keep going (maintenance, a licence). Both
    start after `ramp_up_months`, the time the team takes to make the new standard work, and
    last until the end of the horizon. `discount_rate` is the company's yearly cost of capital.

    Checked on creation: every wrong field is reported at once in a `FinanceInputError`.
    """

    investment_eur: float
    annual_gain_eur: float
    annual_running_cost_eur: float = 0.0
    horizon_years: int = 3
    discount_rate: float = 0.08
    ramp_up_months: int = 0

    def __post_init__(self) -> None:
        c = _Checker()
        c.number("investment_eur", self.investment_eur, low=0, wanted="must be a number >= 0")
        c.number("annual_gain_eur", self.annual_gain_eur, low=0, wanted="must be a number >= 0")
        c.number(
            "annual_running_cost_eur",
            self.annual_running_cost_eur,
            low=0,
            wanted="must be a number >= 0",
        )
        horizon_ok = c.whole(
            "horizon_years",
            self.horizon_years,
            low=1,
            high=MAX_HORIZON_YEARS,
            wanted=f"must be a whole number of years from 1 to {MAX_HORIZON_YEARS}",
        )
        c.number(
            "discount_rate",
            self.discount_rate,
            low=MIN_DISCOUNT_RATE,
            high=MAX_DISCOUNT_RATE,
            wanted=f"must be between {_show(MIN_DISCOUNT_RATE)} and {_show(MAX_DISCOUNT_RATE)}",
        )
        months = int(self.horizon_years) * MONTHS_PER_YEAR if horizon_ok else None
        c.whole(
            "ramp_up_months",
            self.ramp_up_months,
            low=0,
            high=months if months is not None else MAX_HORIZON_YEARS * MONTHS_PER_YEAR,
            wanted=(
                f"must be a whole number of months from 0 to {months} (the horizon)"
                if months is not None
                else "must be a whole number of months from 0 to the horizon"
            ),
        )
        c.raise_if_any()
        # 3.0 years from a form is 3 years: store whole numbers as int.
        object.__setattr__(self, "horizon_years", int(self.horizon_years))
        object.__setattr__(self, "ramp_up_months", int(self.ramp_up_months))

    @property
    def net_annual_gain_eur(self) -> float:
        """Gain less running cost, a full year after the ramp-up."""
        return float(self.annual_gain_eur) - float(self.annual_running_cost_eur)

    @property
    def horizon_months(self) -> int:
        return self.horizon_years * MONTHS_PER_YEAR


def monthly_rate(annual_rate: float) -> float:
    """The monthly rate compounding to `annual_rate` over twelve months: (1 + r)^(1/12) - 1.
    Not r / 12: 8 % a year is 0.643 % a month, and twelve of those make 8 %, not 8.3 %."""
    return (1 + annual_rate) ** (1 / MONTHS_PER_YEAR) - 1


def cash_flows(case: LeverCase, *, per: Literal["year", "month"] = "year") -> tuple[float, ...]:
    """The lever's cash flows: index 0 is minus the investment (at time 0), then the net flow of
    each period (gain less running cost), received at the period's end.

    The ramp-up is prorated: a year with 4 of its 12 months after the ramp-up carries 8/12 of
    the net annual gain. Gains are spread evenly over the months, so the yearly flows are the
    sums of the monthly ones.
    """
    if per not in ("year", "month"):
        raise FinanceInputError([f"per: must be 'year' or 'month' (got {per!r})"])
    monthly_net = case.net_annual_gain_eur / MONTHS_PER_YEAR
    months = [
        monthly_net if m > case.ramp_up_months else 0.0 for m in range(1, case.horizon_months + 1)
    ]
    if per == "month":
        return (-float(case.investment_eur), *months)
    years = []
    for y in range(case.horizon_years):
        active = min(MONTHS_PER_YEAR, max(0, (y + 1) * MONTHS_PER_YEAR - case.ramp_up_months))
        years.append(case.net_annual_gain_eur * active / MONTHS_PER_YEAR)
    return (-float(case.investment_eur), *years)


# --------------------------------------------------------------------------------------------
# Net present value, internal rate of return, payback


def _check_flows(flows: Sequence[float], c: _Checker | None = None) -> list[float]:
    c = c or _Checker()
    values = list(flows)
    for i, v in enumerate(values):
        c.number(f"flows[{i}]", v, wanted="must be a finite number")
    c.raise_if_any()
    return [float(v) for v in values]


def npv(rate: float, flows: Sequence[float]) -> float:
    """Net present value: sum of flows[t] / (1 + rate)^t, t counted from 0.

    numpy-financial's convention: flows[0] happens now and is not discounted (it is usually
    minus the investment). Excel's `NPV(rate, v1, v2, ...)` discounts its *first* value by one
    period; the same figure in Excel is `=flows0 + NPV(rate, flows1..flowsN)`.
    """
    c = _Checker()
    c.number("rate", rate, above=-1, wanted="must be a number above -1 (-100 %)")
    values = _check_flows(flows, c)
    factor = 1 / (1 + float(rate))
    total = 0.0
    for v in reversed(values):  # Horner: v0 + x (v1 + x (v2 + ...)), x = 1 / (1 + rate)
        total = total * factor + v
    return total


def _horner(values: Sequence[float], x: float) -> float:
    total = 0.0
    for v in reversed(values):
        total = total * x + v
    return total


def _bisect(f: Callable[[float], float], lo: float, hi: float, f_lo: float) -> float:
    """A root of f in [lo, hi] where f changes sign: bisection, because it cannot fail once the
    root is bracketed, and 200 halvings reach the float resolution on any bracket."""
    for _ in range(200):
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        f_mid = f(mid)
        if f_mid == 0:
            return mid
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def irr_candidates(flows: Sequence[float]) -> tuple[float, ...]:
    """Every rate above -100 % where the NPV of `flows` is zero, in increasing order.

    Flows that change sign more than once may have several (Descartes' rule of signs); a grid
    of 6,000 points, even in log(1 + rate) from -99.9999 % up to about 2e17 (a ratio, not %),
    brackets each sign change, then bisection narrows it. Two roots closer together than the
    grid step (about 1 % near 0) may be missed; a double root (the NPV touching 0 without
    crossing) is not a sign change and is not found.
    """
    values = _check_flows(flows)
    while values and values[-1] == 0:
        values.pop()
    signs = {v > 0 for v in values if v != 0}
    if len(signs) < 2:
        return ()
    # In x = 1 / (1 + rate) the NPV is the polynomial sum v_t x^t on x > 0. x^n overflows
    # for big x and long series, so the grid stops where x^n stays below ~1e250.
    n = len(values) - 1
    u_high = min(14.0, 575.0 / n)  # x up to e^u: rates down to 1/e^u - 1
    grid = np.linspace(-40.0, u_high, 6001)  # rates up to e^40 - 1, about 2e17
    signs_on_grid = np.sign(np.polyval(values[::-1], np.exp(grid)))

    def f(u: float) -> float:
        return _horner(values, math.exp(u))

    roots: list[float] = [float(u) for u in grid[signs_on_grid == 0]]
    crossings = np.flatnonzero(signs_on_grid[:-1] * signs_on_grid[1:] < 0)
    for i in crossings:
        lo, hi = float(grid[i]), float(grid[i + 1])
        roots.append(_bisect(f, lo, hi, f(lo)))
    rates = sorted({1 / math.exp(u) - 1 for u in roots})
    return tuple(rates)


def irr(flows: Sequence[float]) -> float | None:
    """Internal rate of return: the rate at which the NPV of `flows` is zero; None when there is
    none (flows that never change sign, or whose NPV never crosses zero).

    When several rates qualify (flows changing sign more than once), the choice is
    numpy-financial's: if some are >= 0 and some negative, the negative ones are dropped; then
    the one closest to 0 is returned. Its documented examples give the same figures.
    """
    rates = irr_candidates(flows)
    if not rates:
        return None
    if any(r >= 0 for r in rates) and any(r < 0 for r in rates):
        rates = tuple(r for r in rates if r >= 0)
    return min(rates, key=abs)


def payback_periods(flows: Sequence[float], rate: float = 0.0) -> float | None:
    """Periods until the cumulative (discounted at `rate` a period when given) cash turns
    non-negative for good: flows[0] at time 0, flows[t] at the end of period t.

    Within the period where it turns, the flow is taken as spread evenly, so the moment is
    interpolated: 1 + 2,743.86 / 2,847.03 = 1.96 periods when the cumulative is -2,743.86 after
    one period and the second brings 2,847.03. "For good": the last time the cumulative goes from
    negative to non-negative, so a later outflow that sinks it again is not ignored. None when
    the cumulative is negative at the end.
    """
    c = _Checker()
    c.number("rate", rate, above=-1, wanted="must be a number above -1 (-100 %)")
    values = _check_flows(flows, c)
    if not values:
        return None
    cumulative = []
    total = 0.0
    for t, v in enumerate(values):
        total += v / (1 + rate) ** t
        cumulative.append(total)
    if cumulative[-1] < 0:
        return None
    last_negative = max((t for t, value in enumerate(cumulative) if value < 0), default=None)
    if last_negative is None:
        return 0.0
    before, after = cumulative[last_negative], cumulative[last_negative + 1]
    return last_negative + (-before) / (after - before)


# --------------------------------------------------------------------------------------------
# Appraisal of a lever


@dataclass(frozen=True)
class Appraisal:
    """A lever's figures, each explained in `formulas()` and docs/finance.md.

    `break_even_months` is the simple payback under the name management often uses: the month
    the cumulative net cash turns positive. Both names are kept so each audience finds its word.
    """

    net_annual_gain_eur: float
    total_net_gain_eur: float
    roi: float | None
    payback_months: float | None
    discounted_payback_months: float | None
    npv_eur: float
    irr: float | None
    break_even_months: float | None
    flows: tuple[float, ...]


def cumulative_cash(case: LeverCase, *, discounted: bool = False) -> tuple[float, ...]:
    """The cumulative net cash at the end of each month, month 0 (minus the investment) to the
    horizon; discounted at the monthly equivalent of the case's rate when asked."""
    flows = cash_flows(case, per="month")
    factor = 1 + monthly_rate(case.discount_rate) if discounted else 1.0
    out = []
    total = 0.0
    for m, v in enumerate(flows):
        total += v / factor**m
        out.append(total)
    return tuple(out)


def appraise(case: LeverCase) -> Appraisal:
    """Every figure of a lever's case.

    NPV and IRR use the yearly flows (each year's net gain at the year's end, as in the
    numpy-financial and spreadsheet habit); the paybacks use the monthly flows, because a
    payback of "2 years" when it is 13 months would mislead. The discounted payback discounts
    each month at the monthly equivalent of the yearly rate.
    """
    yearly = cash_flows(case, per="year")
    monthly = cash_flows(case, per="month")
    investment = float(case.investment_eur)
    total = sum(yearly)
    payback = payback_periods(monthly)
    return Appraisal(
        net_annual_gain_eur=case.net_annual_gain_eur,
        total_net_gain_eur=total,
        roi=total / investment if investment > 0 else None,
        payback_months=payback,
        discounted_payback_months=payback_periods(monthly, monthly_rate(case.discount_rate)),
        npv_eur=npv(case.discount_rate, yearly),
        irr=irr(yearly),
        break_even_months=payback,
        flows=yearly,
    )


def break_even_volume(
    *,
    fixed_costs_eur: float,
    gain_per_unit_eur: float,
    variable_cost_per_unit_eur: float = 0.0,
) -> float | None:
    """Units a period needed to cover the period's fixed costs: fixed costs / unit margin,
    where the unit margin is the gain per unit less its variable cost. None when the margin is
    zero or negative: no volume ever covers the fixed costs."""
    c = _Checker()
    c.number("fixed_costs_eur", fixed_costs_eur, low=0, wanted="must be a number >= 0")
    c.number("gain_per_unit_eur", gain_per_unit_eur, wanted="must be a finite number")
    c.number(
        "variable_cost_per_unit_eur",
        variable_cost_per_unit_eur,
        low=0,
        wanted="must be a number >= 0",
    )
    c.raise_if_any()
    margin = float(gain_per_unit_eur) - float(variable_cost_per_unit_eur)
    if margin <= 0:
        return None
    return float(fixed_costs_eur) / margin


_FORMULAS = {
    "net_annual_gain_eur": "annual gain - annual running cost",
    "total_net_gain_eur": (
        "sum of the yearly net flows over the horizon (after the ramp-up) - investment, "
        "undiscounted"
    ),
    "roi": "(sum of the net flows over the horizon - investment) / investment",
    "payback_months": (
        "months until the cumulative net cash (- investment + monthly net gains) reaches 0, "
        "interpolated within the month"
    ),
    "discounted_payback_months": (
        "months until the cumulative net cash, each month discounted at "
        "(1 + discount rate)^(1/12) - 1, reaches 0, interpolated within the month"
    ),
    "npv_eur": (
        "- investment + sum over the years t = 1..horizon of the year's net flow / "
        "(1 + discount rate)^t"
    ),
    "irr": "the discount rate at which the NPV is 0",
    "break_even_months": (
        "the month the cumulative net cash turns positive (the simple payback under another name)"
    ),
    "break_even_volume": (
        "fixed costs / (gain per unit - variable cost per unit), units per period"
    ),
}


def formulas() -> dict[str, str]:
    """Each figure's formula in words (English; the web layer translates it and shows it next
    to the figure). docs/finance.md explains the same formulas with numbers."""
    return dict(_FORMULAS)


# --------------------------------------------------------------------------------------------
# The chart


def cash_flow_chart_spec(
    case: LeverCase,
    appraisal: Appraisal,
    *,
    title: str,
    month_title: str,
    cumulative_title: str,
    undiscounted_title: str = "Cumulative net cash",
    discounted_title: str = "Discounted",
    payback_title: str = "Payback",
    discounted_payback_title: str = "Discounted payback",
    height: int = 260,
) -> dict[str, Any]:
    """Vega-Lite: the cumulative net cash by month, undiscounted (accent) and discounted
    (dashed), a rule at 0 and the paybacks marked where the lines cross it. The titles are
    passed translated by the web layer; the data is inline."""
    plain = cumulative_cash(case)
    discounted = cumulative_cash(case, discounted=True)
    values = [
        {"month": m, "series": undiscounted_title, "cash_eur": round(v, 2)}
        for m, v in enumerate(plain)
    ] + [
        {"month": m, "series": discounted_title, "cash_eur": round(v, 2)}
        for m, v in enumerate(discounted)
    ]
    marks = [
        {"month": round(months, 2), "label": label, "cash_eur": 0}
        for months, label in (
            (appraisal.payback_months, payback_title),
            (appraisal.discounted_payback_months, discounted_payback_title),
        )
        if months is not None
    ]
    x = {
        "field": "month",
        "type": "quantitative",
        "title": month_title,
        "scale": {"domain": [0, case.horizon_months], "nice": False},
        "axis": {
            "values": list(range(0, case.horizon_months + 1, 6 if case.horizon_years < 4 else 12))
        },
    }
    y = {
        "field": "cash_eur",
        "type": "quantitative",
        "title": cumulative_title,
        "axis": {"format": ",.0f"},
    }
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {"type": "line", "interpolate": "linear"},
            "encoding": {
                "x": x,
                "y": y,
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {
                        "domain": [undiscounted_title, discounted_title],
                        "range": [ACCENT, WARN],
                    },
                    "legend": {"orient": "bottom"},
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {
                        "domain": [undiscounted_title, discounted_title],
                        "range": [[1, 0], [6, 4]],
                    },
                    "legend": None,
                },
                "tooltip": [
                    {"field": "series", "type": "nominal", "title": " "},
                    {"field": "month", "type": "quantitative", "title": month_title},
                    {
                        "field": "cash_eur",
                        "type": "quantitative",
                        "title": cumulative_title,
                        "format": ",.0f",
                    },
                ],
            },
        },
        {
            "data": {"values": [{"zero": 0}]},
            "mark": {"type": "rule", "color": INK, "strokeWidth": 1},
            "encoding": {"y": {"field": "zero", "type": "quantitative"}},
        },
    ]
    if marks:
        layers.append(
            {
                "data": {"values": marks},
                "mark": {"type": "point", "filled": True, "size": 90, "color": GOOD},
                "encoding": {
                    "x": {"field": "month", "type": "quantitative"},
                    "y": {"field": "cash_eur", "type": "quantitative"},
                    "shape": {
                        "field": "label",
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": ["circle", "diamond"]},
                        "legend": {"orient": "bottom"},
                    },
                    "tooltip": [
                        {"field": "label", "type": "nominal", "title": " "},
                        {
                            "field": "month",
                            "type": "quantitative",
                            "title": month_title,
                            "format": ".1f",
                        },
                    ],
                },
            }
        )
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CHART_CONFIG,
        "layer": layers,
    }


# --------------------------------------------------------------------------------------------
# Gains of a future-state value stream


@dataclass(frozen=True)
class GainAssumptions:
    """What turns a value stream's figures into euros.

    `unit_value_eur` is the value of one piece (in the customer's unit) waiting in stock, used
    for every inventory whose map does not give its own `unit_value`. `carrying_rate` is the
    yearly cost of holding stock as a share of its value (capital, space, handling,
    obsolescence: 20-30 % is the textbook range). `labour_cost_eur_per_hour` is the loaded cost
    of an operator's hour; `hours_per_operator_year` the hours one full-time operator works a
    year; `working_days_per_year` the days the line runs.
    """

    unit_value_eur: float
    carrying_rate: float = 0.25
    labour_cost_eur_per_hour: float = 35.0
    hours_per_operator_year: float = 1600.0
    working_days_per_year: float = 220.0

    def __post_init__(self) -> None:
        c = _Checker()
        c.number("unit_value_eur", self.unit_value_eur, low=0, wanted="must be a number >= 0")
        c.number(
            "carrying_rate",
            self.carrying_rate,
            low=0,
            high=1,
            wanted="must be a fraction from 0 to 1 (25 % is 0.25)",
        )
        c.number(
            "labour_cost_eur_per_hour",
            self.labour_cost_eur_per_hour,
            low=0,
            wanted="must be a number >= 0",
        )
        c.number(
            "hours_per_operator_year",
            self.hours_per_operator_year,
            above=0,
            high=8784,
            wanted="must be a number of hours above 0 and at most 8784 (a leap year)",
        )
        c.number(
            "working_days_per_year",
            self.working_days_per_year,
            above=0,
            high=366,
            wanted="must be a number of days above 0 and at most 366",
        )
        c.raise_if_any()


@dataclass(frozen=True)
class FutureStateGains:
    """What the future state saves against the current one. Positive is a saving; a future
    state worse than the current one gives negative figures, shown as they are.

    `cash_freed_eur` is one-off (the stock no longer held); `annual_gain_eur` is recurring:
    the carrying cost of that stock plus the labour saved, ready to be a lever's
    `annual_gain_eur`.
    """

    lead_time_days_saved: float
    wip_units_freed: float
    cash_freed_eur: float
    inventory_carrying_saving_eur_per_year: float
    operators_saved: float
    labour_saving_eur_per_year: float
    annual_gain_eur: float


def wip_units(metrics: VsmMetrics) -> float:
    """Pieces waiting in the stream: each inventory's counted quantity, or, when it was given
    in days (stock counted in another unit), its days x the daily demand."""
    return sum(_units(inv, metrics) for inv in metrics.inventories)


def _units(inv: Any, metrics: VsmMetrics) -> float:
    return inv.quantity if inv.quantity is not None else inv.days * metrics.daily_demand


def stock_value_eur(metrics: VsmMetrics, unit_value_eur: float) -> float:
    """The value of the stock in the stream: each inventory's pieces at the map's own
    `unit_value` when it gives one, else at `unit_value_eur`. The map's values win because the
    facilitator wrote them for that very place (a bent bracket is worth more than a cut
    blank)."""
    return sum(
        _units(inv, metrics) * (inv.unit_value if inv.unit_value is not None else unit_value_eur)
        for inv in metrics.inventories
    )


def labour_hours_per_year(metrics: VsmMetrics, working_days_per_year: float) -> float:
    """Operator hours a year the stream needs: operators needed (work content / takt, people
    working at any moment) x the line's available hours a day x working days a year."""
    return metrics.operators_needed * metrics.available_s_per_day / 3600 * working_days_per_year


def future_state_gains(
    current: VsmMetrics, future: VsmMetrics, assumptions: GainAssumptions
) -> FutureStateGains:
    """The current-to-future difference of two value stream maps, in days, pieces and euros.

    - lead time saved = current lead time - future lead time (days);
    - WIP freed = current WIP - future WIP (pieces, see `wip_units`);
    - cash freed = current stock value - future stock value (one-off), each inventory valued at
      the map's own `unit_value` when given (that is, the maps' `inventory_value` is preferred)
      and at `assumptions.unit_value_eur` otherwise (see `stock_value_eur`);
    - carrying saving = cash freed x carrying rate (a year);
    - operators saved = (current - future labour hours a year) / hours per operator a year,
      in full-time people (see `labour_hours_per_year`);
    - labour saving = the labour hours saved x labour cost an hour (a year);
    - annual gain = carrying saving + labour saving.
    """
    days = assumptions.working_days_per_year
    cash = stock_value_eur(current, assumptions.unit_value_eur) - stock_value_eur(
        future, assumptions.unit_value_eur
    )
    carrying = cash * assumptions.carrying_rate
    hours = labour_hours_per_year(current, days) - labour_hours_per_year(future, days)
    labour = hours * assumptions.labour_cost_eur_per_hour
    return FutureStateGains(
        lead_time_days_saved=current.lead_time_days - future.lead_time_days,
        wip_units_freed=wip_units(current) - wip_units(future),
        cash_freed_eur=cash,
        inventory_carrying_saving_eur_per_year=carrying,
        operators_saved=hours / assumptions.hours_per_operator_year,
        labour_saving_eur_per_year=labour,
        annual_gain_eur=carrying + labour,
    )


_GAIN_FORMULAS = {
    "lead_time_days_saved": "current lead time - future lead time",
    "wip_units_freed": (
        "current - future pieces in stock (each inventory's quantity, or its days x daily demand)"
    ),
    "cash_freed_eur": (
        "current - future stock value (pieces x the map's unit value, or the assumed unit value "
        "where the map gives none), once"
    ),
    "inventory_carrying_saving_eur_per_year": "cash freed x carrying rate",
    "operators_saved": (
        "(current - future operators needed) x available hours a day x working days a year / "
        "hours per operator a year"
    ),
    "labour_saving_eur_per_year": (
        "(current - future operators needed) x available hours a day x working days a year x "
        "labour cost an hour"
    ),
    "annual_gain_eur": "carrying saving + labour saving",
}


def future_state_formulas() -> dict[str, str]:
    """Each `FutureStateGains` figure's formula in words (English, translated by the web)."""
    return dict(_GAIN_FORMULAS)
