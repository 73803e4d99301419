"""Value stream maps on the web: who may do what, the editor, import and export, the figures
with their explanations, current against future state, and the demo maps."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from permission_table import (
    FACILITATORS,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.audit.models import AuditEntry
from obeya.core import vsm as core
from obeya.valuestreams import services
from obeya.valuestreams.demo import load_demo_value_streams
from obeya.valuestreams.editor import EditorState, from_number, to_number
from obeya.valuestreams.figures import FORMULAS
from obeya.valuestreams.models import ValueStream

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.yaml"))
BRACKETS = ROOT / "docs" / "examples" / "brackets-line2.yaml"


# --- a map typed in the editor, as the browser posts it ------------------------------------


def editor_post(flow: list[dict], information: list[dict] = (), op: str = "save", **header):
    data = {
        "name": "Brackets, line 2",
        "notes": "",
        "customer_name": "Garage chain",
        "customer_demand": "9600",
        "customer_period_days": "20",
        "customer_unit": "pcs",
        "work_shifts": "1",
        "work_available_s_per_shift": "25200",
        "supplier_name": "Steel service centre",
        "pc_name": "Production control",
        "pc_system": "ERP",
        "transport_supplier": "truck weekly",
        "transport_customer": "truck daily",
        "flow-count": str(len(flow)),
        "info-count": str(len(information)),
        "op": op,
    }
    data.update(header)
    for i, item in enumerate(flow):
        data.update({f"flow-{i}-{k}": v for k, v in item.items()})
    for i, item in enumerate(information):
        data.update({f"info-{i}-{k}": v for k, v in item.items()})
    return data


FLOW = [
    {"kind": "inventory", "name": "Steel sheets", "days": "3"},
    {
        "kind": "process",
        "name": "Laser cutting",
        "cycle_time_s": "20",
        "changeover_s": "1800",
        "uptime": "90",
        "operators": "1",
    },
    {"kind": "inventory", "name": "", "quantity": "1200", "unit_value": "4.5"},
    {
        "kind": "process",
        "name": "Bending",
        "cycle_time_s": "35",
        "changeover_s": "900",
        "uptime": "95",
        "operators": "1",
    },
    {"kind": "inventory", "name": "Finished goods", "quantity": "2400", "unit_value": "7.2"},
]
INFORMATION = [
    {
        "kind": "orders",
        "source": "customer",
        "target": "production control",
        "frequency": "weekly",
        "electronic": "on",
    },
    {
        "kind": "schedule",
        "source": "production control",
        "target": "Bending",
        "frequency": "weekly",
    },
]


def errors_next_to(page: str, slot: str) -> str:
    """The text of the error slot of one field (`flow-1-cycle_time_s`)."""
    match = re.search(rf'id="{re.escape(slot)}-errors">(.*?)</div>', page, re.S)
    assert match, f"no error slot for {slot}"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


# --- the cast and their maps ---------------------------------------------------------------


@pytest.fixture
def maps(cast):
    current = services.value_stream_import(
        project=cast["project"], user=cast["owner"], text=BRACKETS.read_text()
    )
    future = services.value_stream_copy_to_future(value_stream=current, user=cast["owner"])
    return {"current": current, "future": future}


@pytest.fixture
def world(cast, maps):
    return {**cast, **maps}


def _state() -> tuple[int, int, list]:
    return (
        AuditEntry.objects.count(),
        ValueStream.objects.count(),
        list(ValueStream.objects.order_by("pk").values_list("name", "source")),
    )


# --- who gets what -------------------------------------------------------------------------


def _url(name: str, which: str | None = None) -> Callable[[dict], str]:
    def url(w: dict) -> str:
        args = [w["project"].pk] + ([w[which].pk] if which else [])
        return reverse(name, args=args)

    return url


PAGES = [
    Endpoint("list", "get", _url("valuestreams:index"), 200),
    Endpoint("new map form", "get", _url("valuestreams:create"), 200, FACILITATORS),
    Endpoint(
        "new map",
        "post",
        _url("valuestreams:create"),
        302,
        FACILITATORS,
        lambda w: editor_post(FLOW, INFORMATION, name="Brackets, line 3"),
    ),
    Endpoint(
        "editor operation",
        "post",
        _url("valuestreams:create"),
        200,
        FACILITATORS,
        lambda w: editor_post(FLOW, op="add:process"),
        htmx=True,
        writes=False,
    ),
    Endpoint(
        "preview",
        "post",
        _url("valuestreams:preview"),
        200,
        FACILITATORS,
        lambda w: editor_post(FLOW),
        htmx=True,
        writes=False,
    ),
    Endpoint("import form", "get", _url("valuestreams:import"), 200, FACILITATORS),
    Endpoint(
        "import",
        "post",
        _url("valuestreams:import"),
        302,
        FACILITATORS,
        lambda w: {"text": BRACKETS.read_text(), "name": "Imported again"},
    ),
    Endpoint("current state", "get", _url("valuestreams:detail", "current"), 200),
    Endpoint("future state", "get", _url("valuestreams:detail", "future"), 200),
    Endpoint("edit form", "get", _url("valuestreams:edit", "current"), 200, FACILITATORS),
    Endpoint(
        "edit",
        "post",
        _url("valuestreams:edit", "current"),
        302,
        FACILITATORS,
        lambda w: editor_post(FLOW, INFORMATION, name="Brackets, line 2 (walked again)"),
    ),
    Endpoint("YAML export", "get", _url("valuestreams:export_yaml", "current"), 200),
    Endpoint("SVG export", "get", _url("valuestreams:export_svg", "current"), 200),
    Endpoint("PNG export", "get", _url("valuestreams:export_png", "current"), 200),
    Endpoint("PDF export", "get", _url("valuestreams:export_pdf", "future"), 200),
    Endpoint("compare", "get", _url("valuestreams:compare", "future"), 200),
    Endpoint(
        "copy to future state",
        "post",
        _url("valuestreams:copy_to_future", "current"),
        302,
        FACILITATORS,
    ),
    Endpoint("delete", "post", _url("valuestreams:delete", "future"), 302, FACILITATORS),
]

test_anonymous_user_is_sent_to_login_on_every_value_stream_page = anonymous_sent_to_login(
    PAGES, _state, with_next=True
)
test_outsider_gets_404_on_every_value_stream_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_value_stream_page = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True
)


def test_map_of_another_project_is_404_through_this_project(client_for, world, company):
    from obeya.projects.models import Membership, Project

    other = Project.objects.create(company=company, title="Paint shop")
    Membership.objects.create(project=other, user=world["owner"], role="facilitator")
    client = client_for(world["owner"])
    for name in ("valuestreams:detail", "valuestreams:edit", "valuestreams:export_yaml"):
        url = reverse(name, args=[other.pk, world["current"].pk])
        assert client.get(url).status_code == 404


# --- the editor ----------------------------------------------------------------------------


def test_facilitator_builds_a_map_through_the_editor(client_for, cast):
    client = client_for(cast["owner"])
    response = client.post(
        reverse("valuestreams:create", args=[cast["project"].pk]), editor_post(FLOW, INFORMATION)
    )
    assert response.status_code == 302
    vs = ValueStream.objects.get()
    assert response["Location"] == vs.get_absolute_url()
    assert (vs.name, vs.state, vs.created_by) == ("Brackets, line 2", "current", cast["owner"])
    model = core.load_value_stream(vs.source)
    assert [p.name for p in model.processes] == ["Laser cutting", "Bending"]
    assert model.processes[1].uptime == 0.95  # typed in per cent
    assert model.flow[2].quantity == 1200 and model.flow[2].unit_value == 4.5
    assert model.information[0].electronic and model.information[1].target == "Bending"
    assert model.transport.customer == "truck daily"
    metrics = core.compute_metrics(model)
    assert metrics.takt_time_s == 52.5
    assert round(metrics.lead_time_days, 3) == 10.502
    entry = AuditEntry.objects.get()
    assert entry.verb == "create" and "source" in entry.changes


def test_map_typed_in_the_editor_equals_the_documented_example(client_for, cast):
    client = client_for(cast["owner"])
    information = [
        {"kind": "forecast", "source": "customer", "target": "production control",
         "frequency": "monthly"},
        {"kind": "orders", "source": "customer", "target": "production control",
         "frequency": "weekly", "electronic": "on"},
        {"kind": "orders", "source": "production control", "target": "supplier",
         "frequency": "weekly", "electronic": "on"},
        {"kind": "schedule", "source": "production control", "target": "Laser cutting",
         "frequency": "weekly"},
        {"kind": "schedule", "source": "production control", "target": "Bending",
         "frequency": "weekly"},
    ]  # fmt: skip
    client.post(
        reverse("valuestreams:create", args=[cast["project"].pk]), editor_post(FLOW, information)
    )
    assert core.load_value_stream(ValueStream.objects.get().source) == core.load_value_stream(
        BRACKETS
    )


def test_invalid_cycle_time_is_shown_next_to_its_field_and_nothing_is_stored(
    client_for, cast, in_language_of
):
    flow = [dict(item) for item in FLOW]
    flow[3]["cycle_time_s"] = "-35"
    flow[1]["uptime"] = "150"
    before = _state()
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:create", args=[cast["project"].pk]), editor_post(flow)
    )
    assert response.status_code == 200
    assert _state() == before
    page = response.content.decode()
    assert errors_next_to(page, "flow-3-cycle_time_s") == in_language_of(
        response, "Must be a number above 0."
    )
    assert errors_next_to(page, "flow-1-uptime") == in_language_of(
        response, "Must be above 0 % and at most 100 %."
    )
    assert errors_next_to(page, "flow-1-cycle_time_s") == ""
    # What was typed stays in the form.
    assert 'name="flow-3-cycle_time_s" value="-35"' in page
    assert 'aria-invalid="true"' in page


def test_text_in_a_number_field_is_refused_with_the_parser_message(client_for, cast):
    flow = [dict(item) for item in FLOW]
    flow[1]["cycle_time_s"] = "abc"
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:create", args=[cast["project"].pk]), editor_post(flow)
    )
    assert response.status_code == 200
    assert ValueStream.objects.count() == 0
    assert errors_next_to(response.content.decode(), "flow-1-cycle_time_s")


@pytest.mark.parametrize(
    ("change", "slot"),
    [
        ({"customer_demand": ""}, "customer_demand"),
        ({"work_available_s_per_shift": "0"}, "work_available_s_per_shift"),
        ({"name": ""}, "name"),
    ],
    ids=["missing demand", "no working time", "no name"],
)
def test_header_mistakes_are_shown_next_to_their_field(client_for, cast, change, slot):
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:create", args=[cast["project"].pk]), editor_post(FLOW, **change)
    )
    assert response.status_code == 200
    assert ValueStream.objects.count() == 0
    assert errors_next_to(response.content.decode(), slot)


def test_item_mistakes_without_a_field_are_shown_on_the_item(client_for, cast):
    flow = [dict(item) for item in FLOW]
    flow[2] = {"kind": "inventory", "name": "Unknown pile"}  # neither quantity nor days
    flow.insert(3, {"kind": "supermarket", "quantity": "10"})  # two stocks in a row
    information = [{"kind": "schedule", "source": "production control", "target": "Bendnig"}]
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:create", args=[cast["project"].pk]), editor_post(flow, information)
    )
    page = response.content.decode()
    assert ValueStream.objects.count() == 0
    assert errors_next_to(page, "flow-2")
    assert errors_next_to(page, "flow-3")
    assert "Bending" in errors_next_to(page, "info-0-target")  # did you mean


@pytest.mark.parametrize(
    ("op", "names"),
    [
        ("add:process", ["Steel sheets", "Laser cutting", "", "Bending", "Finished goods", ""]),
        ("up:1", ["Laser cutting", "Steel sheets", "", "Bending", "Finished goods"]),
        ("down:3", ["Steel sheets", "Laser cutting", "", "Finished goods", "Bending"]),
        ("remove:0", ["Laser cutting", "", "Bending", "Finished goods"]),
        ("up:0", ["Steel sheets", "Laser cutting", "", "Bending", "Finished goods"]),
        ("remove:99", ["Steel sheets", "Laser cutting", "", "Bending", "Finished goods"]),
    ],
)
def test_editor_buttons_add_move_and_remove_items_without_storing(client_for, cast, op, names):
    before = _state()
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:create", args=[cast["project"].pk]),
        editor_post(FLOW, op=op),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert _state() == before
    page = response.content.decode()
    assert "<html" not in page  # the editor's partial
    assert f'name="flow-count" value="{len(names)}"' in page
    shown = [
        re.search(rf'name="flow-{i}-name"(?: value="([^"]*)")?', page).group(1) or ""
        for i in range(len(names))
    ]
    assert shown == names


def test_information_flows_are_added_and_removed(client_for, cast):
    client = client_for(cast["owner"])
    url = reverse("valuestreams:create", args=[cast["project"].pk])
    page = client.post(url, editor_post(FLOW, INFORMATION, op="add-info")).content.decode()
    assert 'name="info-count" value="3"' in page
    page = client.post(url, editor_post(FLOW, INFORMATION, op="remove-info:0")).content.decode()
    assert 'name="info-count" value="1"' in page
    assert 'name="info-0-target" value="Bending"' in page


def test_preview_draws_the_map_and_its_figures_as_the_user_types(client_for, cast):
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:preview", args=[cast["project"].pk]),
        editor_post(FLOW, INFORMATION),
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'id="vsm-draft"' in page
    assert 'data-metric="takt_time_s"' in page
    assert '<option value="Bending">' in page  # the ends an information flow may name
    assert json.loads(re.search(r'id="vsm-field-errors"[^>]*>(.*?)</script>', page).group(1)) == {}
    assert ValueStream.objects.count() == 0


def test_preview_lists_the_mistakes_with_links_to_their_fields(client_for, cast):
    flow = [dict(item) for item in FLOW]
    flow[3]["cycle_time_s"] = "0"
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:preview", args=[cast["project"].pk]),
        editor_post(flow),
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "<svg" not in page
    assert 'href="#id_flow-3-cycle_time_s"' in page
    errors = json.loads(re.search(r'id="vsm-field-errors"[^>]*>(.*?)</script>', page).group(1))
    assert list(errors) == ["flow-3-cycle_time_s"]


def test_edit_page_shows_every_field_of_the_stored_map(client_for, world):
    page = (
        client_for(world["owner"])
        .get(reverse("valuestreams:edit", args=[world["project"].pk, world["current"].pk]))
        .content.decode()
    )
    assert 'name="flow-count" value="5"' in page
    assert 'name="flow-3-uptime" value="95"' in page  # 0.95 shown in per cent
    assert 'name="flow-1-changeover_s" value="1800"' in page
    assert 'name="flow-4-unit_value" value="7.2"' in page
    assert 'name="info-count" value="5"' in page
    assert 'name="transport_customer" value="truck daily"' in page


def test_saving_the_editor_unchanged_keeps_the_map(client_for, world):
    vs = world["current"]
    state = EditorState.from_value_stream(
        core.load_value_stream(vs.source), name=vs.name, notes="Walked on Tuesday"
    )
    data = {**state.form_data(), "op": "save"}
    data = {k: v for k, v in data.items() if v != ""}
    response = client_for(world["owner"]).post(
        reverse("valuestreams:edit", args=[world["project"].pk, vs.pk]), data
    )
    assert response.status_code == 302
    vs.refresh_from_db()
    assert core.load_value_stream(vs.source) == core.load_value_stream(BRACKETS)
    assert vs.notes == "Walked on Tuesday"
    assert AuditEntry.objects.filter(verb="update").count() == 1


@pytest.mark.parametrize(
    ("typed", "number", "percent"),
    [("52.5", 52.5, False), ("20", 20, False), ("", None, False), ("abc", "abc", False),
     ("90", 0.9, True), ("100", 1, True), ("2.5", 0.025, True), ("25 200", 25200, False),
     ("1e400", "1e400", False)],
)  # fmt: skip
def test_numbers_typed_become_the_numbers_of_the_file(typed, number, percent):
    assert to_number(typed, percent=percent) == number
    if number is not None and not isinstance(number, str):
        assert to_number(from_number(number, percent=percent), percent=percent) == number


# --- import and export ---------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_documented_examples_import(client_for, cast, path):
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:import", args=[cast["project"].pk]), {"text": path.read_text()}
    )
    assert response.status_code == 302
    vs = ValueStream.objects.get()
    assert vs.source == path.read_text()  # YAML kept as written, comments included
    assert vs.name == core.load_value_stream(path).name
    page = client_for(cast["viewer"]).get(vs.get_absolute_url()).content.decode()
    assert "<svg" in page


def test_yaml_file_upload_imports_as_a_future_state(client_for, world):
    upload = SimpleUploadedFile("acme.yml", BRACKETS.read_bytes(), content_type="text/yaml")
    response = client_for(world["owner"]).post(
        reverse("valuestreams:import", args=[world["project"].pk]),
        {"file": upload, "name": "Line 2 after SMED", "current_state": world["current"].pk},
    )
    assert response.status_code == 302
    vs = ValueStream.objects.get(name="Line 2 after SMED")
    assert (vs.state, vs.current_state) == ("future", world["current"])


def test_json_import_is_stored_as_yaml(client_for, cast):
    data = core.value_stream_to_dict(core.load_value_stream(BRACKETS))
    upload = SimpleUploadedFile("line2.json", json.dumps(data).encode(), "application/json")
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:import", args=[cast["project"].pk]), {"file": upload}
    )
    assert response.status_code == 302
    vs = ValueStream.objects.get()
    assert not vs.source.lstrip().startswith("{")
    assert core.load_value_stream(vs.source) == core.load_value_stream(BRACKETS)


BROKEN = """\
name: Broken line
customer: {name: Garage chain, period_days: 20}
work: {shift: 1, available_s_per_shift: 25200}
flow:
  - process: {name: Laser cutting, cycle_time_s: abc, uptime: 90}
  - inventory: {quantity: 1200}
