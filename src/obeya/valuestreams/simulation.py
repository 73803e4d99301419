"""The simulation panel of the comparison page: both maps run by `obeya.core.simulation` with
the settings of the form, their results as localised rows and a Vega-Lite chart.

Nothing is stored: the run is a read, repeated at will, so anyone who may see the project may
run it. The form keeps a run within the request's time budget (`WEB_MAX_EVENTS`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from obeya.core import simulation as sim
from obeya.core import vsm as core
from obeya.valuestreams.figures import number, percent, plural_count, seconds, signed


@dataclass(frozen=True)
class SimulatedFigure:
    key: str
    label: str
    current: str
    future: str
    current_ci: str  # "[low – high]", empty for a deterministic run
    future_ci: str
    change: str
    improved: bool | None


@dataclass(frozen=True)
class SimulatedStep:
    name: str
    load: str
    utilisation: str
    utilisation_ci: str
    blocked: str
    queue: str
    wait: str
    overloaded: bool


@dataclass(frozen=True)
class SimulationPanel:
    settings: sim.SimulationSettings
    current: sim.SimulationResult
    future: sim.SimulationResult
    figures: list[SimulatedFigure]
    steps: dict[str, list[SimulatedStep]]  # "current" and "future"
    chart: dict
    gap: str  # the larger Little's law gap of the two runs, as a percentage


def _days(value: float) -> str:
    count = plural_count(value, 2)
    return ngettext("%(value)s day", "%(value)s days", count) % {"value": number(value, 2)}


def _count(value: float) -> str:
    return number(value, 0)


def _rate(value: float) -> str:
    return number(value, 1)


# key, label, the value (an Estimate or a float) from a result, its format, which way is better
_FIGURES: tuple[tuple[str, Callable[[], str], Callable, Callable[[float], str], str], ...] = (
    ("lead_time_days", lambda: _("Lead time, mean"), lambda r: r.lead_time_days, _days, "lower"),
    (
        "lead_time_p50_days",
        lambda: _("Lead time, median"),
        lambda r: r.lead_time_p50_s / r.day_s,
        _days,
        "lower",
    ),
    (
        "lead_time_p90_days",
        lambda: _("Lead time, 9 units in 10 under"),
        lambda r: r.lead_time_p90_s / r.day_s,
        _days,
        "lower",
    ),
    ("wip", lambda: _("Work in process (units)"), lambda r: r.wip, _count, "lower"),
    (
        "throughput_per_day",
        lambda: _("Throughput per day"),
        lambda r: r.throughput_per_day,
        _rate,
        "higher",
    ),
)


def _ci(value: sim.Estimate | float, fmt: Callable[[float], str]) -> str:
    if not isinstance(value, sim.Estimate) or value.high - value.low <= abs(value.mean) * 1e-9:
        return ""
    return _("[%(low)s – %(high)s]") % {"low": fmt(value.low), "high": fmt(value.high)}


def _mean(value: sim.Estimate | float) -> float:
    return value.mean if isinstance(value, sim.Estimate) else value


def _figures(current: sim.SimulationResult, future: sim.SimulationResult) -> list[SimulatedFigure]:
    rows = []
    for key, label, get, fmt, better in _FIGURES:
        a, b = get(current), get(future)
        change = _mean(b) - _mean(a)
        improved = None
        if change:
            improved = change > 0 if better == "higher" else change < 0
        rows.append(
            SimulatedFigure(
                key=key,
                label=label(),
                current=fmt(_mean(a)),
                future=fmt(_mean(b)),
                current_ci=_ci(a, fmt),
                future_ci=_ci(b, fmt),
                change=signed(fmt(abs(change)), change),
                improved=improved,
            )
        )
    return rows


def _steps(result: sim.SimulationResult) -> list[SimulatedStep]:
    return [
        SimulatedStep(
            name=s.name,
            load=percent(s.load),
            utilisation=percent(s.utilisation.mean),
            utilisation_ci=_ci(s.utilisation, percent),
            blocked=percent(s.blocked),
            queue=number(s.mean_queue_units, 1),
            wait=_wait(s.mean_wait_s),
            overloaded=s.load >= 1,
        )
        for s in result.stations
    ]


def _wait(value_s: float) -> str:
    if value_s >= 3600:
        return _("%(value)s h") % {"value": number(value_s / 3600, 1)}
    if value_s >= 60:
        return _("%(value)s min") % {"value": number(value_s / 60, 1)}
    return seconds(value_s)


def simulation_panel(
    current: core.ValueStream, future: core.ValueStream, settings: sim.SimulationSettings
) -> SimulationPanel:
    """Run both maps with the same settings (same seed: the two states meet the same luck)."""
    a = sim.simulate(current, settings)
    b = sim.simulate(future, settings)
    chart = sim.simulation_chart_spec(
        {_("Current state"): a, _("Future state"): b},
        title=_("Simulated lead time and work in process"),
        lead_time_title=_("Lead time (working days)"),
        wip_title=_("Work in process (units)"),
        median_label=_("median"),
        p90_label=_("9 units in 10 under"),
    )
    return SimulationPanel(
        settings=settings,
        current=a,
        future=b,
        figures=_figures(a, b),
        steps={"current": _steps(a), "future": _steps(b)},
        chart=chart,
        gap=percent(max(a.littles_law_gap, b.littles_law_gap)),
    )
