"""The map's figures as the pages show them: localised numbers, and for each figure its formula
in words and the same formula with this map's numbers ("takt time = available time per day /
daily demand = 25 200 s / 480 = 52.5 s").

The formulas are those of `obeya.core.vsm.METRIC_FORMULAS`, marked here for translation (a
test checks that every key of the core has its translation here).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from obeya.core import vsm as core

FORMULAS: dict[str, Promise] = {
    "daily_demand": gettext_lazy("customer demand / period length in working days"),
    "available_s_per_day": gettext_lazy("shifts per day × available seconds per shift"),
    "takt_time_s": gettext_lazy("available seconds per day / daily demand"),
    "inventory_days": gettext_lazy("sum of the days of every inventory"),
    "processing_time_s": gettext_lazy("sum over the steps of cycle time × value-added share"),
    "lead_time_days": gettext_lazy(
        "inventory days + the steps' cycle times converted to days (sum of cycle times / "
        "available seconds per day)"
    ),
    "process_cycle_efficiency": gettext_lazy(
        "processing time / lead time, both in seconds of available working time (lead time in "
        "days × available seconds per day)"
    ),
    "bottleneck": gettext_lazy(
        "the step with the highest takt ratio (the longest effective cycle time when every "
        "step works the plant's shifts)"
    ),
    "work_content_s": gettext_lazy("sum over the steps of cycle time × operators"),
    "operators_needed": gettext_lazy("work content / takt time"),
    "inventory_value": gettext_lazy(
        "sum over the inventories of quantity × unit value, where both are given"
    ),
    "steps.changeover_per_piece_s": gettext_lazy(
        "changeover time / batch size (0 while no batch size is given)"
    ),
    "steps.effective_cycle_time_s": gettext_lazy(
        "(cycle time + changeover per piece) / (uptime × (1 − scrap rate) × machines)"
    ),
    "steps.available_s_per_day": gettext_lazy("the step's shifts × available seconds per shift"),
    "steps.takt_time_s": gettext_lazy("the step's available seconds per day / daily demand"),
    "steps.takt_ratio": gettext_lazy("effective cycle time / the step's takt time"),
    "steps.over_takt": gettext_lazy("takt ratio above 1: the step cannot keep up with demand"),
    "steps.value_added_s": gettext_lazy("cycle time × value-added share"),
    "steps.work_content_s": gettext_lazy("cycle time × operators"),
    "inventories.days": gettext_lazy("the days given, or quantity / daily demand"),
    "inventories.value": gettext_lazy("quantity × unit value"),
}

LABELS: dict[str, Promise] = {
    "daily_demand": gettext_lazy("Daily demand"),
    "available_s_per_day": gettext_lazy("Available time per day"),
    "takt_time_s": gettext_lazy("Takt time"),
    "inventory_days": gettext_lazy("Inventory"),
    "processing_time_s": gettext_lazy("Processing time"),
    "lead_time_days": gettext_lazy("Lead time"),
    "process_cycle_efficiency": gettext_lazy("Process cycle efficiency (PCE)"),
    "bottleneck": gettext_lazy("Bottleneck"),
    "work_content_s": gettext_lazy("Work content"),
    "operators_needed": gettext_lazy("Operators needed"),
    "inventory_value": gettext_lazy("Inventory value"),
}

KIND_LABELS: dict[str, Promise] = {
    "process": gettext_lazy("Process step"),
    "inventory": gettext_lazy("Inventory"),
    "supermarket": gettext_lazy("Supermarket"),
    "fifo": gettext_lazy("FIFO lane"),
}


def formula(key: str) -> str:
    return str(FORMULAS[key]) if key in FORMULAS else core.METRIC_FORMULAS.get(key, "")


# --------------------------------------------------------------------------------------------
# Numbers in the reader's language


def number(value: float, decimals: int = 1) -> str:
    """12345.678 -> "12 345,7" in French, "12,345.7" in English; trailing zeros dropped; a
    small non-zero number keeps two significant digits (0.000208 -> "0.00021")."""
    if value is None or not math.isfinite(value):
        return "—"
    if value and abs(value) < 1:
        decimals = min(6, max(decimals, 1 - math.floor(math.log10(abs(value)))))
    text = f"{round(value, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    places = len(text.partition(".")[2])
    return number_format(Decimal(text), decimal_pos=places, force_grouping=True)


def seconds(value: float) -> str:
    return _("%(value)s s") % {"value": number(value, 1 if abs(value) >= 10 else 2)}


def duration(value: float) -> str:
    """A changeover as a data box shows it: "45 min", "1.5 h", "20 s"."""
    if value >= 3600 and value % 360 == 0:
        return _("%(value)s h") % {"value": number(value / 3600)}
    if value >= 60 and value % 30 == 0:
        return _("%(value)s min") % {"value": number(value / 60)}
    return seconds(value)


def singular_below_two() -> bool:
    """Whether the active language keeps the singular up to 2, as French does ("0,5 jour",
    "1,5 jour"; English says "0.5 days", "1.5 days"). ngettext only chooses forms for whole
    numbers, so a measured quantity needs this rule to pick its form."""
    return (get_language() or "").startswith("fr")


def plural_count(value: float, decimals: int) -> int:
    """The count to give ngettext for `value` as written with `decimals` decimals."""
    shown = abs(round(value, decimals))
    if singular_below_two():
        return 1 if shown < 2 else 2
    return 1 if shown == 1 else 2


def days(value: float) -> str:
    decimals = 1 if abs(value) >= 1 else 2
    text = number(value, decimals)
    count = plural_count(value, decimals)
    return ngettext("%(value)s day", "%(value)s days", count) % {"value": text}


def days_precise(value: float) -> str:
    count = plural_count(value, 3)
    return ngettext("%(value)s day", "%(value)s days", count) % {"value": number(value, 3)}


def percent(ratio: float) -> str:
    """A fraction as a percentage: 0.7 -> "70 %", 0.000208 -> "0.021 %"."""
    pct = ratio * 100
    return _("%(value)s %%") % {"value": number(pct, 0 if abs(pct) >= 10 else 1)}


def pieces(value: float, unit: str) -> str:
    return f"{number(value)} {unit}"


def signed(text: str, value: float) -> str:
    """Put the sign in front of a formatted change: "+2 days", "−1.5 s"."""
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text.lstrip("-")
    return text


# --------------------------------------------------------------------------------------------
# The map's figures


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: str
    formula: str
    worked: str
    alert: bool = False


def headline_figures(m: core.VsmMetrics, vs: core.ValueStream) -> list[Figure]:
    """Every figure of the map, each with its formula in words and with this map's numbers."""
    unit = m.unit
    per_shift = vs.work.available_s_per_shift
    demand = pieces(vs.customer.demand, unit)
    period = days(vs.customer.period_days)
    inventory_terms = " + ".join(days(i.days) for i in m.inventories) or number(0)
    processing_terms = " + ".join(
        seconds(s.cycle_time_s)
        if s.value_added_share == 1
        else f"{seconds(s.cycle_time_s)} × {percent(s.value_added_share)}"
        for s in m.steps
    )
    work_terms = " + ".join(f"{seconds(s.cycle_time_s)} × {number(s.operators)}" for s in m.steps)
    cycle_sum = sum(s.cycle_time_s for s in m.steps)
    bottleneck = next(s for s in m.steps if s.bottleneck)
    figures = [
        Figure(
            "daily_demand",
            str(LABELS["daily_demand"]),
            pieces(m.daily_demand, unit),
            formula("daily_demand"),
            _("daily demand = customer demand / period = %(demand)s / %(period)s = %(result)s")
            % {"demand": demand, "period": period, "result": pieces(m.daily_demand, unit)},
        ),
        Figure(
            "available_s_per_day",
            str(LABELS["available_s_per_day"]),
            seconds(m.available_s_per_day),
            formula("available_s_per_day"),
            _(
                "available time per day = shifts × available time per shift = "
                "%(shifts)s × %(per_shift)s = %(result)s"
            )
            % {
                "shifts": number(vs.work.shifts),
                "per_shift": seconds(per_shift),
                "result": seconds(m.available_s_per_day),
            },
        ),
        Figure(
            "takt_time_s",
            str(LABELS["takt_time_s"]),
            seconds(m.takt_time_s),
            formula("takt_time_s"),
            _(
                "takt time = available time per day / daily demand = "
                "%(available)s / %(demand)s = %(result)s"
            )
            % {
                "available": seconds(m.available_s_per_day),
                "demand": number(m.daily_demand),
                "result": seconds(m.takt_time_s),
            },
        ),
        Figure(
            "inventory_days",
            str(LABELS["inventory_days"]),
            days(m.inventory_days),
            formula("inventory_days"),
            _("inventory = %(terms)s = %(result)s")
            % {"terms": inventory_terms, "result": days(m.inventory_days)},
        ),
        Figure(
            "processing_time_s",
            str(LABELS["processing_time_s"]),
            seconds(m.processing_time_s),
            formula("processing_time_s"),
            _("processing time = sum of cycle time × value-added share = %(terms)s = %(result)s")
            % {"terms": processing_terms, "result": seconds(m.processing_time_s)},
        ),
        Figure(
            "lead_time_days",
            str(LABELS["lead_time_days"]),
            days(m.lead_time_days),
            formula("lead_time_days"),
            _(
                "lead time = inventory + sum of the cycle times / available time per day = "
                "%(inventory)s + %(cycles)s / %(available)s = %(result)s"
            )
            % {
                "inventory": days(m.inventory_days),
                "cycles": seconds(cycle_sum),
                "available": seconds(m.available_s_per_day),
                # three decimals: the steps' share of a lead time is a small fraction of a day
                "result": days_precise(m.lead_time_days),
            },
        ),
        Figure(
            "process_cycle_efficiency",
            str(LABELS["process_cycle_efficiency"]),
            percent(m.process_cycle_efficiency),
            formula("process_cycle_efficiency"),
            _(
                "PCE = processing time / (lead time × available time per day) = "
                "%(processing)s / (%(lead)s × %(available)s) = %(result)s"
            )
            % {
                "processing": seconds(m.processing_time_s),
                "lead": number(m.lead_time_days, 3),
                "available": seconds(m.available_s_per_day),
                "result": percent(m.process_cycle_efficiency),
            },
        ),
        Figure(
            "bottleneck",
            str(LABELS["bottleneck"]),
            m.bottleneck,
            formula("bottleneck"),
            _bottleneck_worked(m, bottleneck),
            alert=bottleneck.over_takt,
        ),
        Figure(
            "work_content_s",
            str(LABELS["work_content_s"]),
            seconds(m.work_content_s),
            formula("work_content_s"),
            _("work content = sum of cycle time × operators = %(terms)s = %(result)s")
            % {"terms": work_terms, "result": seconds(m.work_content_s)},
        ),
        Figure(
            "operators_needed",
            str(LABELS["operators_needed"]),
            number(m.operators_needed, 2),
            formula("operators_needed"),
            _("operators needed = work content / takt time = %(work)s / %(takt)s = %(result)s")
            % {
                "work": seconds(m.work_content_s),
                "takt": seconds(m.takt_time_s),
                "result": number(m.operators_needed, 2),
            },
        ),
    ]
    valued = [i for i in m.inventories if i.value is not None]
    if m.inventory_value is not None:
        worked = _("inventory value = sum of quantity × unit value = %(terms)s = %(result)s") % {
            "terms": " + ".join(
                f"{number(i.quantity)} × {number(i.unit_value, 2)}" for i in valued
            ),
            "result": number(m.inventory_value, 2),
        }
        value = number(m.inventory_value, 2)
    else:
        worked = _("No inventory has both a quantity and a unit value.")
        value = "—"
    figures.append(
        Figure(
            "inventory_value",
            str(LABELS["inventory_value"]),
            value,
            formula("inventory_value"),
            worked,
        )
    )
    return figures


