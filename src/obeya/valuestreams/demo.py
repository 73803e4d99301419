"""The demo's value stream maps: the bending line L2 of the demo company, as it is and as the
project wants it.

Brackets for a car maker go through laser cutting, bending, welding, powder painting and
shipping. 9,600 brackets a month over 20 working days is 480 a day; two shifts of 7 h available
make 50,400 s a day, so takt is 105 s. The stocks between the steps add up to 12 days of demand:
the 12 days of lead time the project sets out to bring down to 5. The press brake runs 90-minute
changeovers on batches of 1,200 and breaks down often; it is the bottleneck, just over takt.

The future state brings SMED to the press brake (15-minute changeovers, batches of one day),
basic maintenance (uptime 82 % -> 90 %), a kanban supermarket between cutting and bending, FIFO
lanes after it, and a supermarket of finished goods: 5 days of lead time.

`load_demo_value_streams` is called by the demo loader (obeya.demo.loader); loading twice
changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from obeya.projects.models import Project
from obeya.valuestreams.models import ValueStream
from obeya.valuestreams.services import value_stream_create

_TEXT = {
    "fr": {
        "current": "Supports, ligne de pliage L2 — état actuel",
        "future": "Supports, ligne de pliage L2 — état futur",
        "current_notes": "Relevé terrain des 3 et 4 mars : temps de cycle chronométrés sur "
        "dix pièces, stocks comptés en début de poste du matin.",
        "future_notes": "Cible à la fin de l'année : SMED sur la presse plieuse, supermarché "
        "kanban entre découpe et pliage, FIFO jusqu'à l'expédition.",
        "customer": "Constructeur automobile",
        "unit": "pcs",
        "supplier": "Aciers du Doubs",
        "control": "Planification",
        "steps": ["Découpe laser", "Pliage", "Soudure", "Peinture poudre", "Expédition"],
        "sheets": "Tôles",
        "blanks": "Flans découpés",
        "bent": "Pièces pliées",
        "welded": "Pièces soudées",
        "painted": "Pièces peintes",
        "finished": "Produits finis",
        "truck_in": "camion hebdo",
        "truck_in_future": "camion 2x / semaine",
        "truck_out": "camion quotidien",
        "forecast": "prévisions mensuelles",
        "weekly": "hebdo",
        "daily": "quotidien",
        "orders_weekly": "commandes hebdo",
        "orders_daily": "commandes quotidiennes",
        "schedule_weekly": "planning hebdo",
        "schedule_daily": "planning quotidien",
        "kanban": "kanban de production",
    },
    "en": {
        "current": "Brackets, bending line L2 — current state",
        "future": "Brackets, bending line L2 — future state",
        "current_notes": "Gemba walk of 3 and 4 March: cycle times timed over ten pieces, "
        "stocks counted at the start of the morning shift.",
        "future_notes": "Target for the end of the year: SMED on the press brake, a kanban "
        "supermarket between cutting and bending, FIFO down to shipping.",
        "customer": "Car maker",
        "unit": "pcs",
        "supplier": "Doubs Steel",
        "control": "Production planning",
        "steps": ["Laser cutting", "Bending", "Welding", "Powder painting", "Shipping"],
        "sheets": "Steel sheets",
        "blanks": "Cut blanks",
        "bent": "Bent parts",
        "welded": "Welded parts",
        "painted": "Painted parts",
        "finished": "Finished goods",
        "truck_in": "truck weekly",
        "truck_in_future": "truck twice a week",
        "truck_out": "truck daily",
        "forecast": "monthly forecast",
        "weekly": "weekly",
        "daily": "daily",
        "orders_weekly": "weekly orders",
        "orders_daily": "daily orders",
        "schedule_weekly": "weekly schedule",
        "schedule_daily": "daily schedule",
        "kanban": "production kanban",
    },
}


def _current_state(t: dict[str, Any]) -> str:
    cut, bend, weld, paint, ship = t["steps"]
    return f"""\
