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
from obeya.valuestreams.figures import number, percent, seconds, signed


@dataclass(frozen=True)
class SimulatedFigure:
    key: str
    label: str
    current: str
    future: str
    change: str
    improved: bool | None


@dataclass(frozen=True)
class SimulatedStep:
    name: str
    load: str
    utilisation: str
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


_FIGURES: tuple[tuple[str, Callable[[], str], str | None], ...] = (
    ("throughput_per_day", lambda: _("Throughput per day"), "higher"),
    ("lead_time_days_mean", lambda: _("Lead time, mean"), "lower"),
    ("lead_time_days_p50", lambda: _("Lead time, median"), "lower"),
    ("lead_time_days_p90", lambda: _("Lead time, 9 units in 10 under"), "lower"),
    ("mean_wip_units", lambda: _("Work in process (units)"), "lower"),
)


def _format(key: str, value: float) -> str:
    if key.startswith("lead_time"):
        text = number(value, 2)
        return ngettext("%(value)s day", "%(value)s days", 1 if text == number(1) else 2) % {
            "value": text
        }
    return number(value, 1 if key == "throughput_per_day" else 0)


def _figures(current: sim.SimulationResult, future: sim.SimulationResult) -> list[SimulatedFigure]:
    rows = []
    for key, label, better in _FIGURES:
        a, b = getattr(current, key), getattr(future, key)
        change = b - a
        improved = None
        if better is not None and change:
            improved = change > 0 if better == "higher" else change < 0
        rows.append(
            SimulatedFigure(
                key=key,
                label=label(),
                current=_format(key, a),
                future=_format(key, b),
                change=signed(_format(key, abs(change)), change),
                improved=improved,
            )
        )
    return rows


def _steps(result: sim.SimulationResult) -> list[SimulatedStep]:
    return [
        SimulatedStep(
            name=s.name,
            load=percent(s.load),
            utilisation=percent(s.utilisation),
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
