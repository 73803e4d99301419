"""Value stream maps: the paper map as data, its metrics, and current-versus-future comparison.

A value stream is read from a small YAML (or JSON) file that follows the paper map from left to
right: the customer and its demand, the working time, an optional supplier, then the material
flow with inventories and process steps alternating. `load_value_stream` checks every field and
reports *all* the mistakes at once, each with its exact place (`flow[3].process.cycle_time_s`),
because a facilitator typing a map from a gemba walk fixes a file in one pass, not ten.

The metrics are the ones written on the map's lead-time ladder and data boxes: takt time, lead
time, processing time, process cycle efficiency, the bottleneck and how each step stands against
takt. Every formula is in `METRIC_FORMULAS` (English; the web layer translates it) and in
docs/vsm.md with a worked example. The drawing lives in `obeya.core.vsm_draw`.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

# --------------------------------------------------------------------------------------------
# The value stream, as written on the paper map


INVENTORY_KINDS = ("inventory", "supermarket", "fifo")
"""How material waits between two steps: a pushed pile (the triangle), a supermarket the
downstream step pulls from, or a first-in-first-out lane. The flow file uses the kind as the key
of the flow item (`- supermarket: {...}`)."""

INFORMATION_KINDS = ("forecast", "orders", "schedule", "kanban", "go_see", "other")

CUSTOMER = "customer"
SUPPLIER = "supplier"
PRODUCTION_CONTROL = "production control"
PLACES = (CUSTOMER, SUPPLIER, PRODUCTION_CONTROL)
"""The fixed ends an information flow can name besides a process step."""


@dataclass(frozen=True)
class Customer:
    """Who pulls the value stream and how much: `demand` pieces every `period_days` working
    days (18,400 a month of 20 days is demand 18400, period_days 20)."""

    name: str
    demand: float
    period_days: float
    unit: str = "pcs"


@dataclass(frozen=True)
class Work:
    """The plant's working time: every step runs these shifts unless it says otherwise.
    `available_s_per_shift` is the shift less planned stops (breaks, meetings, cleaning)."""

    shifts: float
    available_s_per_shift: float

    @property
    def available_s_per_day(self) -> float:
        return self.shifts * self.available_s_per_shift


@dataclass(frozen=True)
class Supplier:
    name: str


@dataclass(frozen=True)
class ProductionControl:
    """The box at the top of the map that turns customer demand into schedules."""

    name: str = "Production control"
    system: str | None = None  # e.g. "MRP", "ERP", "heijunka box"


DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "fixed": ("value",),
    "exponential": ("mean",),
    "normal": ("mean", "sd"),
    "lognormal": ("mean", "sd"),
    "triangular": ("min", "mode", "max"),
    "empirical": ("values",),
}
"""The distributions a time may follow in the simulation (`obeya.core.simulation`), with the
parameters each one takes in the file (`{dist: lognormal, mean: 40, sd: 8}`)."""


@dataclass(frozen=True)
class Distribution:
    """A random time in seconds, as written in the file. `params` holds the parameters in the
    order of `DISTRIBUTIONS[kind]`; `values` the sample of an empirical distribution.

    `normal` is truncated at 0 (a negative draw is drawn again), because a cycle cannot take
    less than no time: its mean is then slightly above `mean` (by sd x phi(a) / Phi(a) with
    a = mean / sd, under 0.5 % of sd when mean >= 3 sd). `lognormal` takes the mean and standard
    deviation of the time itself, as a stopwatch study gives them, not of its logarithm."""

    kind: str
    params: tuple[float, ...] = ()
    values: tuple[float, ...] = ()

    def param(self, name: str) -> float:
        return self.params[DISTRIBUTIONS[self.kind].index(name)]

    @property
    def mean_s(self) -> float:
        """The expected value: what the static map uses as the cycle time."""
        if self.kind == "fixed":
            return self.params[0]
        if self.kind in ("exponential", "lognormal"):
            return self.params[0]
        if self.kind == "normal":
            mean, sd = self.params
            if sd == 0:
                return mean
            a = mean / sd
            pdf = math.exp(-a * a / 2) / math.sqrt(2 * math.pi)
            cdf = 0.5 * (1 + math.erf(a / math.sqrt(2)))
            return mean + sd * pdf / cdf
        if self.kind == "triangular":
            return sum(self.params) / 3
        return sum(self.values) / len(self.values)

    def to_dict(self) -> dict[str, Any]:
        """The mapping of the file (`dump_value_stream` writes it back)."""
        if self.kind == "empirical":
            return {"dist": self.kind, "values": list(self.values)}
        return {"dist": self.kind, **dict(zip(DISTRIBUTIONS[self.kind], self.params, strict=True))}


@dataclass(frozen=True)
class Arrivals:
    """How units enter the line in the simulation: the time between two units follows
    `interval`, or the units come at the times of `schedule` (seconds from the start of a cycle
    of `every_s` seconds, repeated). The file omits it when units come one every takt time."""

    interval: Distribution | None = None
    schedule: tuple[float, ...] = ()
    every_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.interval is not None:
            return self.interval.to_dict()
        return {"schedule": list(self.schedule), "every_s": self.every_s}


@dataclass(frozen=True)
class Process:
    """One process box and its data box.

    `operators` are the people working on one piece during its cycle (per machine); a step with
    `machines` identical machines in parallel makes that many pieces per cycle. `batch_size`
    is the run between two changeovers; while it is not given the changeover is shown but not
    spread over the pieces, since nobody knows over how many. `shifts` defaults to the plant's.
    """

    name: str
    cycle_time_s: float
    changeover_s: float = 0
    uptime: float = 1
    operators: float = 1
    batch_size: int | None = None
    scrap_rate: float = 0
    machines: int = 1
    value_added_share: float = 1
    shifts: float | None = None
    cycle_time_dist: Distribution | None = None
    mtbf_s: float | None = None
    mttr_s: float | None = None
    """`cycle_time_s` is always the mean cycle time (what the map and its metrics use);
    `cycle_time_dist` its distribution for the simulation when the file gives one (None: every
    cycle takes `cycle_time_s`). `mtbf_s` and `mttr_s` (mean time between failures while
    working, mean time to repair) replace `uptime` in the simulation; `uptime` is then
    MTBF / (MTBF + MTTR), the share of the time the step runs."""


@dataclass(frozen=True)
class Inventory:
    """Material waiting between two steps (or before the first, after the last).

    `days` is for stock counted in another unit than the customer's pieces (coils, sheets):
    when given it is taken as is; otherwise the days are the quantity over the daily demand.
    """

    name: str | None = None
    quantity: float | None = None
    days: float | None = None
    unit_value: float | None = None
    kind: str = "inventory"
    capacity: int | None = None  # the most units it may hold in the simulation; None: no limit


@dataclass(frozen=True)
class InformationFlow:
    """An arrow of the information flow: `source` and `target` are "customer", "supplier",
    "production control" or a step's name; `frequency` is free text ("weekly")."""

    kind: str
    source: str
    target: str
    frequency: str | None = None
    label: str | None = None  # drawn instead of "<frequency> <kind>" when given
    electronic: bool = False

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        kind = self.kind.replace("_", " ")
        return f"{self.frequency} {kind}" if self.frequency else kind