def _bottleneck_worked(m: core.VsmMetrics, bottleneck: core.StepMetrics) -> str:
    others = sorted((s for s in m.steps if not s.bottleneck), key=lambda s: -s.takt_ratio)
    if not others:
        return _("bottleneck = the only step, %(step)s, at %(ratio)s of its takt time") % {
            "step": bottleneck.name,
            "ratio": percent(bottleneck.takt_ratio),
        }
    return _(
        "bottleneck = the step with the highest takt ratio: %(step)s at %(ratio)s of its takt "
        "time (next: %(next)s at %(next_ratio)s)"
    ) % {
        "step": bottleneck.name,
        "ratio": percent(bottleneck.takt_ratio),
        "next": others[0].name,
        "next_ratio": percent(others[0].takt_ratio),
    }


KEY_FIGURES = ("takt_time_s", "lead_time_days", "processing_time_s", "process_cycle_efficiency")


def key_figures(figures: list[Figure]) -> list[Figure]:
    """The four figures of the headline cards, then the bottleneck."""
    by_key = {f.key: f for f in figures}
    return [by_key[k] for k in (*KEY_FIGURES, "bottleneck")]


@dataclass(frozen=True)
class Cell:
    value: str
    worked: str = ""


@dataclass(frozen=True)
class StepRow:
    name: str
    cycle_time: Cell
    changeover: Cell
    batch_size: str
    uptime: str
    effective: Cell
    takt: Cell
    takt_ratio: Cell
    ratio_pct: float  # for the gauge, capped at 150
    over_takt: bool
    bottleneck: bool
    explanations: list[tuple[str, str]]  # (formula in words, worked) for the <details>