"""


def test_broken_yaml_lists_its_mistakes_with_their_place_and_stores_nothing(client_for, cast):
    before = _state()
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:import", args=[cast["project"].pk]), {"text": BROKEN}
    )
    assert response.status_code == 200
    assert _state() == before
    page = response.content.decode()
    for place in (
        "customer.demand",
        "work.shift",
        "work.shifts",
        "flow[0].process.cycle_time_s",
        "flow[0].process.uptime",
    ):
        assert f"<code>{place}</code>" in page
    assert len(response.context["file_errors"]) == 5


def test_text_that_is_not_yaml_reports_line_and_column(client_for, cast):
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:import", args=[cast["project"].pk]),
        {"text": "name: [unclosed\nflow: {"},
    )
    assert response.status_code == 200
    assert ValueStream.objects.count() == 0
    assert re.search(r"<code>line \d+, column \d+</code>", response.content.decode())


@pytest.mark.parametrize(
    "data",
    [{}, {"text": "x: 1", "file": "upload"}, {"file": "notes.txt"}],
    ids=["nothing", "both", "wrong extension"],
)
def test_import_form_refuses_what_is_not_one_value_stream_file(client_for, cast, data):
    if "file" in data:
        name = "line.yaml" if data["file"] == "upload" else data["file"]
        data = {**data, "file": SimpleUploadedFile(name, BRACKETS.read_bytes())}
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:import", args=[cast["project"].pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert ValueStream.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content_type", "magic", "extension"),
    [
        ("valuestreams:export_yaml", "application/yaml", b"# Brackets", "yaml"),
        ("valuestreams:export_svg", "image/svg+xml", b"<svg", "svg"),
        ("valuestreams:export_png", "image/png", b"\x89PNG", "png"),
        ("valuestreams:export_pdf", "application/pdf", b"%PDF", "pdf"),
    ],
)
def test_exports_download_the_text_and_the_drawing(
    client_for, world, name, content_type, magic, extension
):
    response = client_for(world["viewer"]).get(
        reverse(name, args=[world["project"].pk, world["current"].pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.startswith(magic)
    assert response["Content-Disposition"] == (
        f'attachment; filename="brackets-line-2.{extension}"'
    )


def test_exported_yaml_imports_back_to_the_same_map(client_for, world):
    client = client_for(world["owner"])
    text = client.get(
        reverse("valuestreams:export_yaml", args=[world["project"].pk, world["future"].pk])
    ).content.decode()
    client.post(reverse("valuestreams:import", args=[world["project"].pk]), {"text": text})
    copy = ValueStream.objects.order_by("-pk").first()
    assert core.load_value_stream(copy.source) == core.load_value_stream(world["future"].source)


# --- the detail page and its figures --------------------------------------------------------


def test_every_core_formula_has_its_translatable_text():
    assert set(core.METRIC_FORMULAS) <= set(FORMULAS)


def test_detail_page_explains_every_figure_with_its_numbers(client_for, world):
    response = client_for(world["viewer"]).get(
        world["current"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = response.content.decode()
    assert response.status_code == 200
    top_level = [k for k in core.METRIC_FORMULAS if "." not in k]
    for key in top_level:
        assert f'id="figure-{key}" data-metric="{key}"' in page, key
    figures = {f.key: f for f in response.context["figures"]}
    assert set(figures) == set(top_level)
    assert all(f.formula and f.worked for f in figures.values())
    assert figures["takt_time_s"].worked == (
        "takt time = available time per day / daily demand = 25,200 s / 480 = 52.5 s"
    )
    assert figures["lead_time_days"].value == "10.5 days"
    assert figures["lead_time_days"].worked.endswith("= 10.5 days + 55 s / 25,200 s = 10.502 days")
    assert figures["process_cycle_efficiency"].value == "0.021 %"
    assert figures["inventory_value"].worked.endswith("1,200 × 4.5 + 2,400 × 7.2 = 22,680")
    assert figures["bottleneck"].value == "Bending"
    assert "25,200 s / 480 = 52.5 s" in page
    # Steps: effective cycle time and takt ratio explained, with their inputs.
    steps = {s.name: s for s in response.context["steps"]}
    assert steps["Bending"].effective.worked.endswith(
        "(35 s + 0 s) / (95 % × (1 − 0 %) × 1) = 36.8 s"
    )
    assert steps["Bending"].takt_ratio.value == "70 %"
    assert not steps["Bending"].over_takt
    assert 'title="takt ratio = effective cycle time / takt time = 36.8 s / 52.5 s = 70 %"' in (
        page
    )
    # Inventories: quantity and days.
    inventories = response.context["inventories"]
    assert [i.days.value for i in inventories] == ["3 days", "2.5 days", "5 days"]
    assert (
        inventories[1].days.worked == "days = quantity / daily demand = 1,200 pcs / 480 = 2.5 days"
    )


def test_detail_page_numbers_follow_the_reader_language(client_for, world):
    response = client_for(world["viewer"]).get(
        world["current"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr"
    )
    figures = {f.key: f for f in response.context["figures"]}
    assert "25\xa0200" in figures["takt_time_s"].worked
    assert "52,5" in figures["takt_time_s"].worked


def test_steps_over_takt_stand_out(client_for, cast):
    project = cast["project"]
    load_demo_value_streams(project=project, language="en", user=cast["owner"])
    current = ValueStream.objects.get(state="current")
    response = client_for(cast["viewer"]).get(current.get_absolute_url())
    page = response.content.decode()
    steps = {s.name: s for s in response.context["steps"]}
    assert steps["Bending"].over_takt and steps["Bending"].bottleneck
    assert not steps["Welding"].over_takt
    assert '<tr class="vsm-over-takt" data-step="Bending">' in page
    assert 'class="step over-takt' in page or "over-takt" in page  # the drawing's red border


def test_list_shows_each_map_with_its_headline_figures(client_for, world):
    response = client_for(world["viewer"]).get(
        reverse("valuestreams:index", args=[world["project"].pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    rows = response.context["rows"]
    assert [r["vs"] for r in rows] == [world["current"], world["future"]]
    assert rows[1]["row"].is_future_of_previous
    summary = rows[0]["summary"]
    assert (summary.takt.value, summary.lead_time.value, summary.bottleneck) == (
        "52.5 s",
        "10.5 days",
        "Bending",
    )


# --- future state --------------------------------------------------------------------------


def test_copy_to_future_state_starts_from_the_same_map(client_for, cast):
    current = services.value_stream_import(
        project=cast["project"], user=cast["owner"], text=BRACKETS.read_text()
    )
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:copy_to_future", args=[cast["project"].pk, current.pk])
    )
    future = ValueStream.objects.get(state="future")
    assert response["Location"] == reverse(
        "valuestreams:edit", args=[cast["project"].pk, future.pk]
    )
    assert future.current_state == current
    a, b = core.load_value_stream(current.source), core.load_value_stream(future.source)
    assert b.name == future.name != a.name
    assert (b.flow, b.information, b.customer) == (a.flow, a.information, a.customer)


def test_a_future_state_cannot_be_copied_again(client_for, world):
    client = client_for(world["owner"])
    client.post(
        reverse("valuestreams:copy_to_future", args=[world["project"].pk, world["future"].pk])
    )
    assert ValueStream.objects.count() == 2


def test_compare_page_shows_both_maps_and_their_differences(client_for, world):
    future = world["future"]
    text = future.source.replace("cycle_time_s: 35", "cycle_time_s: 30")
    text = text.replace("quantity: 2400", "quantity: 480")
    assert text != future.source
    services.value_stream_update(value_stream=future, user=world["owner"], source=text)
    response = client_for(world["viewer"]).get(
        reverse("valuestreams:compare", args=[world["project"].pk, future.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="vsm-current"' in page and 'id="vsm-future"' in page
    compared = {f.key: f for f in response.context["compared"]}
    assert (compared["processing_time_s"].current, compared["processing_time_s"].future) == (
        "55 s",
        "50 s",
    )
    assert compared["processing_time_s"].change == "−5 s"
    assert compared["processing_time_s"].change_pct == "−9.1 %"
    assert compared["processing_time_s"].improved is True
    assert compared["inventory_days"].change == "−4 days"
    assert compared["takt_time_s"].improved is None
    steps = {s.name: s for s in response.context["compared_steps"]}
    assert steps["Bending"].cycle_time == ("35 s", "30 s", "−5 s")
    assert steps["Laser cutting"].cycle_time[2] == "0 s"


def test_compare_from_the_current_state_uses_its_future_state(client_for, world):
    response = client_for(world["viewer"]).get(
        reverse("valuestreams:compare", args=[world["project"].pk, world["current"].pk])
    )
    assert response.status_code == 200
    assert response.context["future"].value_stream == world["future"]


def test_compare_without_a_counterpart_goes_back_to_the_map(client_for, cast):
    vs = services.value_stream_import(
        project=cast["project"], user=cast["owner"], text=BRACKETS.read_text()
    )
    response = client_for(cast["viewer"]).get(
        reverse("valuestreams:compare", args=[cast["project"].pk, vs.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == vs.get_absolute_url()


def test_deleting_a_current_state_keeps_its_future_state(world):
    services.value_stream_delete(value_stream=world["current"], user=world["owner"])
    future = ValueStream.objects.get()
    assert future.current_state is None
    assert AuditEntry.objects.filter(verb="delete").count() == 1


# --- services ------------------------------------------------------------------------------


def test_services_refuse_a_text_with_mistakes_and_store_nothing(cast):
    from django.core.exceptions import ValidationError

    before = _state()
    with pytest.raises(ValidationError) as exc:
        services.value_stream_create(
            project=cast["project"], user=cast["owner"], name="Broken", source=BROKEN
        )
    assert any(e.startswith("work.shift:") for e in exc.value.message_dict["source"])
    assert _state() == before


def test_future_state_must_improve_a_map_of_the_same_project(cast, company, maps):
    from django.core.exceptions import ValidationError

    from obeya.projects.models import Project

    other = Project.objects.create(company=company, title="Paint shop")
    with pytest.raises(ValidationError):
        services.value_stream_import(
            project=other,
            user=cast["owner"],
            text=BRACKETS.read_text(),
            current_state=maps["current"],
        )


# --- the demo ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_demo_maps_tell_the_bending_line_story_and_load_once(cast, language):
    project = cast["project"]
    first = load_demo_value_streams(project=project, language=language, user=cast["owner"])
    again = load_demo_value_streams(project=project, language=language, user=cast["owner"])
    assert first == again
    assert ValueStream.objects.count() == 2
    current = core.compute_metrics(core.load_value_stream(first["current"].source))
    future = core.compute_metrics(core.load_value_stream(first["future"].source))
    assert first["future"].current_state == first["current"]
    assert current.daily_demand == 480 and current.takt_time_s == 105
    assert round(current.lead_time_days) == 12 and round(future.lead_time_days) == 5
    bending = "Pliage" if language == "fr" else "Bending"
    assert current.bottleneck == bending
    assert [s.name for s in current.steps if s.over_takt] == [bending]
    assert not any(s.over_takt for s in future.steps)
    changeovers = {s.name: s.changeover_s for s in future.steps}
    assert changeovers[bending] < {s.name: s.changeover_s for s in current.steps}[bending]
    assert {i.kind for i in core.load_value_stream(first["future"].source).inventories} >= {
        "supermarket"
    }
    names = {"fr": "état actuel", "en": "current state"}
    assert names[language] in first["current"].name


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("transport:", "  - {kind: schedule, to: Bending}  # no `from`\ntransport:"),
        ("cycle_time_s: 35", "cycle_time_s: " + "9" * 400),
    ],
    ids=["information flow without from", "number too large for a float"],
)
def test_files_the_parser_trips_on_are_refused_not_crashed(client_for, cast, old, new):
    text = BRACKETS.read_text().replace(old, new)
    response = client_for(cast["owner"]).post(
        reverse("valuestreams:import", args=[cast["project"].pk]), {"text": text}
    )
    assert response.status_code == 200
    assert ValueStream.objects.count() == 0
    assert response.context["file_errors"]
