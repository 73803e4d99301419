"""The demo's event log: eight weeks of work orders on bending line L2, as the ERP exports them.

About 400 orders of brackets go through laser cutting, bending, a quality check, welding,
powder painting and shipping. The log is simulated, seeded so every load gives the same file,
the way the line works in the demo's value stream maps (obeya.valuestreams.demo):

- Planning releases most orders on Monday morning (the weekly schedule), a few rush orders
  during the week. The laser cuts them within a day or two, and the blanks pile up in front of
  the press brake: one machine, long changeovers, busy nine tenths of the time. Bending is the
  bottleneck; the orders wait there for days.
- The inspector checks the first bent parts of each order between other jobs; about 6 % of
  the orders fail and go back to bending (and wait in its queue again).
- No machine starts a job it cannot finish before 20:00: it waits for the next morning.
- Two welding robots. The painter hangs the orders on the powder line in two batches a day
  (8:00 and 14:00; the operation booked in the ERP), and they come out of the oven two hours
  later. The truck leaves at 16:00 every working day.

The plant works two shifts, 6:00 to 20:00, Monday to Friday. Times are written in Europe/Paris
with their UTC offset. The log ends before `today`, and is imported through the same code as an
upload (the import job's body, run inline), so the demo project opens on a ready analysis.

`load_demo_event_logs` is called by the demo loader; loading twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import io
import math
import random
from collections import deque
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from obeya.flowlogs.models import EventLog
from obeya.flowlogs.services import event_log_import, event_log_map, event_log_upload
from obeya.projects.models import Project

PARIS = ZoneInfo("Europe/Paris")
SEED = 20240304
WEEKS = 8
ORDERS = 400
DAY_MIN = 14 * 60  # two shifts, 6:00 to 20:00
DAY_START = dt.time(6, 0)

_TEXT = {
    "fr": {
        "name": "Export ERP — ordres de fabrication, ligne L2 (8 semaines)",
        "file": "ordres-fabrication-L2.csv",
        "columns": ("Ordre de fabrication", "Opération", "Début", "Fin", "Poste"),
        "steps": (
            "Découpe laser",
            "Pliage",
            "Contrôle qualité",
            "Soudure",
            "Peinture poudre",
            "Expédition",
        ),
        "order": "OF-{n:05d}",
        "resources": {
            "laser": ["Laser TruLaser 3030"],
            "bend": ["Presse plieuse P2"],
            "check": ["Contrôleur qualité"],
            "weld": ["Robot de soudure R1", "Robot de soudure R2"],
            "paint": ["Ligne poudre"],
            "ship": ["Quai 1"],
        },
    },
    "en": {
        "name": "ERP export — work orders, line L2 (8 weeks)",
        "file": "work-orders-L2.csv",
        "columns": ("Work order", "Operation", "Started", "Completed", "Work centre"),
        "steps": (
            "Laser cutting",
            "Bending",
            "Quality check",
            "Welding",
            "Powder painting",
            "Shipping",
        ),
        "order": "WO-{n:05d}",
        "resources": {
            "laser": ["Laser TruLaser 3030"],
            "bend": ["Press brake P2"],
            "check": ["Quality inspector"],
            "weld": ["Welding robot R1", "Welding robot R2"],
            "paint": ["Powder line"],
            "ship": ["Dock 1"],
        },
    },
}

_ROUTE = ("laser", "bend", "check", "weld", "paint", "ship")


def _simulate(rng: random.Random) -> list[tuple[int, str, float, float, int]]:
    """Events (order, station, start, end, machine), times in working minutes from the first
    Monday 6:00."""
    releases: list[tuple[float, int]] = []
    for n in range(ORDERS):
        week = min(int(n * WEEKS / ORDERS), WEEKS - 1)
        if rng.random() < 0.85:  # the weekly schedule, released on Monday morning
            t = week * 5 * DAY_MIN + rng.uniform(0, 30)
        else:  # a rush order, any day of the week
            t = week * 5 * DAY_MIN + rng.uniform(0, 5 * DAY_MIN)
        releases.append((t, n))
    releases.sort()
    quantity = {n: rng.choice((50, 100, 150, 200, 250, 300, 400)) for _t, n in releases}

    def service(station: str, n: int) -> float:
        q = quantity[n]
        if station == "laser":
            return 8 + 0.07 * q * rng.uniform(0.8, 1.2)
        if station == "bend":  # changeover, then the pieces
            return rng.uniform(25, 45) + 0.19 * q * rng.uniform(0.85, 1.25)
        if station == "check":
            return rng.uniform(8, 20)
        if station == "weld":
            return 25 + 0.16 * q * rng.uniform(0.8, 1.2)
        raise ValueError(station)

    machines = {"laser": 1, "bend": 1, "check": 1, "weld": 2}
    queues: dict[str, deque[int]] = {s: deque() for s in machines}
    running: dict[str, list[int | None]] = {s: [None] * k for s, k in machines.items()}
    checked: dict[int, int] = {}
    hung: dict[float, float] = {}  # painting batch -> when its last order was hung
    events: list[tuple[int, str, float, float, int]] = []
    heap: list[tuple[float, int, str, int, str]] = []  # time, tie, kind, order, station
    tie = 0

    def push(t: float, kind: str, n: int, station: str) -> None:
        nonlocal tie
        tie += 1
        heapq.heappush(heap, (t, tie, kind, n, station))

    def start_next(t: float, station: str) -> None:
        for m in range(machines[station]):
            if running[station][m] is None and queues[station]:
                n = queues[station].popleft()
                running[station][m] = n
                duration = service(station, n)
                begin = t
                if begin % DAY_MIN + duration > DAY_MIN:  # no job is started to stop overnight
                    begin = (begin // DAY_MIN + 1) * DAY_MIN
                end = begin + duration
                events.append((n, station, begin, end, m))
                push(end, "done", n, station)

    def arrive(t: float, n: int, station: str) -> None:
        if station == "check":  # the inspector comes between other jobs
            t += rng.expovariate(1 / 50)
        if station in machines:
            push(t, "queue", n, station)
        elif station == "paint":  # hung on the line in two batches a day, 8:00 and 14:00
            day = t // DAY_MIN
            slots = [day * DAY_MIN + s for s in (120, 480)] + [(day + 1) * DAY_MIN + 120]
            batch = next(s for s in slots if s >= t + 10)
            begin = max(batch, hung.get(batch, batch))
            end = begin + rng.uniform(15, 35)
            hung[batch] = end
            events.append((n, "paint", begin, end, 0))
            push(end + rng.uniform(100, 130), "done", n, "paint")  # out of the oven
        else:  # shipping: loaded from 15:00, the truck leaves at 16:00
            day = t // DAY_MIN
            leave = day * DAY_MIN + 600
            if t > leave - 60:
                leave += DAY_MIN
            events.append((n, "ship", leave - rng.uniform(30, 60), leave, 0))

    for t, n in releases:
        push(t, "arrive", n, "laser")
    while heap:
        t, _tie, kind, n, station = heapq.heappop(heap)
        if kind == "arrive":
            arrive(t, n, station)
        elif kind == "queue":
            queues[station].append(n)
            start_next(t, station)
        else:
            if station in machines:
                running[station][running[station].index(n)] = None
                start_next(t, station)
            if station == "check":
                checked[n] = checked.get(n, 0) + 1
                fail = rng.random() < (0.055 if checked[n] == 1 else 0.05)
                push(t, "arrive", n, "bend" if fail else "weld")
            elif station != "ship":
                push(t, "arrive", n, _ROUTE[_ROUTE.index(station) + 1])
    return events


def _calendar(first_monday: dt.date, minute: float) -> dt.datetime:
    """Working minutes from the first Monday 6:00 as a wall-clock time in Paris."""
    day, rest = divmod(int(round(minute)), DAY_MIN)
    week, weekday = divmod(day, 5)
    date = first_monday + dt.timedelta(weeks=week, days=weekday)
    wall = dt.datetime.combine(date, DAY_START) + dt.timedelta(minutes=rest)
    return wall.replace(tzinfo=PARIS)


def demo_event_log_csv(*, language: str, today: dt.date) -> bytes:
    """The demo log as the ERP's CSV export (UTF-8, comma-separated), ending before `today`."""
    text = _TEXT["en" if language.startswith("en") else "fr"]
    rng = random.Random(SEED)
    events = _simulate(rng)
    last_day = max(int(end // DAY_MIN) for _n, _s, _start, end, _m in events)
    weeks = math.ceil((last_day + 1) / 5)
    this_monday = today - dt.timedelta(days=today.weekday())
    first_monday = this_monday - dt.timedelta(weeks=weeks)
    steps = dict(zip(_ROUTE, text["steps"], strict=True))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(text["columns"])
    for n, station, start, end, machine in sorted(events, key=lambda e: (e[2], e[0])):
        writer.writerow(
            [
                text["order"].format(n=24001 + n),
                steps[station],
                _calendar(first_monday, start).isoformat(sep=" "),
                _calendar(first_monday, end).isoformat(sep=" "),
                text["resources"][station][machine],
            ]
        )
    return buffer.getvalue().encode("utf-8")


def load_demo_event_logs(*, project: Project, language: str, user: Any, today: dt.date) -> EventLog:
    """The demo project's analysed event log (created once; a broken one is replaced)."""
    text = _TEXT["en" if language.startswith("en") else "fr"]
    existing = EventLog.objects.filter(project=project, name=text["name"]).first()
    if existing is not None and existing.status == EventLog.Status.READY:
        return existing
    if existing is not None:
        from obeya.flowlogs.services import event_log_delete

        event_log_delete(event_log=existing, user=user)
    content = ContentFile(demo_event_log_csv(language=language, today=today), name=text["file"])
    log = event_log_upload(project=project, user=user, upload=content, name=text["name"])
    case, activity, start, end, resource = text["columns"]
    mapping = {
        "case": case,
        "activity": activity,
        "timestamp": end,
        "start": start,
        "resource": resource,
        "tz": "Europe/Paris",
    }
    event_log_map(event_log=log, user=user, mapping=mapping)
    event_log_import(event_log_id=log.pk, user=user)
    log.refresh_from_db()
    return log