def step_rows(m: core.VsmMetrics, vs: core.ValueStream) -> list[StepRow]:
    per_shift = vs.work.available_s_per_shift
    rows = []
    for s in m.steps:
        if s.batch_size:
            per_piece = _(
                "changeover per piece = changeover / batch size = %(co)s / %(batch)s = %(result)s"
            ) % {
                "co": seconds(s.changeover_s),
                "batch": number(s.batch_size),
                "result": seconds(s.changeover_per_piece_s),
            }
        elif s.changeover_s:
            per_piece = _(
                "changeover per piece = 0: no batch size is given, so the changeover (%(co)s) "
                "is not spread over the pieces"
            ) % {"co": seconds(s.changeover_s)}
        else:
            per_piece = _("changeover per piece = 0: no changeover")
        effective = _(
            "effective cycle time = (cycle time + changeover per piece) / (uptime × (1 − scrap "
            "rate) × machines) = (%(ct)s + %(co)s) / (%(uptime)s × (1 − %(scrap)s) × "
            "%(machines)s) = %(result)s"
        ) % {
            "ct": seconds(s.cycle_time_s),
            "co": seconds(s.changeover_per_piece_s),
            "uptime": percent(s.uptime),
            "scrap": percent(s.scrap_rate),
            "machines": number(s.machines),
            "result": seconds(s.effective_cycle_time_s),
        }
        takt = _(
            "takt time of the step = shifts × available time per shift / daily demand = "
            "%(shifts)s × %(per_shift)s / %(demand)s = %(result)s"
        ) % {
            "shifts": number(s.shifts),
            "per_shift": seconds(per_shift),
            "demand": number(m.daily_demand),
            "result": seconds(s.takt_time_s),
        }
        ratio = _(
            "takt ratio = effective cycle time / takt time = %(effective)s / %(takt)s = %(result)s"
        ) % {
            "effective": seconds(s.effective_cycle_time_s),
            "takt": seconds(s.takt_time_s),
            "result": percent(s.takt_ratio),
        }
        verdict = (
            _("over takt: the step cannot keep up with demand")
            if s.over_takt
            else _("within takt: the step keeps up with demand")
        )
        value_added = _(
            "value-added time = cycle time × value-added share = %(ct)s × %(share)s = %(result)s"
        ) % {
            "ct": seconds(s.cycle_time_s),
            "share": percent(s.value_added_share),
            "result": seconds(s.value_added_s),
        }
        work = _("work content = cycle time × operators = %(ct)s × %(ops)s = %(result)s") % {
            "ct": seconds(s.cycle_time_s),
            "ops": number(s.operators),
            "result": seconds(s.work_content_s),
        }
        rows.append(
            StepRow(
                name=s.name,
                cycle_time=Cell(seconds(s.cycle_time_s)),
                changeover=Cell(duration(s.changeover_s) if s.changeover_s else "—", per_piece),
                batch_size=number(s.batch_size) if s.batch_size else "—",
                uptime=percent(s.uptime),
                effective=Cell(seconds(s.effective_cycle_time_s), effective),
                takt=Cell(seconds(s.takt_time_s), takt),
                takt_ratio=Cell(percent(s.takt_ratio), ratio),
                ratio_pct=min(150.0, s.takt_ratio * 100),
                over_takt=s.over_takt,
                bottleneck=s.bottleneck,
                explanations=[
                    (formula("steps.changeover_per_piece_s"), per_piece),
                    (formula("steps.effective_cycle_time_s"), effective),
                    (formula("steps.takt_time_s"), takt),
                    (formula("steps.takt_ratio"), ratio),
                    (formula("steps.over_takt"), verdict),
                    (formula("steps.value_added_s"), value_added),
                    (formula("steps.work_content_s"), work),
                ],
            )
        )
    return rows


