"""The value stream map drawing in the reader's language.

`obeya.core.vsm_draw` stays free of Django: it takes its words and its number format as a
`DrawingLabels`. This module builds them with gettext in the active language and draws with
them; every page and export of a map draws through `draw`.

The drawing's own words carry the context "vsm drawing" (pgettext, written out at each call so
makemessages finds them), so the short labels of the data boxes can be translated as the paper
map abbreviates them ("C/T" -> "TC"). The units and the formulas in words are the ones the
figure tables already use (`obeya.valuestreams.figures`).
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext, pgettext

from obeya.core import vsm as core
from obeya.core.vsm_draw import DrawingLabels, draw_svg
from obeya.valuestreams.figures import FORMULAS, singular_below_two


def format_number(value: float, decimals: int = 1) -> str:
    """As `obeya.core.vsm.format_number` (at most `decimals` decimals, trailing zeros dropped),
    with the separators of the active language: 12345.678 -> "12,345.7" in English,
    "12 345,7" in French."""
    if not math.isfinite(value):
        return core.format_number(value, decimals)
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    places = len(text.partition(".")[2])
    return number_format(Decimal(text), decimal_pos=places, force_grouping=True)


def drawing_labels() -> DrawingLabels:
    """The drawing's words and number format in the active language."""
    return DrawingLabels(
        format_number=format_number,
        # the same units as the figure tables
        seconds=gettext("%(value)s s"),
        minutes=gettext("%(value)s min"),
        hours=gettext("%(value)s h"),
        day=ngettext("%(value)s day", "%(value)s days", 1),
        days=ngettext("%(value)s day", "%(value)s days", 2),
        singular_below_two=singular_below_two(),
        percent=gettext("%(value)s %%"),
        pieces=pgettext("vsm drawing", "pcs"),
        # the signs of the formulas in words (FORMULAS): not words, not translated
        times="×",
        minus="−",
        map_title=pgettext("vsm drawing", "Value stream map"),
        map_title_named=pgettext("vsm drawing", "Value stream map: %(name)s"),
        supplier=pgettext("vsm drawing", "Supplier"),
        production_control=pgettext("vsm drawing", "Production control"),
        transport=pgettext("vsm drawing", "Transport"),
        transport_named=pgettext("vsm drawing", "Transport: %(label)s"),
        per_day=pgettext("vsm drawing", "%(value)s %(unit)s/day"),
        shifts_per_day=pgettext("vsm drawing", "%(shifts)s shift(s) × %(seconds)s"),
        takt=pgettext("vsm drawing", "Takt %(value)s"),
        daily_demand_title=pgettext("vsm drawing", "Daily demand"),
        takt_time_title=pgettext("vsm drawing", "Takt time"),
        # Translators: cycle time, in a process's data box (French: "TC")
        cycle_time=pgettext("vsm drawing", "C/T"),
        # Translators: changeover time, in a process's data box (French: "CS")
        changeover=pgettext("vsm drawing", "C/O"),
        uptime=pgettext("vsm drawing", "Uptime"),
        operators=pgettext("vsm drawing", "Operators"),
        batch=pgettext("vsm drawing", "Batch"),
        scrap=pgettext("vsm drawing", "Scrap"),
        machines=pgettext("vsm drawing", "Machines"),
        value_added=pgettext("vsm drawing", "Value added"),
        shifts=pgettext("vsm drawing", "Shifts"),
        # Translators: effective cycle time, in a process's data box (French: "TC eff.")
        effective_cycle_time=pgettext("vsm drawing", "Eff. C/T"),
        of_takt=pgettext("vsm drawing", "%(percent)s of takt"),
        bottleneck=pgettext("vsm drawing", "bottleneck"),
        effective_cycle_time_title=pgettext("vsm drawing", "Effective C/T"),
        takt_ratio_title=pgettext("vsm drawing", "Takt ratio"),
        slower_than_takt=pgettext("vsm drawing", "slower than takt"),
        bottleneck_title=pgettext("vsm drawing", "Bottleneck: %(formula)s"),
        no_batch_size=pgettext("vsm drawing", "no batch size"),
        inventory=pgettext("vsm drawing", "Inventory"),
        supermarket=pgettext("vsm drawing", "Supermarket"),
        fifo_lane=pgettext("vsm drawing", "FIFO lane"),
        # Translators: the word inside the FIFO lane icon
        fifo_icon=pgettext("vsm drawing", "FIFO"),
        # Translators: the letter inside the inventory triangle (I for inventory)
        inventory_icon=pgettext("vsm drawing", "I"),
        days_given=pgettext("vsm drawing", "Days given: %(days)s"),
        days_title=pgettext("vsm drawing", "Days"),
        value_title=pgettext("vsm drawing", "Value"),
        push=pgettext("vsm drawing", "Push: made to schedule, not to need"),
        pull=pgettext("vsm drawing", "Pull: withdrawal from a supermarket"),
        information_kinds={
            "forecast": pgettext("vsm drawing", "forecast"),
            "orders": pgettext("vsm drawing", "orders"),
            "schedule": pgettext("vsm drawing", "schedule"),
            "kanban": pgettext("vsm drawing", "kanban"),
            "go_see": pgettext("vsm drawing", "go see"),
            "other": pgettext("vsm drawing", "other"),
        },
        # Translators: an information arrow without a label: "weekly schedule"
        information_text=pgettext("vsm drawing", "%(frequency)s %(kind)s"),
        places={
            core.CUSTOMER: pgettext("vsm drawing", "customer"),
            core.SUPPLIER: pgettext("vsm drawing", "supplier"),
            core.PRODUCTION_CONTROL: pgettext("vsm drawing", "production control"),
        },
        flow_title=pgettext("vsm drawing", "%(text)s: %(source)s -> %(target)s"),
        electronic=pgettext("vsm drawing", "electronic"),
        flow_to=pgettext("vsm drawing", "%(text)s to %(step)s"),
        flow_from=pgettext("vsm drawing", "%(text)s from %(step)s"),
        lead_time=pgettext("vsm drawing", "Lead time"),
        processing_time=pgettext("vsm drawing", "Processing time"),
        # Translators: process cycle efficiency, the abbreviation of the lead-time ladder
        pce=pgettext("vsm drawing", "PCE"),
        lead_time_inputs=pgettext(
            "vsm drawing", "%(inventory)s days in inventory + %(steps)s days in the steps"
        ),
        formulas={**core.METRIC_FORMULAS, **{k: str(v) for k, v in FORMULAS.items()}},
    )


def draw(
    vs: core.ValueStream, metrics: core.VsmMetrics | None = None, *, id_prefix: str = "vsm"
) -> str:
    """The map as SVG, in the active language."""
    return draw_svg(vs, metrics, id_prefix=id_prefix, labels=drawing_labels())