@dataclass(frozen=True)
class Transport:
    """How material travels in from the supplier and out to the customer ("truck weekly")."""

    supplier: str | None = None
    customer: str | None = None


FlowItem = Process | Inventory


@dataclass(frozen=True)
class ValueStream:
    name: str
    customer: Customer
    work: Work
    flow: tuple[FlowItem, ...]
    supplier: Supplier | None = None
    production_control: ProductionControl | None = None
    information: tuple[InformationFlow, ...] = ()
    transport: Transport = field(default_factory=Transport)
    arrivals: Arrivals | None = None  # for the simulation; None: one unit every takt time

    @property
    def processes(self) -> tuple[Process, ...]:
        return tuple(item for item in self.flow if isinstance(item, Process))

    @property
    def inventories(self) -> tuple[Inventory, ...]:
        return tuple(item for item in self.flow if isinstance(item, Inventory))


# --------------------------------------------------------------------------------------------
# Reading and writing the file


class ValueStreamError(ValueError):
    """A value stream file that cannot be used. `errors` lists every problem found, each
    starting with its place in the file (`flow[3].process.cycle_time_s: ...`)."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


_MISSING: Any = object()

_KEYS: dict[str, tuple[str, ...]] = {
    "": (
        "name",
        "customer",
        "work",
        "supplier",
        "production_control",
        "flow",
        "information",
        "transport",
        "arrivals",
    ),
    "customer": ("name", "demand", "period_days", "unit"),
    "work": ("shifts", "available_s_per_shift"),
    "supplier": ("name",),
    "production_control": ("name", "system"),
    "process": (
        "name",
        "cycle_time_s",
        "changeover_s",
        "uptime",
        "operators",
        "batch_size",
        "scrap_rate",
        "machines",
        "value_added_share",
        "shifts",
        "mtbf_s",
        "mttr_s",
    ),
    "inventory": ("name", "quantity", "days", "unit_value", "capacity"),
    "information": ("kind", "from", "to", "frequency", "label", "electronic"),
    "transport": ("supplier", "customer"),
}


class _Checker:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, place: str, message: str) -> None:
        self.errors.append(f"{place}: {message}")

    def mapping(self, value: object, place: str, keys: Sequence[str]) -> dict | None:
        if not isinstance(value, dict):
            self.fail(
                place or "value stream", f"must be a mapping (key: value), got {_show(value)}"
            )
            return None
        for key in value:
            if key not in keys:
                hint = difflib.get_close_matches(str(key), keys, n=1)
                again = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.fail(
                    _at(place, str(key)),
                    f"unknown key{again}; expected one of {', '.join(keys)}",
                )
        return value

    def number(
        self,
        m: Mapping,
        key: str,
        place: str,
        rule: tuple[Callable[[float], bool], str],
        default: Any = _MISSING,
    ) -> Any:
        where = _at(place, key)
        value = m.get(key)
        if value is None:
            if default is _MISSING:
                self.fail(where, "missing")
                return None  # the error is recorded; callers see "no value"
            return default
        check, wanted = rule
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok:
            try:
                ok = math.isfinite(float(value))
            except OverflowError:  # an integer too large for a float
                ok = False
        if not ok or not check(value):
            self.fail(where, f"{wanted}, got {_show(value)}")
            return None
        if rule is _WHOLE or rule is _COUNT:
            return int(value)
        return value

    def text(self, m: Mapping, key: str, place: str, default: Any = _MISSING) -> Any:
        where = _at(place, key)
        value = m.get(key)
        if value is None:
            if default is _MISSING:
                self.fail(where, "missing")
                return None  # the error is recorded; callers see "no value"
            return default
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # `name: 2` means the text "2"
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"must be a non-empty text, got {_show(value)}")
            return None
        if any(unicodedata.category(c) in _NOT_TEXT for c in value):
            self.fail(where, "must be one line of text without control characters")
            return None
        return value

    def flag(self, m: Mapping, key: str, place: str, default: bool) -> Any:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(_at(place, key), f"must be true or false, got {_show(value)}")
            return None
        return value


_NOT_TEXT = {"Cc", "Cs", "Cn", "Zl", "Zp"}
"""Control characters, lone surrogates, unassigned code points (U+FFFF) and line breaks: none
belongs in a name, and some would make the drawing invalid XML."""

_POSITIVE = (lambda v: v > 0, "must be a positive number")
_NON_NEGATIVE = (lambda v: v >= 0, "must be zero or a positive number")
_UPTIME = (lambda v: 0 < v <= 1, "must be a fraction above 0 and at most 1 (90 % is 0.9)")
_SCRAP = (lambda v: 0 <= v < 1, "must be a fraction from 0 to below 1 (2 % is 0.02)")
_SHARE = (lambda v: 0 <= v <= 1, "must be a fraction from 0 to 1 (80 % is 0.8)")
_WHOLE = (lambda v: v >= 1 and float(v).is_integer(), "must be a whole number of at least 1")
_COUNT = (lambda v: v >= 0 and float(v).is_integer(), "must be a whole number, 0 or more")


def _at(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_value_stream(data: Mapping) -> ValueStream:
    """Build a value stream from the parsed file (a dict), or raise ValueStreamError listing
    every problem."""
    c = _Checker()
    top = c.mapping(data, "", _KEYS[""])
    if top is None:
        raise ValueStreamError(c.errors)

    name = c.text(top, "name", "", default="")
    customer = _parse_customer(c, top)
    work = _parse_work(c, top)
    supplier = None
    if top.get("supplier") is not None:
        m = c.mapping(top["supplier"], "supplier", _KEYS["supplier"])
        if m is not None:
            supplier = Supplier(name=c.text(m, "name", "supplier"))
    control = None
    if top.get("production_control") is not None:
        m = c.mapping(top["production_control"], "production_control", _KEYS["production_control"])
        if m is not None:
            control = ProductionControl(
                name=c.text(m, "name", "production_control", default="Production control"),
                system=c.text(m, "system", "production_control", default=None),
            )
    flow = _parse_flow(c, top.get("flow"))
    step_names = [item.name for item in flow if isinstance(item, Process) and item.name]
    information = _parse_information(c, top.get("information"), step_names)
    transport = Transport()
    if top.get("transport") is not None:
        m = c.mapping(top["transport"], "transport", _KEYS["transport"])
        if m is not None:
            transport = Transport(
                supplier=c.text(m, "supplier", "transport", default=None),
                customer=c.text(m, "customer", "transport", default=None),
            )
    arrivals = None
    if top.get("arrivals") is not None:
        arrivals = _parse_arrivals(c, top["arrivals"])
    if c.errors:
        raise ValueStreamError(c.errors)
    return ValueStream(
        arrivals=arrivals,
        name=name,
        customer=customer,
        work=work,
        flow=tuple(flow),
        supplier=supplier,
        production_control=control,
        information=tuple(information),
        transport=transport,
    )


def _parse_customer(c: _Checker, top: Mapping) -> Any:
    if top.get("customer") is None:
        c.fail("customer", "missing")
        return None
    m = c.mapping(top["customer"], "customer", _KEYS["customer"])
    if m is None:
        return None
    return Customer(
        name=c.text(m, "name", "customer", default="Customer"),
        demand=c.number(m, "demand", "customer", _POSITIVE),
        period_days=c.number(m, "period_days", "customer", _POSITIVE),
        unit=c.text(m, "unit", "customer", default="pcs"),
    )


def _parse_work(c: _Checker, top: Mapping) -> Any:
    if top.get("work") is None:
        c.fail("work", "missing")
        return None
    m = c.mapping(top["work"], "work", _KEYS["work"])
    if m is None:
        return None
    return Work(
        shifts=c.number(m, "shifts", "work", _POSITIVE),
        available_s_per_shift=c.number(m, "available_s_per_shift", "work", _POSITIVE),
    )


def _parse_flow(c: _Checker, raw: object) -> list[FlowItem]:
    if raw is None:
        c.fail("flow", "missing")
        return []
    if not isinstance(raw, list):
        c.fail("flow", f"must be a list of inventories and processes, got {_show(raw)}")
        return []
    kinds = ("process", *INVENTORY_KINDS)
    items: list[FlowItem] = []
    seen: dict[str, int] = {}
    previous_kind = None
    for i, entry in enumerate(raw):
        place = f"flow[{i}]"
        if not isinstance(entry, dict) or len(entry) != 1 or next(iter(entry)) not in kinds:
            got = ", ".join(repr(str(k)) for k in entry) if isinstance(entry, dict) else None
            hint = ""
            if isinstance(entry, dict) and len(entry) == 1:
                close = difflib.get_close_matches(str(next(iter(entry))), kinds, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
            c.fail(
                place,
                f"must be one of {', '.join(k + ': {...}' for k in kinds)}; got "
                + (f"the key(s) {got}{hint}" if got else _show(entry)),
            )
            previous_kind = None
            continue
        kind, body = next(iter(entry.items()))
        place = f"{place}.{kind}"
        if kind == "process":
            m = c.mapping(body, place, _KEYS["process"])
            if m is None:
                previous_kind = "process"
                continue
            cycle_dist = None
            if isinstance(m.get("cycle_time_s"), dict):
                cycle_dist = _parse_distribution(c, m["cycle_time_s"], f"{place}.cycle_time_s")
                cycle_time_s = cycle_dist.mean_s if cycle_dist is not None else None
                if cycle_time_s is not None and not cycle_time_s > 0:
                    c.fail(f"{place}.cycle_time_s", "must have a positive mean")
            else:
                cycle_time_s = c.number(m, "cycle_time_s", place, _POSITIVE)
            mtbf_s = c.number(m, "mtbf_s", place, _POSITIVE, None)
            mttr_s = c.number(m, "mttr_s", place, _NON_NEGATIVE, None)
            uptime = c.number(m, "uptime", place, _UPTIME, 1)
            if (m.get("mtbf_s") is None) != (m.get("mttr_s") is None):
                given, other = (
                    ("mtbf_s", "mttr_s")
                    if m.get("mtbf_s") is not None
                    else (
                        "mttr_s",
                        "mtbf_s",
                    )
                )
                c.fail(f"{place}.{other}", f"missing: {given} needs {other} (breakdowns)")
            elif m.get("mtbf_s") is not None and m.get("uptime") is not None:
                c.fail(
                    f"{place}.uptime",
                    "give uptime or mtbf_s and mttr_s, not both (uptime is then "
                    "MTBF / (MTBF + MTTR))",
                )
            elif mtbf_s is not None and mttr_s is not None:
                uptime = mtbf_s / (mtbf_s + mttr_s)
            process = Process(
                name=c.text(m, "name", place),
                cycle_time_s=cycle_time_s,
                cycle_time_dist=cycle_dist,
                mtbf_s=mtbf_s,
                mttr_s=mttr_s,
                changeover_s=c.number(m, "changeover_s", place, _NON_NEGATIVE, 0),
                uptime=uptime,
                operators=c.number(m, "operators", place, _NON_NEGATIVE, 1),
                batch_size=c.number(m, "batch_size", place, _WHOLE, None),
                scrap_rate=c.number(m, "scrap_rate", place, _SCRAP, 0),
                machines=c.number(m, "machines", place, _WHOLE, 1),
                value_added_share=c.number(m, "value_added_share", place, _SHARE, 1),
                shifts=c.number(m, "shifts", place, _POSITIVE, None),
            )
            if process.name in seen:
                c.fail(
                    f"{place}.name",
                    f"{process.name!r} is already the name of flow[{seen[process.name]}]; "
                    "step names must be unique",
                )
            elif process.name:
                seen[process.name] = i
            items.append(process)
            previous_kind = "process"
        else:
            m = c.mapping(body if body is not None else {}, place, _KEYS["inventory"])
            if previous_kind in INVENTORY_KINDS:
                c.fail(
                    f"flow[{i}]",
                    f"two inventories in a row (flow[{i - 1}] and flow[{i}]): merge them or "
                    "put the process that separates them in between",
                )
            previous_kind = kind
            if m is None:
                continue
            inventory = Inventory(
                name=c.text(m, "name", place, default=None),
                quantity=c.number(m, "quantity", place, _NON_NEGATIVE, None),
                days=c.number(m, "days", place, _NON_NEGATIVE, None),
                unit_value=c.number(m, "unit_value", place, _NON_NEGATIVE, None),
                kind=kind,
                capacity=c.number(m, "capacity", place, _COUNT, None),
            )
            if m.get("quantity") is None and m.get("days") is None:
                if m.get("capacity") is None:
                    c.fail(place, "needs a quantity (pieces) or days (of demand)")
                else:  # a buffer of the simulation, drawn empty on the map
                    inventory = replace(inventory, quantity=0.0)
            items.append(inventory)
    if not any(isinstance(e, dict) and "process" in e for e in raw):
        c.fail("flow", "must contain at least one process")
    return items


_DISTRIBUTION_KEYS = tuple(dict.fromkeys(p for ps in DISTRIBUTIONS.values() for p in ps))


def _parse_distribution(c: _Checker, raw: object, place: str) -> Distribution | None:
    """`{dist: lognormal, mean: 40, sd: 8}` and the other forms of `DISTRIBUTIONS`."""
    m = c.mapping(raw, place, ("dist", *_DISTRIBUTION_KEYS))
    if m is None:
        return None
    kind = m.get("dist")
    if kind is None:
        c.fail(f"{place}.dist", f"missing; one of {', '.join(DISTRIBUTIONS)}")
        return None
    if kind not in DISTRIBUTIONS:
        close = difflib.get_close_matches(str(kind), DISTRIBUTIONS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        c.fail(
            f"{place}.dist",
            f"unknown distribution {_show(kind)}{hint}; expected one of {', '.join(DISTRIBUTIONS)}",
        )
        return None
    wanted = DISTRIBUTIONS[kind]
    before = len(c.errors)
    for key in m:
        if key != "dist" and key not in wanted and key in _DISTRIBUTION_KEYS:
            c.fail(f"{place}.{key}", f"not a parameter of {kind}; expected {', '.join(wanted)}")
    if kind == "empirical":
        values = m.get("values")
        if not isinstance(values, list) or not values:
            c.fail(f"{place}.values", f"must be a non-empty list of times, got {_show(values)}")
            return None
        sample = []
        for i, v in enumerate(values):
            number = c.number({"v": v}, "v", "", _NON_NEGATIVE)
            if number is None:
                c.errors[-1] = f"{place}.values[{i}]" + c.errors[-1][1:]
            else:
                sample.append(float(number))
        if len(c.errors) > before:
            return None
        return Distribution(kind, values=tuple(sample))
    rules = {"sd": _NON_NEGATIVE, "min": _NON_NEGATIVE, "mode": _NON_NEGATIVE, "max": _POSITIVE}
    params = [c.number(m, key, place, rules.get(key, _POSITIVE)) for key in wanted]
    if len(c.errors) > before:
        return None
    if kind == "triangular" and not params[0] <= params[1] <= params[2]:
        c.fail(place, f"needs min <= mode <= max, got {params[0]!r}, {params[1]!r}, {params[2]!r}")
        return None
    return Distribution(kind, tuple(float(p) for p in params))


def _parse_arrivals(c: _Checker, raw: object) -> Arrivals | None:
    """`arrivals: {dist: exponential, mean: 1.25}` or `{schedule: [0, 30, 45], every_s: 60}`."""
    if isinstance(raw, dict) and "schedule" in raw:
        m = c.mapping(raw, "arrivals", ("schedule", "every_s"))
        if m is None:
            return None
        times = m.get("schedule")
        ok = (
            isinstance(times, list)
            and bool(times)
            and all(
                isinstance(t, int | float)
                and not isinstance(t, bool)
                and math.isfinite(t)
                and t >= 0
                for t in times
            )
        )
        if not ok:
            c.fail(
                "arrivals.schedule",
                f"must be a non-empty list of times in seconds, 0 or more, got {_show(times)}",
            )
            return None
        if any(b < a for a, b in zip(times, times[1:], strict=False)):
            c.fail("arrivals.schedule", "the times must be in increasing order")
            return None
        every_s = c.number(m, "every_s", "arrivals", _POSITIVE)
        if every_s is not None and every_s <= times[-1]:
            c.fail(
                "arrivals.every_s",
                f"must be above the last time of the schedule ({_show(times[-1])}), "
                f"got {_show(every_s)}",
            )
            return None
        if every_s is None:
            return None
        return Arrivals(schedule=tuple(float(t) for t in times), every_s=float(every_s))
    interval = _parse_distribution(c, raw, "arrivals")
    if interval is None:
        return None
    if not interval.mean_s > 0:
        c.fail("arrivals", "the time between two units must have a positive mean")
        return None
    return Arrivals(interval=interval)


def _parse_information(c: _Checker, raw: object, step_names: list[str]) -> list[InformationFlow]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        c.fail("information", f"must be a list of information flows, got {_show(raw)}")
        return []
    ends = [*PLACES, *step_names]
    flows = []
    for i, entry in enumerate(raw):
        place = f"information[{i}]"
        m = c.mapping(entry, place, _KEYS["information"])
        if m is None:
            continue
        kind = c.text(m, "kind", place)
        if kind is not None and kind not in INFORMATION_KINDS:
            c.fail(f"{place}.kind", f"must be one of {', '.join(INFORMATION_KINDS)}, got {kind!r}")
        resolved = {}
        for key in ("from", "to"):
            end = c.text(m, key, place)
            if end is None:
                continue
            if end.strip().lower().replace("_", " ") in PLACES:
                end = end.strip().lower().replace("_", " ")
            elif end not in step_names:
                close = difflib.get_close_matches(end, ends, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                c.fail(
                    f"{place}.{key}",
                    f"unknown end {end!r}{hint}; expected customer, supplier, production "
                    "control or the name of a process step",
                )
            resolved[key] = end
        if resolved.get("from") is not None and resolved.get("from") == resolved.get("to"):
            c.fail(place, "goes from and to the same place")
        flows.append(
            InformationFlow(
                kind=kind,
                source=resolved.get("from"),  # type: ignore[arg-type]
                target=resolved.get("to"),  # type: ignore[arg-type]
                frequency=c.text(m, "frequency", place, default=None),
                label=c.text(m, "label", place, default=None),
                electronic=c.flag(m, "electronic", place, False),
            )
        )
    return flows


def load_value_stream(text_or_path: str | os.PathLike[str]) -> ValueStream:
    """Read a value stream from YAML or JSON text, or from the file when given a `Path`.

    A string is always the text itself, never a file name: the web layer passes what users
    typed, and a one-line "/etc/passwd" must not be read from the server's disk.
    """
    source = text_or_path
    if isinstance(source, os.PathLike):
        path = Path(source)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise ValueStreamError([f"{path}: cannot read the file ({reason})"]) from exc
    data = None
    if source.lstrip().startswith("{"):  # JSON first, for its exact error positions
        try:
            data = json.loads(source)
        except json.JSONDecodeError:
            data = None  # maybe a YAML flow mapping; YAML says what is wrong
    if data is None:
        try:
            data = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
            problem = getattr(exc, "problem", None) or str(exc)
            raise ValueStreamError([f"{where}: not valid YAML or JSON ({problem})"]) from exc
    if data is None:
        raise ValueStreamError(["value stream: the file is empty"])
    if isinstance(data, str) and "\n" not in data and data.endswith((".yaml", ".yml", ".json")):
        raise ValueStreamError(
            [f"value stream: got the text {_show(data)}; pass a pathlib.Path to read a file"]
        )
    return parse_value_stream(data)


def value_stream_to_dict(vs: ValueStream) -> dict[str, Any]:
    """The file's structure as plain data, leaving out what equals its default."""
    out: dict[str, Any] = {}
    if vs.name:
        out["name"] = vs.name
    out["customer"] = _without_defaults(vs.customer, Customer("", 0, 0))
    out["work"] = {"shifts": vs.work.shifts, "available_s_per_shift": vs.work.available_s_per_shift}
    if vs.supplier is not None:
        out["supplier"] = {"name": vs.supplier.name}
    if vs.production_control is not None:
        out["production_control"] = _without_defaults(vs.production_control, ProductionControl())
    flow = []
    for item in vs.flow:
        if isinstance(item, Process):
            skip = ["cycle_time_dist"] + (["uptime"] if item.mtbf_s is not None else [])
            body = _without_defaults(item, Process("", 0), keep=("name",), skip=skip)
            if item.cycle_time_dist is not None:
                body["cycle_time_s"] = item.cycle_time_dist.to_dict()
            flow.append({"process": body})
        else:
            body = _without_defaults(item, Inventory(), skip=("kind",))
            flow.append({item.kind: body})
    out["flow"] = flow
    if vs.information:
        out["information"] = [
            {
                "kind": f.kind,
                "from": f.source,
                "to": f.target,
                **({"frequency": f.frequency} if f.frequency is not None else {}),
                **({"label": f.label} if f.label is not None else {}),
                **({"electronic": True} if f.electronic else {}),
            }
            for f in vs.information
        ]
    transport = _without_defaults(vs.transport, Transport())
    if transport:
        out["transport"] = transport
    if vs.arrivals is not None:
        out["arrivals"] = vs.arrivals.to_dict()
    return out