@dataclass(frozen=True)
class InventoryRow:
    name: str
    kind: str
    quantity: str
    days: Cell
    unit_value: str
    value: Cell


def inventory_rows(m: core.VsmMetrics) -> list[InventoryRow]:
    rows = []
    for n, i in enumerate(m.inventories, start=1):
        if i.days_from == "quantity":
            worked_days = _(
                "days = quantity / daily demand = %(quantity)s / %(demand)s = %(result)s"
            ) % {
                "quantity": pieces(i.quantity, m.unit),
                "demand": number(m.daily_demand),
                "result": days(i.days),
            }
        else:
            worked_days = _("days = as counted on the map: %(result)s") % {"result": days(i.days)}
        if i.value is not None:
            worked_value = _(
                "value = quantity × unit value = %(quantity)s × %(unit)s = %(result)s"
            ) % {
                "quantity": number(i.quantity),
                "unit": number(i.unit_value, 2),
                "result": number(i.value, 2),
            }
            value = number(i.value, 2)
        else:
            worked_value, value = _("value = quantity × unit value: not both given"), "—"
        rows.append(
            InventoryRow(
                name=i.name or _("Inventory %(n)s") % {"n": n},
                kind=str(KIND_LABELS.get(i.kind, i.kind)),
                quantity=pieces(i.quantity, m.unit) if i.quantity is not None else "—",
                days=Cell(days(i.days), worked_days),
                unit_value=number(i.unit_value, 2) if i.unit_value is not None else "—",
                value=Cell(value, worked_value),
            )
        )
    return rows


