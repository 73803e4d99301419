"""What a KPI's data calls for: the control chart suited to its data type, and whether it is
measured often enough to judge a change before a decision date.

The rules follow the usual SPC guidance (Montgomery, *Introduction to Statistical Quality
Control*; Wheeler, *Understanding Variation*): the chart depends on what one measurement is (an
individual value, a subgroup, a proportion defective, a count of defects), and control limits
need about 20 points (or subgroups) before they say anything reliable. docs/kpis.md explains.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

MIN_POINTS_FOR_LIMITS = 20
"""Points (or subgroups) control limits are computed from before they are trusted."""
MAX_SUBGROUP_FOR_RANGE = 9
"""Up to this subgroup size the range estimates sigma well (Xbar-R); above it, Xbar-S."""


class DataType(StrEnum):
    INDIVIDUAL = "individual"  # one continuous value per period (lead time of the week, OEE)
    SUBGROUPS = "subgroups"  # n continuous values measured together (5 parts per hour)
    PROPORTION = "proportion"  # defectives out of a sample (parts scrapped out of made)
    DEFECT_COUNT = "defect_count"  # defects in a constant area of opportunity (per shift)
    DEFECTS_PER_UNIT = "defects_per_unit"  # defects per unit, the number of units varying


class Chart(StrEnum):
    RUN = "run"
    XMR = "xmr"
    XBAR_R = "xbar-r"
    XBAR_S = "xbar-s"
    P = "p"
    NP = "np"
    C = "c"
    U = "u"


class Frequency(StrEnum):
    HOUR = "hour"
    SHIFT = "shift"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


FREQUENCY_DAYS = {
    Frequency.HOUR: 1 / 24,
    Frequency.SHIFT: 1 / 3,  # three 8-hour shifts a day
    Frequency.DAY: 1.0,
    Frequency.WEEK: 7.0,
    Frequency.MONTH: 365.25 / 12,
}


@dataclass(frozen=True)
class Recommendation:
    chart: Chart
    reason: str  # a key the web layer words (obeya.kpis.labels.CHART_REASONS)


def recommend_chart(
    data_type: DataType | str, *, subgroup_size: int | None = None, constant_size: bool = True
) -> Recommendation:
    """The control chart that suits one measurement's nature.

    `subgroup_size` is the usual number of values per subgroup (SUBGROUPS) or the sample size
    (PROPORTION); `constant_size` says whether it stays the same from one point to the next.
    """
    kind = DataType(data_type)
    if kind is DataType.INDIVIDUAL:
        return Recommendation(Chart.XMR, "individual")
    if kind is DataType.SUBGROUPS:
        if subgroup_size is not None and subgroup_size < 2:
            return Recommendation(Chart.XMR, "subgroup_of_one")
        if not constant_size:
            return Recommendation(Chart.XBAR_S, "subgroups_varying")
        if subgroup_size is not None and subgroup_size > MAX_SUBGROUP_FOR_RANGE:
            return Recommendation(Chart.XBAR_S, "subgroups_large")
        return Recommendation(Chart.XBAR_R, "subgroups_small")
    if kind is DataType.PROPORTION:
        return Recommendation(
            Chart.NP if constant_size else Chart.P,
            "proportion_" + ("constant" if constant_size else "varying"),
        )
    if kind is DataType.DEFECT_COUNT:
        return Recommendation(Chart.C, "defect_count")
    return Recommendation(Chart.U, "defects_per_unit")


@dataclass(frozen=True)
class FrequencyCheck:
    """Whether the KPI will have enough points to judge a change by the decision date."""

    points_so_far: int
    points_expected: int  # at the decision date, at the stated frequency
    needed: int
    days_left: int

    @property
    def sufficient(self) -> bool:
        return self.points_expected >= self.needed

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.points_expected)


def check_frequency(
    frequency: Frequency | str,
    *,
    points_so_far: int,
    today: dt.date,
    decision_date: dt.date,
    needed: int = MIN_POINTS_FOR_LIMITS,
) -> FrequencyCheck:
    """Points expected by `decision_date` if measured at `frequency` from `today` on.

    A KPI measured monthly with a decision in three months gives three more points: too few
    for control limits, so a change in it could not be told from its usual variation.
    """
    days_left = max(0, (decision_date - today).days)
    # The epsilon keeps 7 days of three shifts at 21 points despite 1/3 not being exact.
    to_come = int(days_left / FREQUENCY_DAYS[Frequency(frequency)] + 1e-9)
    return FrequencyCheck(points_so_far, points_so_far + to_come, needed, days_left)


def status_against_target(
    value: float,
    *,
    target: float | None,
    alert: float | None,
    increase_is_better: bool,
) -> str:
    """ "on_target", "alert" (past the alert threshold), "off_target" or "no_target".

    For a KPI that improves when it decreases, a value at or under the target is on target and
    one above the alert threshold is in alert; mirrored for a KPI that improves when it rises.
    """
    if target is None:
        return "no_target"
    sign = 1.0 if increase_is_better else -1.0
    if sign * (value - target) >= 0:
        return "on_target"
    if alert is not None and sign * (value - alert) < 0:
        return "alert"
    return "off_target"