def _without_defaults(
    obj: object, default: object, keep: Sequence[str] = (), skip: Sequence[str] = ()
) -> dict[str, Any]:
    out = {}
    for name in obj.__dataclass_fields__:  # type: ignore[attr-defined]
        value = getattr(obj, name)
        if name in skip:
            continue
        if name in keep or value != getattr(default, name):
            out[name] = value
    return out


def dump_value_stream(vs: ValueStream) -> str:
    """The value stream as YAML in the file format; `load_value_stream` reads it back equal."""
    return yaml.safe_dump(
        value_stream_to_dict(vs),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None,
        width=100,
    )


# --------------------------------------------------------------------------------------------
# Metrics


METRIC_FORMULAS: dict[str, str] = {
    "daily_demand": "customer demand / period length in working days",
    "available_s_per_day": "shifts per day x available seconds per shift",
    "takt_time_s": "available seconds per day / daily demand",
    "inventory_days": "sum of the days of every inventory",
    "processing_time_s": "sum over the steps of cycle time x value-added share",
    "lead_time_days": (
        "inventory days + the steps' cycle times converted to days "
        "(sum of cycle times / available seconds per day)"
    ),
    "process_cycle_efficiency": (
        "processing time / lead time, both in seconds of available working time "
        "(lead time in days x available seconds per day)"
    ),
    "bottleneck": "the step with the highest takt ratio (the longest effective cycle time "
    "when every step works the plant's shifts)",
    "work_content_s": "sum over the steps of cycle time x operators",
    "operators_needed": "work content / takt time",
    "inventory_value": "sum over the inventories of quantity x unit value, where both are given",
    "steps.changeover_per_piece_s": "changeover time / batch size (0 while no batch size is given)",
    "steps.effective_cycle_time_s": (
        "(cycle time + changeover per piece) / (uptime x (1 - scrap rate) x machines)"
    ),
    "steps.available_s_per_day": "the step's shifts x available seconds per shift",
    "steps.takt_time_s": "the step's available seconds per day / daily demand",
    "steps.takt_ratio": "effective cycle time / the step's takt time",
    "steps.over_takt": "takt ratio above 1: the step cannot keep up with demand",
    "steps.value_added_s": "cycle time x value-added share",
    "steps.work_content_s": "cycle time x operators",
    "inventories.days": "the days given, or quantity / daily demand",
    "inventories.value": "quantity x unit value",
}
"""Each metric's formula in words, keyed like the JSON of `VsmMetrics.to_dict()` (step and
inventory fields prefixed with `steps.` and `inventories.`). The web UI shows (and translates)
the same texts as hover explanations; docs/vsm.md explains each one with numbers."""