# --------------------------------------------------------------------------------------------
# Current against future state


def _format(key: str, value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if key.endswith("_days"):
        return days(value)
    if key.endswith("_s"):
        return seconds(value)
    if key == "process_cycle_efficiency":
        return percent(value)
    if key == "daily_demand":
        return pieces(value, unit)
    return number(value, 2)


def _format_change(key: str, change: float | None, unit: str) -> str:
    if change is None:
        return "—"
    if key == "process_cycle_efficiency":
        text = _("%(value)s pt") % {"value": number(abs(change) * 100, 2)}
    else:
        text = _format(key, abs(change), unit)
    return signed(text, change)


@dataclass(frozen=True)
class ComparedFigure:
    key: str
    label: str
    current: str
    future: str
    change: str
    change_pct: str
    improved: bool | None
    formula: str


def compared_figures(comparison: dict, unit: str) -> list[ComparedFigure]:
    rows = []
    for key, f in comparison["metrics"].items():
        pct = f["change_pct"]
        rows.append(
            ComparedFigure(
                key=key,
                label=str(LABELS.get(key, key)),
                current=_format(key, f["current"], unit),
                future=_format(key, f["future"], unit),
                change=_format_change(key, f["change"], unit),
                change_pct=signed(_("%(value)s %%") % {"value": number(abs(pct), 1)}, pct)
                if pct is not None
                else "—",
                improved=f["improved"],
                formula=formula(key),
            )
        )
    return rows


@dataclass(frozen=True)
class ComparedStep:
    name: str
    current: dict | None
    future: dict | None
    cycle_time: tuple[str, str, str]
    effective: tuple[str, str, str]
    takt_ratio: tuple[str, str, str]


def _points(ratio: float) -> str:
    """A change of a percentage, in percentage points: 0.13 -> "13 pt"."""
    pct = ratio * 100
    return _("%(value)s pt") % {"value": number(pct, 0 if abs(pct) >= 10 else 1)}


def _triple(a: dict | None, b: dict | None, key: str, fmt, change_fmt=None) -> tuple[str, str, str]:
    """(current, future, change) of one figure of a step, formatted."""
    change_fmt = change_fmt or fmt
    x = a[key] if a else None
    y = b[key] if b else None
    change = "—"
    if x is not None and y is not None:
        change = signed(change_fmt(abs(y - x)), y - x) if y != x else change_fmt(0)
    return (fmt(x) if x is not None else "—", fmt(y) if y is not None else "—", change)


def compared_steps(comparison: dict) -> list[ComparedStep]:
    return [
        ComparedStep(
            name=s["name"],
            current=s["current"],
            future=s["future"],
            cycle_time=_triple(s["current"], s["future"], "cycle_time_s", seconds),
            effective=_triple(s["current"], s["future"], "effective_cycle_time_s", seconds),
            takt_ratio=_triple(s["current"], s["future"], "takt_ratio", percent, _points),
        )
        for s in comparison["steps"]
    ]


# --------------------------------------------------------------------------------------------
# One line of the list of maps


@dataclass(frozen=True)
class Summary:
    takt: Cell
    lead_time: Cell
    pce: Cell
    bottleneck: str
    bottleneck_over_takt: bool
    steps_over_takt: int


def summary(m: core.VsmMetrics, vs: core.ValueStream) -> Summary:
    by_key = {f.key: f for f in headline_figures(m, vs)}
    return Summary(
        takt=Cell(by_key["takt_time_s"].value, by_key["takt_time_s"].worked),
        lead_time=Cell(by_key["lead_time_days"].value, by_key["lead_time_days"].worked),
        pce=Cell(
            by_key["process_cycle_efficiency"].value, by_key["process_cycle_efficiency"].worked
        ),
        bottleneck=m.bottleneck,
        bottleneck_over_takt=any(s.bottleneck and s.over_takt for s in m.steps),
        steps_over_takt=sum(1 for s in m.steps if s.over_takt),
    )