# {t["current"]}
# 9,600 pcs / 20 days = 480 pcs a day; 2 x 25,200 s = 50,400 s a day; takt 105 s.
# For the simulation: random orders, the timed spread of bending and welding, the press
# brake's breakdown log (a stop every 4,100 s of work, 900 s to repair: uptime 82 %).
# Stocks: 2.5 + 4 + 1.5 + 1 + 0.5 + 2.5 = 12 days of lead time.
name: {t["current"]}
customer: {{name: {t["customer"]}, demand: 9600, period_days: 20, unit: {t["unit"]}}}
work: {{shifts: 2, available_s_per_shift: 25200}}
arrivals: {{dist: exponential, mean: 105}}  # orders at random, one every takt on average
supplier: {{name: {t["supplier"]}}}
production_control: {{name: {t["control"]}, system: ERP}}
flow:
  - inventory: {{name: {t["sheets"]}, days: 2.5}}
  - process: {{name: {cut}, cycle_time_s: 38, changeover_s: 2700, uptime: 0.9, operators: 1,
      batch_size: 1920, scrap_rate: 0.01}}
  - inventory: {{name: {t["blanks"]}, quantity: 1920, unit_value: 3.5}}
  - process: {{name: {bend}, cycle_time_s: {{dist: lognormal, mean: 84, sd: 21}},
      changeover_s: 5400, mtbf_s: 4100, mttr_s: 900, operators: 1, batch_size: 1200,
      scrap_rate: 0.02}}
  - inventory: {{name: {t["bent"]}, quantity: 720, unit_value: 4.8}}
  - process: {{name: {weld}, cycle_time_s: {{dist: lognormal, mean: 78, sd: 16}},
      changeover_s: 1200, uptime: 0.92, operators: 1, batch_size: 480, scrap_rate: 0.01}}
  - inventory: {{name: {t["welded"]}, quantity: 480, unit_value: 6.5}}
  - process: {{name: {paint}, cycle_time_s: 30, changeover_s: 1800, uptime: 0.9, operators: 2,
      batch_size: 960, value_added_share: 0.6}}
  - inventory: {{name: {t["painted"]}, quantity: 240, unit_value: 7.8}}
  - process: {{name: {ship}, cycle_time_s: 20, operators: 1, shifts: 1}}
  - inventory: {{name: {t["finished"]}, quantity: 1200, unit_value: 8.2}}
information:
  - {{kind: forecast, from: customer, to: production control, label: {t["forecast"]},
      electronic: true}}
  - {{kind: orders, from: customer, to: production control, frequency: {t["weekly"]},
      label: {t["orders_weekly"]}, electronic: true}}
  - {{kind: orders, from: production control, to: supplier, frequency: {t["weekly"]},
      label: {t["orders_weekly"]}, electronic: true}}
  - {{kind: schedule, from: production control, to: {cut}, frequency: {t["weekly"]},
      label: {t["schedule_weekly"]}}}
  - {{kind: schedule, from: production control, to: {bend}, frequency: {t["weekly"]},
      label: {t["schedule_weekly"]}}}
  - {{kind: schedule, from: production control, to: {weld}, frequency: {t["weekly"]},
      label: {t["schedule_weekly"]}}}
  - {{kind: schedule, from: production control, to: {paint}, frequency: {t["weekly"]},
      label: {t["schedule_weekly"]}}}
  - {{kind: schedule, from: production control, to: {ship}, frequency: {t["daily"]},
      label: {t["schedule_daily"]}}}
transport: {{supplier: {t["truck_in"]}, customer: {t["truck_out"]}}}
"""


def _future_state(t: dict[str, Any]) -> str:
    cut, bend, weld, paint, ship = t["steps"]
    return f"""\