_OVER_TAKT_TOLERANCE = 1e-9


@dataclass(frozen=True)
class StepMetrics:
    name: str
    cycle_time_s: float
    changeover_s: float
    uptime: float
    operators: float
    batch_size: int | None
    scrap_rate: float
    machines: int
    value_added_share: float
    shifts: float
    changeover_per_piece_s: float
    effective_cycle_time_s: float
    available_s_per_day: float
    takt_time_s: float
    takt_ratio: float
    over_takt: bool
    value_added_s: float
    work_content_s: float
    bottleneck: bool = False


@dataclass(frozen=True)
class InventoryMetrics:
    name: str | None
    kind: str
    quantity: float | None
    days: float
    days_from: str  # "quantity" when computed from it, "days" when given
    unit_value: float | None
    value: float | None


@dataclass(frozen=True)
class VsmMetrics:
    """Everything the map's data boxes and lead-time ladder show, in one place."""

    name: str
    unit: str
    daily_demand: float
    available_s_per_day: float
    takt_time_s: float
    inventory_days: float
    processing_time_s: float
    lead_time_days: float
    process_cycle_efficiency: float
    bottleneck: str
    work_content_s: float
    operators_needed: float
    inventory_value: float | None
    steps: tuple[StepMetrics, ...]
    inventories: tuple[InventoryMetrics, ...]

    @property
    def lead_time_s(self) -> float:
        """The lead time in seconds of available working time, comparable to processing time."""
        return self.lead_time_days * self.available_s_per_day

    def to_dict(self) -> dict[str, Any]:
        """The JSON of the metrics (a stable interface: the CLI's --json and the web API)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name in ("steps", "inventories"):
                value = [_plain(item) for item in value]
            out[name] = value
        return out


def _plain(obj: object) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}  # type: ignore[attr-defined]


def effective_cycle_time_s(process: Process) -> float:
    """Seconds between two good pieces, allowing for what a stopwatch on one cycle misses.

    The changeover is spread over the batch it precedes, then the total is stretched by
    breakdowns (uptime), pieces lost (scrap) and shortened by identical machines in parallel:
    (C/T + C/O / batch) / (uptime x (1 - scrap) x machines). Each parallel machine changes over
    for its own batches and a scrapped piece took its share of the changeover, so the changeover
    sits inside the bracket rather than being added after the division.
    """
    per_piece = process.changeover_s / process.batch_size if process.batch_size else 0.0
    factor = process.uptime * (1 - process.scrap_rate) * process.machines
    return (process.cycle_time_s + per_piece) / factor


def compute_metrics(vs: ValueStream) -> VsmMetrics:
    """The map's figures. Lead time and processing time both count time in *working* days
    and seconds, because inventory days are days of customer demand, that is working days: a
    24-hour clock would make a plant on one shift look three times less efficient than the same
    plant on three shifts, with the same stock and the same work."""
    daily_demand = vs.customer.demand / vs.customer.period_days
    available_s_per_day = vs.work.available_s_per_day
    takt_time_s = available_s_per_day / daily_demand

    steps = []
    for p in vs.processes:
        shifts = p.shifts if p.shifts is not None else vs.work.shifts
        step_available = shifts * vs.work.available_s_per_shift
        step_takt = step_available / daily_demand
        effective = effective_cycle_time_s(p)
        ratio = effective / step_takt
        steps.append(
            StepMetrics(
                name=p.name,
                cycle_time_s=p.cycle_time_s,
                changeover_s=p.changeover_s,
                uptime=p.uptime,
                operators=p.operators,
                batch_size=p.batch_size,
                scrap_rate=p.scrap_rate,
                machines=p.machines,
                value_added_share=p.value_added_share,
                shifts=shifts,
                changeover_per_piece_s=p.changeover_s / p.batch_size if p.batch_size else 0.0,
                effective_cycle_time_s=effective,
                available_s_per_day=step_available,
                takt_time_s=step_takt,
                takt_ratio=ratio,
                over_takt=ratio > 1 + _OVER_TAKT_TOLERANCE,
                value_added_s=p.cycle_time_s * p.value_added_share,
                work_content_s=p.cycle_time_s * p.operators,
            )
        )
    if not steps:
        raise ValueStreamError(["flow: must contain at least one process"])
    worst = max(range(len(steps)), key=lambda i: steps[i].takt_ratio)  # first on ties
    steps[worst] = replace(steps[worst], bottleneck=True)

    inventories = []
    for inv in vs.inventories:
        days = inv.days if inv.days is not None else inv.quantity / daily_demand  # type: ignore[operator]
        value = (
            inv.quantity * inv.unit_value
            if inv.quantity is not None and inv.unit_value is not None
            else None
        )
        inventories.append(
            InventoryMetrics(
                name=inv.name,
                kind=inv.kind,
                quantity=inv.quantity,
                days=days,
                days_from="days" if inv.days is not None else "quantity",
                unit_value=inv.unit_value,
                value=value,
            )
        )

    inventory_days = sum(i.days for i in inventories)
    processing_time_s = sum(s.value_added_s for s in steps)
    through_steps_s = sum(s.cycle_time_s for s in steps)
    lead_time_days = inventory_days + through_steps_s / available_s_per_day
    lead_time_s = lead_time_days * available_s_per_day
    work_content_s = sum(s.work_content_s for s in steps)
    values = [i.value for i in inventories if i.value is not None]
    return VsmMetrics(
        name=vs.name,
        unit=vs.customer.unit,
        daily_demand=daily_demand,
        available_s_per_day=available_s_per_day,
        takt_time_s=takt_time_s,
        inventory_days=inventory_days,
        processing_time_s=processing_time_s,
        lead_time_days=lead_time_days,
        process_cycle_efficiency=processing_time_s / lead_time_s if lead_time_s else 0.0,
        bottleneck=steps[worst].name,
        work_content_s=work_content_s,
        operators_needed=work_content_s / takt_time_s,
        inventory_value=sum(values) if values else None,
        steps=tuple(steps),
        inventories=tuple(inventories),
    )


# --------------------------------------------------------------------------------------------
# Current state against future state


COMPARED_METRICS: dict[str, str | None] = {
    "daily_demand": None,
    "takt_time_s": None,
    "lead_time_days": "lower",
    "inventory_days": "lower",
    "processing_time_s": "lower",
    "process_cycle_efficiency": "higher",
    "work_content_s": "lower",
    "operators_needed": "lower",
    "inventory_value": "lower",
}
"""The figures `compare` sets side by side, with the direction that counts as better (None:
a fact of demand, neither better nor worse)."""


def compare(current: ValueStream | VsmMetrics, future: ValueStream | VsmMetrics) -> dict:
    """Current and future state side by side: for each figure the two values, the change
    (future - current) and the change in % of the current value (None when that is 0 or a value
    is missing), and whether the change is an improvement; then the steps matched by name."""
    a = current if isinstance(current, VsmMetrics) else compute_metrics(current)
    b = future if isinstance(future, VsmMetrics) else compute_metrics(future)
    figures = {}
    for key, better in COMPARED_METRICS.items():
        x, y = getattr(a, key), getattr(b, key)
        change = y - x if x is not None and y is not None else None
        pct = change / x * 100 if change is not None and x else None
        improved = None
        if better is not None and change is not None:
            improved = change < 0 if better == "lower" else change > 0
            if change == 0:
                improved = None
        figures[key] = {
            "current": x,
            "future": y,
            "change": change,
            "change_pct": pct,
            "better": better,
            "improved": improved,
        }
    names = [s.name for s in a.steps] + [s.name for s in b.steps if s.name not in _names(a)]
    steps = []
    for name in names:
        sa, sb = _step(a, name), _step(b, name)
        steps.append(
            {
                "name": name,
                "current": _step_summary(sa),
                "future": _step_summary(sb),
            }
        )
    return {
        "current": _summary(a),
        "future": _summary(b),
        "metrics": figures,
        "steps": steps,
    }


def _names(m: VsmMetrics) -> set[str]:
    return {s.name for s in m.steps}


def _step(m: VsmMetrics, name: str) -> StepMetrics | None:
    return next((s for s in m.steps if s.name == name), None)


def _step_summary(s: StepMetrics | None) -> dict | None:
    if s is None:
        return None
    return {
        "cycle_time_s": s.cycle_time_s,
        "effective_cycle_time_s": s.effective_cycle_time_s,
        "takt_ratio": s.takt_ratio,
        "over_takt": s.over_takt,
    }


def _summary(m: VsmMetrics) -> dict:
    return {
        "name": m.name,
        "bottleneck": m.bottleneck,
        "steps": len(m.steps),
        "inventories": len(m.inventories),
    }


# --------------------------------------------------------------------------------------------
# Display helpers shared by the drawing and the command


def format_number(value: float, decimals: int = 1) -> str:
    """12345.678 -> "12,345.7"; trailing zeros dropped (52.50 -> "52.5", 60.0 -> "60")."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_duration_s(seconds: float) -> str:
    """Seconds the way a data box shows them: "35 s", "30 min", "1.5 h"."""
    if seconds >= 3600 and seconds % 360 == 0:
        return f"{format_number(seconds / 3600)} h"
    if seconds >= 60 and seconds % 30 == 0:
        return f"{format_number(seconds / 60)} min"
    return f"{format_number(seconds, 1 if seconds >= 10 else 2)} s"


def format_days(days: float) -> str:
    text = format_number(days, 1 if days >= 1 else 2)
    return f"{text} day" if text == "1" else f"{text} days"


def draw_svg(vs: ValueStream, metrics: VsmMetrics | None = None, **options: Any) -> str:
    """The map as SVG; see `obeya.core.vsm_draw.draw_svg`."""
    from obeya.core.vsm_draw import draw_svg as draw

    return draw(vs, metrics, **options)
