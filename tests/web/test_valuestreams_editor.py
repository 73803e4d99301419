"""The map editor keeps every key of the file: the simulation's (arrivals, cycle-time
distributions, breakdowns, buffer capacities) as well as the map's. Every map the project ships
goes through the page and comes back equal; a wrong parameter is shown next to its field."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.http import QueryDict
from django.urls import reverse
from test_valuestreams import errors_next_to

from obeya.audit.models import AuditEntry
from obeya.core import vsm as core
from obeya.valuestreams import demo
from obeya.valuestreams.demo import load_demo_value_streams
from obeya.valuestreams.editor import (
    Editor,
    EditorState,
    map_errors,
    to_numbers,
    translate_message,
)
from obeya.valuestreams.models import ValueStream

ROOT = Path(__file__).resolve().parents[2]


# --- every map the project ships -----------------------------------------------------------


def _documented_maps() -> dict[str, str]:
    """The example files of docs/ and tests/core/fixtures, and the YAML blocks of docs/*.md
    that are whole maps (the others are fragments of one)."""
    maps = {}
    for folder in (ROOT / "docs", ROOT / "tests" / "core" / "fixtures"):
        for path in sorted(folder.rglob("*.y*ml")):
            maps[str(path.relative_to(ROOT))] = path.read_text()
    for path in sorted((ROOT / "docs").glob("*.md")):
        blocks = re.findall(r"```ya?ml\n(.*?)```", path.read_text(), re.S)
        for i, block in enumerate(blocks):
            try:
                core.load_value_stream(block)
            except core.ValueStreamError:
                continue
            maps[f"{path.relative_to(ROOT)}#{i}"] = block
    return maps


def _demo_maps() -> dict[str, str]:
    return {
        f"demo-{language}-{state}": make(demo._TEXT[language])
        for language in ("fr", "en")
        for state, make in (("current", demo._current_state), ("future", demo._future_state))
    }


EVERY_KEY = """\
name: Every key of the simulation
customer: {name: Car maker, demand: 9600, period_days: 20, unit: brackets}
work: {shifts: 2, available_s_per_shift: 25200}
flow:
  - inventory: {name: Sheets, days: 2.5, capacity: 5000}
  - process: {name: Fixed, cycle_time_s: {dist: fixed, value: 38.5}, mtbf_s: 36000,
      mttr_s: 1800, changeover_s: 600, batch_size: 12}
  - inventory: {name: Buffer A, capacity: 24}
  - process: {name: Exponential, cycle_time_s: {dist: exponential, mean: 40}, machines: 2}
  - fifo: {name: Lane, quantity: 30, capacity: 40}
  - process: {name: Normal, cycle_time_s: {dist: normal, mean: 60, sd: 7.5}, uptime: 0.95}
  - supermarket: {name: Market, quantity: 120, days: 0.5, unit_value: 4.8, capacity: 200}
  - process: {name: Lognormal, cycle_time_s: {dist: lognormal, mean: 84, sd: 21}, mtbf_s: 4100,
      mttr_s: 0, operators: 2, scrap_rate: 0.02}
  - inventory: {quantity: 0, capacity: 0}
  - process: {name: Normal without spread, cycle_time_s: {dist: normal, mean: 50, sd: 0}}
  - process: {name: Triangular, cycle_time_s: {dist: triangular, min: 20, mode: 25.5, max: 41},
      value_added_share: 0.6}
  - process: {name: Empirical, cycle_time_s: {dist: empirical, values: [30, 28.5, 35, 0, 31]}}
  - process: {name: Plain, cycle_time_s: 20, shifts: 1}
  - inventory: {name: Finished, quantity: 1200}
"""

ARRIVALS = {
    "takt": None,
    "fixed": "{dist: fixed, value: 105}",
    "exponential": "{dist: exponential, mean: 105}",
    "normal": "{dist: normal, mean: 105, sd: 20.5}",
    "lognormal": "{dist: lognormal, mean: 105, sd: 30}",
    "triangular": "{dist: triangular, min: 60, mode: 100, max: 160}",
    "empirical": "{dist: empirical, values: [90, 110.5, 120, 0.25]}",
    "schedule": "{schedule: [0, 30, 45.5], every_s: 60}",
}


HAND_MADE = {
    f"every-key-arrivals-{kind}": EVERY_KEY + (f"arrivals: {line}\n" if line else "")
    for kind, line in ARRIVALS.items()
}
SHIPPED = {**_demo_maps(), **_documented_maps(), **HAND_MADE}


def _as_posted(state: EditorState, *, drop_empty: bool = False) -> QueryDict:
    """The state as the browser posts it: every value a string, empty fields included (or
    left out, as a client that skips them does)."""
    posted = QueryDict(mutable=True)
    for key, value in state.form_data().items():
        if value != "" or not drop_empty:
            posted[key] = str(value)
    return posted


def _through_the_editor(vs: core.ValueStream, *, drop_empty: bool = False) -> core.ValueStream:
    state = EditorState.from_value_stream(vs, name=vs.name, notes="")
    back = EditorState.from_post(_as_posted(state, drop_empty=drop_empty))
    return core.parse_value_stream(back.to_data())


def test_the_shipped_maps_include_the_demo_the_docs_and_every_simulation_key():
    assert {"demo-fr-current", "demo-en-future", "docs/examples/brackets-line2.yaml"} <= set(
        SHIPPED
    )
    every = [core.load_value_stream(text) for name, text in HAND_MADE.items()]
    kinds = {p.cycle_time_dist.kind for p in every[0].processes if p.cycle_time_dist}
    assert kinds == set(core.DISTRIBUTIONS)
    arrivals = {
        vs.arrivals.interval.kind if vs.arrivals.interval else "schedule"
        for vs in every
        if vs.arrivals
    }
    assert arrivals == {*core.DISTRIBUTIONS, "schedule"}


@pytest.mark.parametrize("drop_empty", [False, True], ids=["all fields", "empty left out"])
@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_map_comes_back_equal_through_the_editor(name, drop_empty):
    original = core.load_value_stream(SHIPPED[name])
    again = _through_the_editor(original, drop_empty=drop_empty)
    assert core.value_stream_to_dict(again) == core.value_stream_to_dict(original)
    assert again == original


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_map_opens_in_the_editor_without_a_mistake(name):
    original = core.load_value_stream(SHIPPED[name])
    editor = Editor(EditorState.from_value_stream(original, name=original.name, notes=""))
    assert editor.errors == [] and editor.forms_valid
    assert core.load_value_stream(editor.source) == original


def test_the_fields_of_a_distribution_show_its_parameters_and_mean():
    vs = core.load_value_stream(HAND_MADE["every-key-arrivals-schedule"])
    state = EditorState.from_value_stream(vs, name=vs.name, notes="")
    by_name = {item["name"]: item for item in state.flow}
    assert (
        by_name["Lognormal"].items()
        >= {
            "cycle_dist": "lognormal",
            "cycle_time_s": "84",
            "cycle_sd": "21",
            "mtbf_s": "4100",
            "mttr_s": "0",
            "uptime": "",  # the breakdowns give it; the file must not say it too
        }.items()
    )
    assert by_name["Fixed"]["cycle_dist"] == "fixed" and by_name["Fixed"]["cycle_time_s"] == "38.5"
    # The kinds that compute their mean show it in the cycle time, to start from.
    assert by_name["Triangular"]["cycle_time_s"] == "28.833333"
    assert by_name["Triangular"]["cycle_min"] == "20"
    assert by_name["Empirical"]["cycle_values"] == "30, 28.5, 35, 0, 31"
    assert by_name["Empirical"]["cycle_time_s"] == "24.9"
    assert by_name["Plain"]["cycle_dist"] == ""
    assert state.flow[2]["capacity"] == "24"
    assert (state.header["arrivals_kind"], state.header["arrivals_schedule"]) == (
        "schedule",
        "0, 30, 45.5",
    )
    assert state.header["arrivals_every_s"] == "60"


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [("84, 79, 102", [84, 79, 102]), ("84 79;102.5", [84, 79, 102.5]), ("", []),
     (" 7 ,, 8 ", [7, 8]), ("84, abc", [84, "abc"])],
)  # fmt: skip
def test_lists_of_times_are_read_from_one_field(typed, numbers):
    assert to_numbers(typed) == numbers


# --- what applies and what does not ---------------------------------------------------------

HEAD = {
    "name": "Line",
    "customer_demand": "480",
    "customer_period_days": "1",
    "work_shifts": "1",
    "work_available_s_per_shift": "25200",
}


def _state(item: dict[str, str], **header: str) -> EditorState:
    posted = QueryDict(mutable=True)
    posted.update({**HEAD, **header, "flow-count": "1"})
    for key, value in item.items():
        posted[f"flow-0-{key}"] = value
    return EditorState.from_post(posted)


def test_fields_of_another_variability_are_ignored():
    leftovers = {"cycle_sd": "5", "cycle_min": "1", "cycle_max": "9", "cycle_values": "1, 2"}
    plain = _state({"kind": "process", "name": "A", "cycle_time_s": "40", **leftovers})
    assert plain.to_data()["flow"] == [{"process": {"name": "A", "cycle_time_s": 40}}]
    assert "arrivals" not in plain.to_data()
    spread = _state(
        {"kind": "process", "name": "A", "cycle_time_s": "40", "cycle_dist": "exponential"}
        | leftovers,
        arrivals_mean="100",
        arrivals_schedule="0, 10",
    )
    assert spread.to_data()["flow"][0]["process"]["cycle_time_s"] == {
        "dist": "exponential",
        "mean": 40,
    }
    assert "arrivals" not in spread.to_data()  # no kind chosen: one unit every takt
    triangle = _state(
        {"kind": "process", "name": "A", "cycle_time_s": "999", "cycle_dist": "triangular"}
        | leftovers
        | {"cycle_mode": "4"}
    )
    assert triangle.to_data()["flow"][0]["process"]["cycle_time_s"] == {
        "dist": "triangular",
        "min": 1,
        "mode": 4,
        "max": 9,
    }
    stock = _state({"kind": "inventory", "quantity": "10", "capacity": "12", "cycle_sd": "3"})
    assert stock.to_data()["flow"] == [{"inventory": {"quantity": 10, "capacity": 12}}]


# --- mistakes next to their fields ----------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "state", "slot"),
    [
        ("flow[0].process.cycle_time_s", {}, "flow-0-cycle_time_s"),
        ("flow[0].process.cycle_time_s.dist", {"cycle_dist": "x"}, "flow-0-cycle_dist"),
        ("flow[0].process.cycle_time_s.mean", {"cycle_dist": "normal"}, "flow-0-cycle_time_s"),
        ("flow[0].process.cycle_time_s.value", {"cycle_dist": "fixed"}, "flow-0-cycle_time_s"),
        ("flow[0].process.cycle_time_s.sd", {"cycle_dist": "normal"}, "flow-0-cycle_sd"),
        ("flow[0].process.cycle_time_s.min", {"cycle_dist": "triangular"}, "flow-0-cycle_min"),
        ("flow[0].process.cycle_time_s.max", {"cycle_dist": "triangular"}, "flow-0-cycle_max"),
        ("flow[0].process.cycle_time_s", {"cycle_dist": "triangular"}, "flow-0-cycle_mode"),
        ("flow[0].process.cycle_time_s", {"cycle_dist": "empirical"}, "flow-0-cycle_values"),
        ("flow[0].process.cycle_time_s.values", {"cycle_dist": "empirical"},
         "flow-0-cycle_values"),
        ("flow[0].process.cycle_time_s.values[3]", {"cycle_dist": "empirical"},
         "flow-0-cycle_values"),
        ("flow[0].process.mtbf_s", {}, "flow-0-mtbf_s"),
        ("flow[0].process.mttr_s", {}, "flow-0-mttr_s"),
        ("flow[0].process.uptime", {}, "flow-0-uptime"),
        ("flow[0].fifo.capacity", {"kind": "fifo"}, "flow-0-capacity"),
        ("arrivals", {}, "arrivals_mean"),
        ("arrivals", {"arrivals_kind": "triangular"}, "arrivals_mode"),
        ("arrivals.dist", {}, "arrivals_kind"),
        ("arrivals.value", {}, "arrivals_mean"),
        ("arrivals.mean", {}, "arrivals_mean"),
        ("arrivals.sd", {}, "arrivals_sd"),
        ("arrivals.mode", {}, "arrivals_mode"),
        ("arrivals.values[0]", {}, "arrivals_values"),
        ("arrivals.schedule", {}, "arrivals_schedule"),
        ("arrivals.every_s", {}, "arrivals_every_s"),
    ],
)  # fmt: skip
def test_each_place_of_the_parser_lands_on_its_field(place, state, slot):
    header = {k: v for k, v in state.items() if k.startswith("arrivals_")}
    item = {"kind": "process", "name": "A"} | {
        k: v for k, v in state.items() if not k.startswith("arrivals_")
    }
    (error,) = map_errors([f"{place}: missing"], _state(item, **header))
    assert error.slot == slot
    assert error.anchor == f"id_{slot}"


# Each mistake as the parser words it, on the field the user typed it in.
MISTAKES = [
    ({"flow-3-cycle_sd": "-4"}, "flow-3-cycle_sd", "Must be 0 or a positive number."),
    ({"flow-3-cycle_sd": ""}, "flow-3-cycle_sd", "Required."),
    ({"flow-3-cycle_dist": "triangular", "flow-3-cycle_min": "90", "flow-3-cycle_mode": "80",
      "flow-3-cycle_max": "100"}, "flow-3-cycle_mode", "Needs shortest ≤ most likely ≤ longest."),
    ({"flow-3-cycle_dist": "empirical", "flow-3-cycle_values": "80, abc"}, "flow-3-cycle_values",
     "Must be 0 or a positive number."),
    ({"flow-3-cycle_dist": "empirical", "flow-3-cycle_values": ""}, "flow-3-cycle_values",
     "Give at least one time in seconds."),
    ({"flow-3-cycle_dist": "empirical", "flow-3-cycle_values": "0, 0"}, "flow-3-cycle_values",
     "The mean must be above 0."),
    ({"flow-3-cycle_dist": "gamma"}, "flow-3-cycle_dist", None),
    ({"flow-3-mttr_s": ""}, "flow-3-mttr_s", "Give the MTBF and the MTTR together (breakdowns)."),
    ({"flow-3-uptime": "90"}, "flow-3-uptime",
     "Give the uptime or the MTBF and MTTR, not both: the uptime is then MTBF / (MTBF + MTTR)."),
    ({"flow-2-capacity": "2.5"}, "flow-2-capacity", "Must be a whole number, 0 or more."),
    ({"arrivals_kind": "normal", "arrivals_mean": "105"}, "arrivals_sd", "Required."),
    ({"arrivals_kind": "schedule", "arrivals_schedule": "0, 45, 30", "arrivals_every_s": "60"},
     "arrivals_schedule", "The times must be in increasing order."),
    ({"arrivals_kind": "schedule", "arrivals_schedule": "0, 30, 45", "arrivals_every_s": "40"},
     "arrivals_every_s", ("Must be above the last arrival time (%(last)s).", {"last": "45"})),
    ({"arrivals_kind": "schedule", "arrivals_schedule": "", "arrivals_every_s": "40"},
     "arrivals_schedule", "Give at least one time in seconds, each 0 or more."),
    ({"arrivals_kind": "fixed", "arrivals_mean": "0"}, "arrivals_mean",
     "Must be a number above 0."),
]  # fmt: skip


# --- through the real pages, as the facilitator ---------------------------------------------


class _FormScraper(HTMLParser):
    """What the browser posts for the editor's form as the page shows it: the inputs (checked
    boxes only), the option selected in each list (the first when none is), the text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._inside = False
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._inside = a.get("id") == "vsm-form"
        if not self._inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") != "checkbox":
                self.data[a["name"]] = a.get("value") or ""
            elif "checked" in a:
                self.data[a["name"]] = a.get("value") or "on"
        elif tag == "select":
            self._select, self._first_option, self._selected = a["name"], None, False
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self.data[self._select], self._selected = value, True
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "select" and self._select is not None:
            if not self._selected:
                self.data[self._select] = self._first_option or ""
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self.data[self._textarea] += data


def _page_as_posted(page: str) -> dict[str, str]:
    scraper = _FormScraper()
    scraper.feed(page)
    return scraper.data


@pytest.fixture
def demo_maps(cast):
    return load_demo_value_streams(project=cast["project"], language="en", user=cast["owner"])


@pytest.mark.parametrize("which", ["current", "future"])
def test_saving_the_edit_page_unchanged_keeps_the_simulation_keys(
    client_for, cast, demo_maps, which
):
    vs = demo_maps[which]
    original = core.load_value_stream(vs.source)
    client = client_for(cast["owner"])
    url = reverse("valuestreams:edit", args=[cast["project"].pk, vs.pk])
    page = client.get(url).content.decode()
    assert 'name="flow-3-mtbf_s"' in page and 'name="arrivals_kind"' in page
    assert '<option value="lognormal" selected>' in page
    posted = _page_as_posted(page)
    assert posted["arrivals_kind"] == "exponential" and posted["flow-3-cycle_dist"] == "lognormal"
    assert posted["flow-3-uptime"] == ""  # the breakdowns give it

    response = client.post(url, {**posted, "op": "save"})

    assert response.status_code == 302, errors_next_to(response.content.decode(), "name")
    vs.refresh_from_db()
    saved = core.load_value_stream(vs.source)
    assert core.value_stream_to_dict(saved) == core.value_stream_to_dict(original)
    bending = saved.processes[1]
    assert (bending.mtbf_s, bending.mttr_s) == (original.processes[1].mtbf_s, 900)
    assert bending.cycle_time_dist == original.processes[1].cycle_time_dist
    assert bending.cycle_time_dist.kind == "lognormal"
    assert saved.arrivals == core.Arrivals(interval=core.Distribution("exponential", (105.0,)))
    for key in ("arrivals:", "mtbf_s:", "mttr_s:", "dist: lognormal"):
        assert key in vs.source


def test_a_map_with_every_simulation_key_is_built_through_the_create_page(client_for, cast):
    original = core.load_value_stream(HAND_MADE["every-key-arrivals-empirical"])
    state = EditorState.from_value_stream(original, name=original.name, notes="")
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:create", args=[cast["project"].pk]),
        {**{k: str(v) for k, v in state.form_data().items()}, "op": "save"},
    )
    assert response.status_code == 302
    assert core.load_value_stream(ValueStream.objects.get().source) == original


@pytest.mark.parametrize(
    ("change", "slot", "message"),
    MISTAKES,
    ids=[m[1] + ":" + str(i) for i, m in enumerate(MISTAKES)],
)
def test_a_bad_parameter_is_shown_next_to_its_field_and_nothing_is_saved(
    client_for, cast, demo_maps, in_language_of, change, slot, message
):
    vs = demo_maps["current"]
    client = client_for(cast["owner"])
    url = reverse("valuestreams:edit", args=[cast["project"].pk, vs.pk])
    posted = _page_as_posted(client.get(url).content.decode())
    source, audits = vs.source, AuditEntry.objects.count()

    response = client.post(url, {**posted, **change, "op": "save"})

    assert response.status_code == 200
    vs.refresh_from_db()
    assert (vs.source, AuditEntry.objects.count()) == (source, audits)
    page = response.content.decode()
    shown = errors_next_to(page, slot)
    assert f'href="#id_{slot}"' in page  # the list of mistakes links to the field
    if message is None:  # a kind no list offers (a forged post): refused, whatever the words
        assert shown
        return
    text, params = message if isinstance(message, tuple) else (message, {})
    assert shown == in_language_of(response, text, **params)
    for name, value in change.items():  # what was typed stays in the form
        assert _page_as_posted(page)[name] == value


def test_every_message_of_the_new_places_is_translated_rather_than_passed_on():
    texts = [
        "missing: mtbf_s needs mttr_s (breakdowns)",
        "give uptime or mtbf_s and mttr_s, not both (uptime is then MTBF / (MTBF + MTTR))",
        "must be a whole number, 0 or more, got 2.5",
        "must have a positive mean",
        "the time between two units must have a positive mean",
        "the times must be in increasing order",
        "must be a non-empty list of times, got a list",
        "must be a non-empty list of times in seconds, 0 or more, got a list",
        "needs min <= mode <= max, got 9.0, 4.0, 5.0",
        "must be above the last time of the schedule (45), got 30",
        "unknown distribution 'gamma'; expected one of fixed, exponential",
    ]
    for text in texts:
        assert translate_message(text) != text
