"""Is a priority axis's objective measurable? What is still missing before it is?

An objective counts only when someone can tell, on the deadline, whether it was reached: a KPI
that measures it, where it starts (baseline), where it should go (target) and by when (deadline),
with the target on the good side of the baseline. A target equal to the baseline asks for no
improvement; a target on the wrong side asks for a deterioration. The function returns codes,
not sentences, so the web layer words them in the user's language.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum


class KpiDirection(StrEnum):
    """Which way the KPI improves."""

    INCREASE = "increase"
    DECREASE = "decrease"


class ObjectiveGap(StrEnum):
    """One reason an objective is not yet measurable."""

    KPI = "kpi"
    BASELINE = "baseline"
    TARGET = "target"
    DEADLINE = "deadline"
    TARGET_EQUALS_BASELINE = "target_equals_baseline"
    TARGET_WRONG_DIRECTION = "target_wrong_direction"


def _unset(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def objective_gaps(
    *,
    kpi_name: str | None,
    direction: KpiDirection | str,
    baseline: float | None,
    target: float | None,
    deadline: dt.date | None,
) -> tuple[ObjectiveGap, ...]:
    """What keeps the objective from being measurable, in the order a facilitator fixes it;
    empty when it is measurable. The baseline/target comparison is made only when both exist."""
    gaps: list[ObjectiveGap] = []
    if not (kpi_name or "").strip():
        gaps.append(ObjectiveGap.KPI)
    if _unset(baseline):
        gaps.append(ObjectiveGap.BASELINE)
    if _unset(target):
        gaps.append(ObjectiveGap.TARGET)
    if deadline is None:
        gaps.append(ObjectiveGap.DEADLINE)
    if not _unset(baseline) and not _unset(target):
        if target == baseline:
            gaps.append(ObjectiveGap.TARGET_EQUALS_BASELINE)
        elif (KpiDirection(direction) is KpiDirection.INCREASE) != (target > baseline):
            gaps.append(ObjectiveGap.TARGET_WRONG_DIRECTION)
    return tuple(gaps)


def is_measurable(
    *,
    kpi_name: str | None,
    direction: KpiDirection | str,
    baseline: float | None,
    target: float | None,
    deadline: dt.date | None,
) -> bool:
    """True when nothing is missing (see `objective_gaps`)."""
    return not objective_gaps(
        kpi_name=kpi_name, direction=direction, baseline=baseline, target=target, deadline=deadline
    )


def improvement_ratio(*, baseline: float, target: float) -> float | None:
    """The relative change the objective asks for, (target - baseline) / |baseline|; None when
    the baseline is zero (a ratio to zero means nothing)."""
    if baseline == 0:
        return None
    return (target - baseline) / abs(baseline)
