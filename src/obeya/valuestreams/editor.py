"""The map editor: what the facilitator typed <-> the plain data of the file format.

The page posts flat fields (`customer_demand`, `flow-3-cycle_time_s`, `info-0-source`...).
`EditorState` holds them as text, in order; `Editor` turns them into the dict of the YAML format,
lets the core parser judge it, and puts each of the parser's messages
(`flow[3].process.cycle_time_s: must be a positive number`) back on the field that caused it.
Adding, removing and moving items are operations on the state; nothing is stored until a save
that the parser accepts.

The simulation's keys are fields too: a step's cycle-time variability (`cycle_dist` and its
parameters `cycle_sd`, `cycle_min`... around the `cycle_time_s` field, which holds the value or
the mean), `mtbf_s`, `mttr_s`, a stock's `capacity`, and the arrivals (`arrivals_kind` and its
parameters). Every field is on the page whatever the kind chosen; only those of the chosen kind
go into the file, so opening a map and saving it gives back the same map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from obeya.core import vsm as core
from obeya.valuestreams.figures import KIND_LABELS
from obeya.valuestreams.forms import (
    INVENTORY_FIELDS,
    PERCENT_FIELDS,
    PROCESS_FIELDS,
    FlowItemForm,
    HeaderForm,
    InformationForm,
)

UNREADABLE = "could not be checked; look for a missing name or end"
MAX_FLOW_ITEMS = 50
MAX_INFORMATION_FLOWS = 30
FLOW_KINDS = ("process", *core.INVENTORY_KINDS)

HEADER_FIELDS = tuple(HeaderForm.base_fields)
FLOW_FIELDS = tuple(FlowItemForm.base_fields)
INFORMATION_FIELDS = tuple(InformationForm.base_fields)

# Where each place of the file is typed on the page.
HEADER_PLACES = {
    "name": "name",
    "customer": "customer_demand",
    "customer.name": "customer_name",
    "customer.demand": "customer_demand",
    "customer.period_days": "customer_period_days",
    "customer.unit": "customer_unit",
    "work": "work_shifts",
    "work.shifts": "work_shifts",
    "work.available_s_per_shift": "work_available_s_per_shift",
    "supplier": "supplier_name",
    "supplier.name": "supplier_name",
    "production_control": "pc_name",
    "production_control.name": "pc_name",
    "production_control.system": "pc_system",
    "transport": "transport_supplier",
    "transport.supplier": "transport_supplier",
    "transport.customer": "transport_customer",
}
INFORMATION_PLACES = {"from": "source", "to": "target"}

_FLOW_PLACE = re.compile(
    r"^flow\[(\d+)\](?:\.(?:process|inventory|supermarket|fifo))?(?:\.(\w+))?$"
)
_INFO_PLACE = re.compile(r"^information\[(\d+)\](?:\.(\w+))?$")
# `flow[3].process.cycle_time_s.values[2]`: the key, then the distribution's parameter.
_FLOW_PARAM_PLACE = re.compile(
    r"^flow\[(\d+)\]\.(?:process|inventory|supermarket|fifo)\.(\w+)\.(\w+)(?:\[\d+\])?$"
)
_ARRIVALS_PLACE = re.compile(r"^arrivals(?:\.(\w+))?(?:\[\d+\])?$")

# The fields where each parameter of a distribution is typed, for a step's cycle time
# (`mean` and `value` both go in the cycle time's own field) and for the arrivals.
CYCLE_PARAM_FIELDS = {
    "dist": "cycle_dist",
    "mean": "cycle_time_s",
    "value": "cycle_time_s",
    "sd": "cycle_sd",
    "min": "cycle_min",
    "mode": "cycle_mode",
    "max": "cycle_max",
    "values": "cycle_values",
}
ARRIVAL_PARAM_FIELDS = {
    "dist": "arrivals_kind",
    "mean": "arrivals_mean",
    "value": "arrivals_mean",
    "sd": "arrivals_sd",
    "min": "arrivals_min",
    "mode": "arrivals_mode",
    "max": "arrivals_max",
    "values": "arrivals_values",
    "schedule": "arrivals_schedule",
    "every_s": "arrivals_every_s",
}


# --------------------------------------------------------------------------------------------
# Numbers typed <-> numbers of the file


def to_number(raw: str, *, percent: bool = False) -> Any:
    """ "52.5" -> 52.5, "20" -> 20, "" -> None; a percentage is divided by 100 ("90" -> 0.9).
    Text that is no number is passed on as typed, for the parser to say so."""
    text = raw.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return raw.strip()
    if not value.is_finite() or value.adjusted() > 15:  # no count of a plant has 16 digits
        return raw.strip()
    if percent:
        value = value / 100
    return int(value) if value == value.to_integral_value() else float(value)


def from_number(value: Any, *, percent: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if percent:
        number *= 100
    return format(number.normalize(), "f")


def _text(raw: str) -> str | None:
    return raw.strip() or None


_LIST_SEPARATORS = re.compile(r"[\s,;]+")


def to_numbers(raw: str) -> list[Any]:
    """ "84, 79 102" -> [84, 79, 102]: a list of times typed in one field, separated by commas,
    semicolons or spaces (decimals with a point). Text that is no number stays text, for the
    parser to name its place (`values[2]`)."""
    return [to_number(part) for part in _LIST_SEPARATORS.split(raw.strip()) if part]


def from_numbers(values: list[Any]) -> str:
    return ", ".join(from_number(v) for v in values)


def _distribution_fields(dist: dict[str, Any]) -> dict[str, str]:
    """A distribution mapping of the file as the fields of the page, keyed by parameter
    (`kind`, `mean`, `sd`, `min`, `mode`, `max`, `values`); `mean` holds the value of `fixed`
    and, for the kinds that compute their mean (triangular, empirical), that mean, so that
    choosing no variability afterwards starts from it."""
    kind = str(dist.get("dist", ""))
    fields = {"kind": kind}
    if kind == "fixed":
        fields["mean"] = from_number(dist.get("value"))
    elif "mean" in dist:
        fields["mean"] = from_number(dist["mean"])
    for key in ("sd", "min", "mode", "max"):
        if key in dist:
            fields[key] = from_number(dist[key])
    if "values" in dist:
        fields["values"] = from_numbers(dist["values"])
    if kind in ("triangular", "empirical"):  # valid: it comes from a parsed map
        params = tuple(float(dist[k]) for k in ("min", "mode", "max") if k in dist)
        sample = tuple(float(v) for v in dist.get("values", ()))
        fields["mean"] = from_number(round(core.Distribution(kind, params, sample).mean_s, 6))
    return fields


def _distribution_data(kind: str, fields: dict[str, str]) -> dict[str, Any]:
    """The fields of the page as the file's distribution mapping; only the parameters of the
    chosen kind are written (the others stay on the page, ignored). A parameter left empty is
    left out, and the parser says it is missing, at its place."""
    kind = kind.strip()
    wanted = core.DISTRIBUTIONS.get(kind)
    if wanted is None:  # not a kind of the list: the parser names it
        return {"dist": kind}
    out: dict[str, Any] = {"dist": kind}
    for key in wanted:
        if key == "values":
            out["values"] = to_numbers(fields["values"])
        else:
            out[key] = to_number(fields["mean" if key == "value" else key])
    return _present(**out)


# --------------------------------------------------------------------------------------------
# The state of the page


def _blank_item(kind: str) -> dict[str, str]:
    item = dict.fromkeys(FLOW_FIELDS, "")
    item["kind"] = kind
    return item


def _blank_information() -> dict[str, str]:
    item = dict.fromkeys(INFORMATION_FIELDS, "")
    item["kind"] = "schedule"
    return item


@dataclass
class EditorState:
    header: dict[str, str] = field(default_factory=lambda: dict.fromkeys(HEADER_FIELDS, ""))
    flow: list[dict[str, str]] = field(default_factory=list)
    information: list[dict[str, str]] = field(default_factory=list)
    # After a button: where the keyboard focus goes, ("flow" | "info", index, control), the
    # control being "up", "down", "remove" or the name of a field.
    focus: tuple[str, int, str] | None = None

    @classmethod
    def blank(cls, *, name: str = "") -> EditorState:
        """A new map: a step to start from, the customer's unit and one shift filled in."""
        state = cls(flow=[_blank_item("process")])
        state.header.update(name=name, customer_unit="pcs")
        return state

    @classmethod
    def from_post(cls, data: QueryDict) -> EditorState:
        def count(key: str, limit: int) -> int:
            try:
                return max(0, min(limit, int(data.get(key, 0))))
            except (TypeError, ValueError):
                return 0

        state = cls(header={name: data.get(name, "") for name in HEADER_FIELDS})
        for i in range(count("flow-count", MAX_FLOW_ITEMS)):
            state.flow.append({name: data.get(f"flow-{i}-{name}", "") for name in FLOW_FIELDS})
        for i in range(count("info-count", MAX_INFORMATION_FLOWS)):
            item = {name: data.get(f"info-{i}-{name}", "") for name in INFORMATION_FIELDS}
            item["electronic"] = "on" if data.get(f"info-{i}-electronic") else ""
            state.information.append(item)
        return state

    @classmethod
    def from_value_stream(cls, vs: core.ValueStream, *, name: str, notes: str) -> EditorState:
        data = core.value_stream_to_dict(vs)
        customer, work = data["customer"], data["work"]
        supplier = data.get("supplier", {})
        control = data.get("production_control")
        transport = data.get("transport", {})
        state = cls()
        state.header.update(
            name=name,
            notes=notes,
            customer_name=customer.get("name", ""),
            customer_demand=from_number(customer.get("demand")),
            customer_period_days=from_number(customer.get("period_days")),
            customer_unit=customer.get("unit", "pcs"),
            work_shifts=from_number(work.get("shifts")),
            work_available_s_per_shift=from_number(work.get("available_s_per_shift")),
            supplier_name=supplier.get("name", ""),
            pc_name="" if control is None else control.get("name", core.ProductionControl().name),
            pc_system="" if control is None else control.get("system") or "",
            transport_supplier=transport.get("supplier") or "",
            transport_customer=transport.get("customer") or "",
        )
        arrivals = data.get("arrivals")
        if arrivals is not None and "schedule" in arrivals:
            state.header.update(
                arrivals_kind="schedule",
                arrivals_schedule=from_numbers(arrivals["schedule"]),
                arrivals_every_s=from_number(arrivals.get("every_s")),
            )
        elif arrivals is not None:
            fields = _distribution_fields(arrivals)
            state.header.update({f"arrivals_{k}": v for k, v in fields.items()})
        for entry in data["flow"]:
            kind, body = next(iter(entry.items()))
            item = _blank_item(kind)
            item["name"] = body.get("name") or ""
            for key in (*PROCESS_FIELDS, *INVENTORY_FIELDS):
                if key in body:
                    item[key] = from_number(body[key], percent=key in PERCENT_FIELDS)
            if isinstance(body.get("cycle_time_s"), dict):
                fields = _distribution_fields(body["cycle_time_s"])
                item["cycle_dist"] = fields.pop("kind")
                item["cycle_time_s"] = fields.pop("mean", "")
                item.update({f"cycle_{k}": v for k, v in fields.items()})
            state.flow.append(item)
        for entry in data.get("information", []):
            state.information.append(
                {
                    "kind": entry["kind"],
                    "source": entry["from"],
                    "target": entry["to"],
                    "frequency": entry.get("frequency") or "",
                    "label": entry.get("label") or "",
                    "electronic": "on" if entry.get("electronic") else "",
                }
            )
        return state

    # -- operations of the page's buttons ---------------------------------------------------

    def apply(self, op: str) -> EditorState:
        """Apply "add:process", "up:3", "down:3", "remove:3", "add-info", "remove-info:2";
        anything else leaves the state as it is."""
        verb, _sep, arg = op.partition(":")
        if verb == "add" and arg in FLOW_KINDS and len(self.flow) < MAX_FLOW_ITEMS:
            self.flow.append(_blank_item(arg))
            self.focus = ("flow", len(self.flow) - 1, "name")
        elif verb == "add-info" and len(self.information) < MAX_INFORMATION_FLOWS:
            self.information.append(_blank_information())
            self.focus = ("info", len(self.information) - 1, "source")
        elif arg.isdigit():
            i = int(arg)
            section = "info" if verb == "remove-info" else "flow"
            items = self.information if section == "info" else self.flow
            if not 0 <= i < len(items):
                return self
            if verb in ("remove", "remove-info"):
                del items[i]
                if items:
                    self.focus = (section, min(i, len(items) - 1), "remove")
            elif verb == "up" and i > 0:
                items[i - 1], items[i] = items[i], items[i - 1]
                self.focus = ("flow", i - 1, "up" if i - 1 > 0 else "down")
            elif verb == "down" and i < len(items) - 1:
                items[i + 1], items[i] = items[i], items[i + 1]
                self.focus = ("flow", i + 1, "down" if i + 1 < len(items) - 1 else "up")
        return self

    # -- the file's data -------------------------------------------------------------------

    def to_data(self) -> dict[str, Any]:
        """The plain dict of the YAML format, for `obeya.core.vsm.parse_value_stream`."""
        h = self.header
        out: dict[str, Any] = {}
        if _text(h["name"]):
            out["name"] = h["name"].strip()
        out["customer"] = _present(
            name=_text(h["customer_name"]),
            demand=to_number(h["customer_demand"]),
            period_days=to_number(h["customer_period_days"]),
            unit=_text(h["customer_unit"]),
        )
        out["work"] = _present(
            shifts=to_number(h["work_shifts"]),
            available_s_per_shift=to_number(h["work_available_s_per_shift"]),
        )
        if _text(h["supplier_name"]):
            out["supplier"] = {"name": h["supplier_name"].strip()}
        if _text(h["pc_name"]) or _text(h["pc_system"]):
            out["production_control"] = _present(
                name=_text(h["pc_name"]), system=_text(h["pc_system"])
            )
        out["flow"] = [_item_data(item) for item in self.flow]
        if self.information:
            out["information"] = [
                _present(
                    # Required texts go to the parser even when empty ("" rather than no key):
                    # it reports them as missing either way.
                    kind=item["kind"].strip(),
                    **{"from": item["source"].strip(), "to": item["target"].strip()},
                    frequency=_text(item["frequency"]),
                    label=_text(item["label"]),
                    electronic=True if item["electronic"] else None,
                )
                for item in self.information
            ]
        transport = _present(
            supplier=_text(h["transport_supplier"]), customer=_text(h["transport_customer"])
        )
        if transport:
            out["transport"] = transport
        arrivals = h["arrivals_kind"].strip()
        if arrivals == "schedule":
            out["arrivals"] = _present(
                schedule=to_numbers(h["arrivals_schedule"]),
                every_s=to_number(h["arrivals_every_s"]),
            )
        elif arrivals:
            out["arrivals"] = _distribution_data(
                arrivals,
                {k: h[f"arrivals_{k}"] for k in ("mean", "sd", "min", "mode", "max", "values")},
            )
        return out

    def form_data(self) -> dict[str, Any]:
        """The state as the page posts it, to bind the forms."""
        data: dict[str, Any] = dict(self.header)
        data["flow-count"] = len(self.flow)
        data["info-count"] = len(self.information)
        for i, item in enumerate(self.flow):
            data.update({f"flow-{i}-{k}": v for k, v in item.items()})
        for i, item in enumerate(self.information):
            data.update({f"info-{i}-{k}": v for k, v in item.items() if k != "electronic"})
            if item["electronic"]:
                data[f"info-{i}-electronic"] = "on"
        return data

    def ends(self) -> list[str]:
        """What an information flow may name: the fixed places and the steps typed so far."""
        steps = [
            item["name"].strip()
            for item in self.flow
            if item["kind"] == "process" and item["name"].strip()
        ]
        return [*core.PLACES, *dict.fromkeys(steps)]