# {t["future"]}
# SMED on bending (90 min -> 15 min, batches of one day), kanban supermarket before it,
# FIFO lanes after it. Stocks: 1.75 + 1 + 0.5 + 0.5 + 0.25 + 1 = 5 days of lead time.
# Basic maintenance halves the press brake's stops (uptime 90 %); standard work narrows the
# spread of its cycles.
name: {t["future"]}
customer: {{name: {t["customer"]}, demand: 9600, period_days: 20, unit: {t["unit"]}}}
work: {{shifts: 2, available_s_per_shift: 25200}}
arrivals: {{dist: exponential, mean: 105}}  # orders at random, one every takt on average
supplier: {{name: {t["supplier"]}}}
production_control: {{name: {t["control"]}, system: ERP}}
flow:
  - inventory: {{name: {t["sheets"]}, days: 1.75}}
  - process: {{name: {cut}, cycle_time_s: 38, changeover_s: 1500, uptime: 0.9, operators: 1,
      batch_size: 480, scrap_rate: 0.01}}
  - supermarket: {{name: {t["blanks"]}, quantity: 480, unit_value: 3.5}}
  - process: {{name: {bend}, cycle_time_s: {{dist: lognormal, mean: 84, sd: 12}},
      changeover_s: 900, mtbf_s: 8100, mttr_s: 900, operators: 1, batch_size: 480,
      scrap_rate: 0.01}}
  - fifo: {{name: {t["bent"]}, quantity: 240, unit_value: 4.8}}
  - process: {{name: {weld}, cycle_time_s: {{dist: lognormal, mean: 78, sd: 10}},
      changeover_s: 600, uptime: 0.92, operators: 1, batch_size: 240, scrap_rate: 0.01}}
  - fifo: {{name: {t["welded"]}, quantity: 240, unit_value: 6.5}}
  - process: {{name: {paint}, cycle_time_s: 30, changeover_s: 1200, uptime: 0.9, operators: 2,
      batch_size: 480, value_added_share: 0.6}}
  - fifo: {{name: {t["painted"]}, quantity: 120, unit_value: 7.8}}
  - process: {{name: {ship}, cycle_time_s: 20, operators: 1, shifts: 1}}
  - supermarket: {{name: {t["finished"]}, quantity: 480, unit_value: 8.2}}
information:
  - {{kind: forecast, from: customer, to: production control, label: {t["forecast"]},
      electronic: true}}
  - {{kind: orders, from: customer, to: production control, frequency: {t["daily"]},
      label: {t["orders_daily"]}, electronic: true}}
  - {{kind: orders, from: production control, to: supplier, frequency: {t["weekly"]},
      label: {t["orders_weekly"]}, electronic: true}}
  - {{kind: schedule, from: production control, to: {bend}, frequency: {t["daily"]},
      label: {t["schedule_daily"]}}}
  - {{kind: kanban, from: {bend}, to: {cut}, label: {t["kanban"]}}}
  - {{kind: schedule, from: production control, to: {ship}, frequency: {t["daily"]},
      label: {t["schedule_daily"]}}}
transport: {{supplier: {t["truck_in_future"]}, customer: {t["truck_out"]}}}
"""


@transaction.atomic
def load_demo_value_streams(
    *, project: Project, language: str = "fr", user: Any = None
) -> dict[str, ValueStream]:
    """The current and future state of the demo line in `project`, in French or English;
    maps already there (found by name) are left as they are."""
    t = _TEXT["en" if language.startswith("en") else "fr"]
    current = ValueStream.objects.filter(project=project, name=t["current"]).first()
    if current is None:
        current = value_stream_create(
            project=project,
            user=user,
            name=t["current"],
            source=_current_state(t),
            notes=t["current_notes"],
        )
    future = ValueStream.objects.filter(project=project, name=t["future"]).first()
    if future is None:
        future = value_stream_create(
            project=project,
            user=user,
            name=t["future"],
            source=_future_state(t),
            notes=t["future_notes"],
            current_state=current,
        )
    return {"current": current, "future": future}