def _present(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _item_data(item: dict[str, str]) -> dict[str, Any]:
    kind = item["kind"] if item["kind"] in FLOW_KINDS else item["kind"] or "process"
    if kind == "process":
        body = {"name": item["name"].strip()}  # required: "" rather than no key, as above
        body.update(
            {key: to_number(item[key], percent=key in PERCENT_FIELDS) for key in PROCESS_FIELDS}
        )
        if item["cycle_dist"].strip():
            body["cycle_time_s"] = _distribution_data(
                item["cycle_dist"],
                {
                    "mean": item["cycle_time_s"],
                    **{k: item[f"cycle_{k}"] for k in ("sd", "min", "mode", "max", "values")},
                },
            )
    else:
        body = {"name": _text(item["name"])}
        body.update({key: to_number(item[key]) for key in INVENTORY_FIELDS})
    return {kind: _present(**body)}


# --------------------------------------------------------------------------------------------
# The parser's messages, next to their fields


@dataclass(frozen=True)
class EditorError:
    """One mistake: `slot` is the html name of the field it belongs to ("flow-3-cycle_time_s"),
    of the item as a whole ("flow-3"), or "" when it belongs to no field."""

    slot: str
    field: str  # the form field's name, "" for an item or the whole map
    section: str  # "header", "flow", "information" or "map"
    index: int | None
    where: str  # the place in words, for the list of mistakes
    message: str
    place: str  # as the parser wrote it

    @property
    def anchor(self) -> str:
        """The id to link to: the field's input, or the item as a whole."""
        if not self.slot:
            return ""
        return f"id_{self.slot}" if self.field else self.slot


_MESSAGES = {
    "missing": lambda: _("Required."),
    "must be a positive number": lambda: _("Must be a number above 0."),
    "must be zero or a positive number": lambda: _("Must be 0 or a positive number."),
    "must be a whole number of at least 1": lambda: _("Must be a whole number of at least 1."),
    "must be a non-empty text": lambda: _("Required."),
    "must be one line of text without control characters": lambda: _("Must be one line of text."),
    "needs a quantity (pieces) or days (of demand)": lambda: _(
        "Give a quantity (pieces) or the days of demand it covers."
    ),
    "goes from and to the same place": lambda: _("It goes from and to the same place."),
    "must contain at least one process": lambda: _("The flow needs at least one process step."),
    "must be true or false": lambda: _("Must be yes or no."),
    "must be a fraction above 0 and at most 1 (90 % is 0.9)": lambda: _(
        "Must be a fraction above 0 and at most 1 (90 % is 0.9)."
    ),
    "must be a fraction from 0 to below 1 (2 % is 0.02)": lambda: _(
        "Must be a fraction from 0 to below 1 (2 % is 0.02)."
    ),
    "must be a fraction from 0 to 1 (80 % is 0.8)": lambda: _(
        "Must be a fraction from 0 to 1 (80 % is 0.8)."
    ),
    "the file is empty": lambda: _("The file is empty."),
    "must be a whole number, 0 or more": lambda: _("Must be a whole number, 0 or more."),
    "must have a positive mean": lambda: _("The mean must be above 0."),
    "the time between two units must have a positive mean": lambda: _(
        "The mean time between two units must be above 0."
    ),
    "the times must be in increasing order": lambda: _("The times must be in increasing order."),
    "must be a non-empty list of times": lambda: _("Give at least one time in seconds."),
    "must be a non-empty list of times in seconds, 0 or more": lambda: _(
        "Give at least one time in seconds, each 0 or more."
    ),
    UNREADABLE: lambda: _(
        "The map could not be checked: look for a missing name or end of an information flow."
    ),
}
_PERCENT_MESSAGES = {
    "uptime": lambda: _("Must be above 0 % and at most 100 %."),
    "scrap_rate": lambda: _("Must be from 0 % to below 100 %."),
    "value_added_share": lambda: _("Must be from 0 % to 100 %."),
}


def translate_message(
    message: str, *, key: str = "", keep_value: bool = False, percent: bool = True
) -> str:
    """The parser's English message in the reader's language; kept as is when unknown.
    `key` is the file's key it is about: on the page percentages are typed in per cent
    (`percent`), in a file they are fractions."""
    stem, _sep, got = message.partition(", got ")
    if percent and key in PERCENT_FIELDS and stem.startswith("must be a fraction"):
        return _PERCENT_MESSAGES[key]()
    if stem in _MESSAGES:
        text = _MESSAGES[stem]()
    elif stem.startswith("missing: ") and "needs" in stem:  # mtbf_s needs mttr_s
        text = _("Give the MTBF and the MTTR together (breakdowns).")
    elif stem.startswith("give uptime or mtbf_s and mttr_s"):
        text = _(
            "Give the uptime or the MTBF and MTTR, not both: the uptime is then "
            "MTBF / (MTBF + MTTR)."
        )
    elif stem.startswith("needs min <= mode <= max"):
        text = _("Needs shortest ≤ most likely ≤ longest.")
    elif stem.startswith("must be above the last time of the schedule"):
        last = re.search(r"\((.*?)\)", stem)
        text = _("Must be above the last arrival time (%(last)s).") % {
            "last": last.group(1) if last else ""
        }
    elif stem.startswith("missing; one of") or stem.startswith("unknown distribution"):
        text = _("Choose a distribution: %(kinds)s.") % {"kinds": ", ".join(core.DISTRIBUTIONS)}
    elif stem.startswith("two inventories in a row"):
        text = _("Two stocks in a row: merge them, or put the step that separates them between.")
    elif stem.endswith("step names must be unique"):
        text = _("Another step has the same name; step names must be unique.")
    elif stem.startswith("unknown end"):
        end = re.match(r"unknown end '(.*?)'", stem)
        hint = re.search(r"did you mean '(.*?)'\?", stem)
        text = _(
            "“%(end)s” is neither customer, supplier, production control nor the name of a step."
        ) % {"end": end.group(1) if end else ""}
        if hint:
            text += " " + _("Did you mean “%(hint)s”?") % {"hint": hint.group(1)}
    elif stem.startswith("unknown key"):
        hint = re.search(r"did you mean '(.*?)'\?", stem)
        expected = stem.partition("expected one of ")[2]
        text = _("Unknown key; expected one of %(keys)s.") % {"keys": expected}
        if hint:
            text += " " + _("Did you mean “%(hint)s”?") % {"hint": hint.group(1)}
    elif stem.startswith("not valid YAML or JSON"):
        problem = stem.partition("(")[2].rstrip(")")
        text = _("Not valid YAML or JSON: %(problem)s.") % {"problem": problem}
    else:
        return message
    if keep_value and got:
        text += " " + _("(got %(value)s)") % {"value": got}
    return text


def _item_label(i: int, item: dict[str, str] | None) -> str:
    if item is None:
        return _("Item %(n)s") % {"n": i + 1}
    kind = str(KIND_LABELS.get(item["kind"], item["kind"]))
    name = item["name"].strip()
    if name:
        return _("Item %(n)s, %(kind)s “%(name)s”") % {"n": i + 1, "kind": kind, "name": name}
    return _("Item %(n)s, %(kind)s") % {"n": i + 1, "kind": kind}


def map_errors(errors: list[str], state: EditorState) -> list[EditorError]:
    """Put each "place: message" of the parser on the field of the page it belongs to."""
    out = []
    for error in errors:
        place, _sep, message = error.partition(": ")
        out.append(_map_one(place, message, state))
    return out


def _field_label(form_class: type, name: str) -> str:
    return str(form_class.base_fields[name].label)


def _distribution_field(param: str, kind: str, fields: dict[str, str], whole: str) -> str:
    """The field of a distribution's parameter (`sd` -> `cycle_sd`; an unknown one goes on
    the kind). A mistake about the distribution as a whole (`needs min <= mode <= max`, a mean
    of 0) goes on the field the user typed it in: the most likely value of a triangular, the
    list of an empirical, otherwise `whole`."""
    if param:
        return fields.get(param, fields["dist"])
    if kind == "triangular":
        return fields["mode"]
    if kind == "empirical":
        return fields["values"]
    return whole


def _map_one(place: str, message: str, state: EditorState) -> EditorError:
    match = _ARRIVALS_PLACE.match(place)
    if match:
        param = match.group(1) or ""
        name = _distribution_field(
            param,
            state.header.get("arrivals_kind", "").strip(),
            ARRIVAL_PARAM_FIELDS,
            whole="arrivals_mean",
        )
        return EditorError(
            slot=name,
            field=name,
            section="header",
            index=None,
            where=_field_label(HeaderForm, name),
            message=translate_message(message, key=param),
            place=place,
        )
    match = _FLOW_PARAM_PLACE.match(place) or _FLOW_PLACE.match(place)
    if match and match.group(2) == "cycle_time_s" and int(match.group(1)) < len(state.flow):
        i = int(match.group(1))
        item = state.flow[i]
        param = match.group(3) if match.re is _FLOW_PARAM_PLACE else ""
        kind = item.get("cycle_dist", "").strip()
        name = _distribution_field(param, kind, CYCLE_PARAM_FIELDS, whole="cycle_time_s")
        return EditorError(
            slot=f"flow-{i}-{name}",
            field=name,
            section="flow",
            index=i,
            where=f"{_item_label(i, item)} · {_field_label(FlowItemForm, name)}",
            message=translate_message(message, key=param or "cycle_time_s"),
            place=place,
        )
    if place in HEADER_PLACES:
        name = HEADER_PLACES[place]
        key = place.rpartition(".")[2]
        return EditorError(
            slot=name,
            field=name,
            section="header",
            index=None,
            where=_field_label(HeaderForm, name),
            message=translate_message(message, key=key),
            place=place,
        )
    match = _FLOW_PLACE.match(place)
    if match and int(match.group(1)) < len(state.flow):
        i, key = int(match.group(1)), match.group(2) or ""
        item = state.flow[i]
        label = _item_label(i, item)
        if key in FLOW_FIELDS:
            return EditorError(
                slot=f"flow-{i}-{key}",
                field=key,
                section="flow",
                index=i,
                where=f"{label} · {_field_label(FlowItemForm, key)}",
                message=translate_message(message, key=key),
                place=place,
            )
        return EditorError(f"flow-{i}", "", "flow", i, label, translate_message(message), place)
    match = _INFO_PLACE.match(place)
    if match and int(match.group(1)) < len(state.information):
        i, key = int(match.group(1)), match.group(2) or ""
        name = INFORMATION_PLACES.get(key, key)
        label = _("Information flow %(n)s") % {"n": i + 1}
        if name in INFORMATION_FIELDS:
            return EditorError(
                slot=f"info-{i}-{name}",
                field=name,
                section="information",
                index=i,
                where=f"{label} · {_field_label(InformationForm, name)}",
                message=translate_message(message, key=key),
                place=place,
            )
        return EditorError(
            f"info-{i}", "", "information", i, label, translate_message(message), place
        )
    where = _("Material flow") if place.startswith("flow") else _("Map")
    return EditorError("", "", "map", None, where, translate_message(message), place)


# --------------------------------------------------------------------------------------------
# The editor of one page


@dataclass
class FlowItem:
    index: int
    form: FlowItemForm
    errors: list[str]
    is_first: bool
    is_last: bool
    focus: str = ""  # the control that gets the focus after a button: "up", "down", "remove"


@dataclass
class InformationItem:
    index: int
    form: InformationForm
    errors: list[str]
    focus: str = ""


class Editor:
    """The forms of the page for a state, the map they describe, and its mistakes.

    `show_errors` puts every mistake on its field (after a save); otherwise they are listed
    beside the preview and only those about an item as a whole (two stocks in a row) show on
    the item; the page's script shows the others on the fields the user has touched.
    """

    def __init__(self, state: EditorState, *, show_errors: bool = False) -> None:
        self.state = state
        self.data = state.to_data()
        self.value_stream: core.ValueStream | None = None
        self.metrics: core.VsmMetrics | None = None
        self.errors: list[EditorError] = []
        try:
            self.value_stream = core.parse_value_stream(self.data)
            self.metrics = core.compute_metrics(self.value_stream)
        except core.ValueStreamError as exc:
            self.value_stream = self.metrics = None
            self.errors = map_errors(exc.errors, state)
        except (TypeError, AttributeError, OverflowError):  # the parser trips: refuse, not crash
            self.value_stream = self.metrics = None
            self.errors = map_errors([f"value stream: {UNREADABLE}"], state)
        data = state.form_data()
        self.header = HeaderForm(data)
        self.flow = [
            FlowItem(
                i, FlowItemForm(data, prefix=f"flow-{i}"), [], i == 0, i == len(state.flow) - 1
            )
            for i in range(len(state.flow))
        ]
        self.information = [
            InformationItem(i, InformationForm(data, prefix=f"info-{i}"), [])
            for i in range(len(state.information))
        ]
        if state.focus is not None:
            section, index, control = state.focus
            items = self.flow if section == "flow" else self.information
            if 0 <= index < len(items):
                item = items[index]
                if control in item.form.fields:
                    item.form.fields[control].widget.attrs["autofocus"] = True
                else:
                    item.focus = control
        self.map_errors: list[str] = []
        # Validating gives the forms their cleaned_data, so that errors can be added to them.
        self.forms_valid = all([form.is_valid() for form in self._forms()])
        if show_errors:
            self._show(self.errors)
        else:  # what is wrong with the order of the items shows at once, on the item
            self._show(
                [
                    e
                    for e in self.errors
                    if e.section != "header" and e.index is not None and not e.field
                ]
            )

    def _forms(self):
        yield self.header
        yield from (item.form for item in self.flow)
        yield from (item.form for item in self.information)

    def _show(self, errors: list[EditorError]) -> None:
        for e in errors:
            if e.section == "header":
                self.header.add_error(e.field, e.message)
            elif e.section == "flow":
                item = self.flow[e.index]
                if e.field:
                    item.form.add_error(e.field, e.message)
                else:
                    item.errors.append(e.message)
            elif e.section == "information":
                info = self.information[e.index]
                if e.field:
                    info.form.add_error(e.field, e.message)
                else:
                    info.errors.append(e.message)
            else:
                self.map_errors.append(e.message)

    def add_model_errors(self, errors: dict[str, list[str]]) -> None:
        """Errors of the stored row (the name is required there, optional in the file)."""
        extra = []
        for name, messages in errors.items():
            for message in messages:
                if name in HEADER_FIELDS:
                    label = _field_label(HeaderForm, name)
                    extra.append(EditorError(name, name, "header", None, label, message, name))
                else:
                    extra.append(EditorError("", "", "map", None, _("Map"), message, name))
        self.errors.extend(extra)
        self._show(extra)

    @property
    def is_valid(self) -> bool:
        return self.value_stream is not None and not self.errors and self.forms_valid

    @property
    def name(self) -> str:
        return self.state.header["name"].strip()

    @property
    def notes(self) -> str:
        return self.state.header["notes"].strip()

    @property
    def source(self) -> str:
        assert self.value_stream is not None
        return core.dump_value_stream(self.value_stream)

    def field_errors(self) -> dict[str, list[str]]:
        """Every mistake by the html name of its field or item, for the page's script."""
        out: dict[str, list[str]] = {}
        for e in self.errors:
            out.setdefault(e.slot, []).append(e.message)
        return out
