"""The KPI referential and the measurements: services, import, API push, permissions."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from permission_table import (
    CONTRIBUTORS,
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)
from reference_data import SPC

from obeya.audit.models import AuditEntry
from obeya.kpis import services
from obeya.kpis.charts import kpi_capability, kpi_chart
from obeya.kpis.importing import read_measurements
from obeya.kpis.models import Kpi, KpiPhase, Measurement
from obeya.projects.models import Project

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _kpi(project, user, **extra):
    fields = {
        "name": "Lead time",
        "definition": "Days from order to shipment, per order shipped.",
        "formula": "shipment date - order date",
        "unit": "days",
        "direction": "decrease",
        "target": 5,
        "alert_threshold": 9,
        "frequency": "week",
        **extra,
    }
    return services.kpi_create(project=project, user=user, **fields)


@pytest.fixture
def world(cast):
    project, owner = cast["project"], cast["owner"]
    kpi = _kpi(project, owner)
    mine = services.measurement_add(
        kpi=kpi, user=cast["teammate"], measured_at=timezone.now(), value=8.5
    )
    theirs = services.measurement_add(
        kpi=kpi, user=owner, measured_at=timezone.now() - dt.timedelta(days=7), value=10
    )
    phase = services.phase_add(
        kpi=kpi, user=owner, name="After SMED", starts_at=timezone.now() - dt.timedelta(days=3)
    )
    return {**cast, "kpi": kpi, "mine": mine, "theirs": theirs, "phase": phase}


# --- services --------------------------------------------------------------------------------


def test_referential_row_reads_latest_value_status_and_recommended_chart(world, client_for):
    response = client_for(world["viewer"]).get(
        reverse("kpis:index", args=[world["project"].pk]), **EN
    )
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert (row.points, row.latest.value, row.status) == (2, 8.5, "off_target")
    assert row.chart == "xmr"  # one value per week: XmR


def test_a_proportion_kpi_needs_its_sample_size_and_no_more_defectives_than_units(world):
    kpi = _kpi(
        world["project"], world["owner"], name="Scrap", data_type="proportion", subgroup_size=50
    )
    with pytest.raises(ValidationError) as refused:
        services.measurement_add(kpi=kpi, user=world["owner"], measured_at=timezone.now(), value=3)
    assert "sample_size" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.measurement_add(
            kpi=kpi, user=world["owner"], measured_at=timezone.now(), value=60, sample_size=50
        )
    assert "value" in refused.value.message_dict


def test_names_are_unique_per_project_ignoring_case(world):
    with pytest.raises(ValidationError) as refused:
        _kpi(world["project"], world["owner"], name="LEAD TIME")
    assert "already has this name" in str(refused.value)


def test_editing_a_measurement_is_audited_with_before_and_after(world):
    services.measurement_update(measurement=world["mine"], user=world["owner"], value=7.5)
    entry = AuditEntry.objects.filter(verb=AuditEntry.Verb.UPDATE).latest("pk")
    assert entry.changes == {"value": [8.5, 7.5]}
    assert entry.user == world["owner"]


# --- import ----------------------------------------------------------------------------------

FRENCH_CSV = "date;valeur;commentaire\n02/11/2026;12,5;\n09/11/2026 08:00;11;après SMED\n"


def test_a_french_spreadsheet_export_reads_with_comma_decimals_and_day_first_dates():
    rows = read_measurements(FRENCH_CSV.encode("cp1252"), "points.csv")
    assert [(r.line, r.value, r.comment) for r in rows] == [(2, 12.5, ""), (3, 11.0, "après SMED")]
    assert rows[1].measured_at.date() == dt.date(2026, 11, 9)
    assert timezone.is_aware(rows[0].measured_at)


def test_bad_lines_are_named_with_their_column_and_nothing_is_stored(world, client_for):
    before = Measurement.objects.count()
    bad = "time,value\n2026-11-02,12\n2026-11-09,twelve\nyesterday,11\n"
    client = client_for(world["teammate"])
    response = client.post(
        reverse("kpis:import", args=[world["project"].pk, world["kpi"].pk]),
        {"file": _upload("bad.csv", bad)},
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Line 3, column value: “twelve” is not a number." in html
    assert "Line 4, column time: “yesterday” is not a date and time." in html
    assert Measurement.objects.count() == before


def test_a_service_refusal_in_the_middle_of_a_file_stores_nothing(world):
    kpi = _kpi(
        world["project"],
        world["owner"],
        name="Defectives",
        data_type="proportion",
        subgroup_size=50,
    )
    rows = read_measurements(b"time,value,n\n2026-11-02,3,50\n2026-11-03,4,\n", "p.csv")
    with pytest.raises(ValidationError) as refused:
        services.measurements_import(kpi=kpi, user=world["owner"], rows=rows, source="p.csv")
    assert "Line 3, sample_size" in refused.value.messages[0]
    assert kpi.measurements.count() == 0


def test_an_xlsx_file_imports_with_dates_as_dates(world, client_for):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Time", "Value"])
    for day in range(1, 4):
        sheet.append([dt.datetime(2026, 10, day, 6, 0), 10 + day])
    content = io.BytesIO()
    book.save(content)
    response = client_for(world["owner"]).post(
        reverse("kpis:import", args=[world["project"].pk, world["kpi"].pk]),
        {"file": _upload("points.xlsx", content.getvalue())},
    )
    assert response.status_code == 302
    values = list(world["kpi"].measurements.order_by("measured_at").values_list("value", flat=True))
    assert values[:3] == [11.0, 12.0, 13.0]
    entry = AuditEntry.objects.latest("pk")
    assert entry.changes["measurements imported"][1] == {"rows": 3, "file": "points.xlsx"}


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


# --- keyboard entry and API ------------------------------------------------------------------


def test_keyboard_entry_returns_the_table_with_a_fresh_row_dated_as_typed(world, client_for):
    url = reverse("kpis:measurement_add", args=[world["project"].pk, world["kpi"].pk])
    response = client_for(world["teammate"]).post(
        url,
        {"measured_at": "2026-11-23T07:00", "value": "7,5".replace(",", ".")},
        HTTP_HX_REQUEST="true",
        **EN,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-11-23T07:00"' in html
    assert world["kpi"].measurements.filter(value=7.5).exists()


def test_the_api_push_stores_a_batch_or_names_the_bad_point(world, api_for):
    url = f"/api/projects/{world['project'].pk}/kpis/{world['kpi'].pk}/measurements"
    client = api_for(world["teammate"])
    good = [{"measured_at": f"2026-11-0{d}T06:00:00+01:00", "value": 9 - d} for d in (1, 2)]
    response = client.post(url, json.dumps(good), content_type="application/json")
    assert response.status_code == 201 and response.json() == {"stored": 2}
    kpi = _kpi(
        world["project"],
        world["owner"],
        name="Scrap rate",
        data_type="proportion",
        subgroup_size=50,
    )
    url = f"/api/projects/{world['project'].pk}/kpis/{kpi.pk}/measurements"
    bad = [
        {"measured_at": "2026-11-01T06:00:00Z", "value": 2, "sample_size": 50},
        {"measured_at": "2026-11-02T06:00:00Z", "value": 2},
    ]
    response = client.post(url, json.dumps(bad), content_type="application/json", **EN)
    assert response.status_code == 422
    assert "Line 2, sample_size" in json.dumps(response.json())
    assert kpi.measurements.count() == 0
    listed = client.get(f"/api/projects/{world['project'].pk}/kpis").json()
    assert {k["name"]: k["chart"] for k in listed} == {"Lead time": "xmr", "Scrap rate": "np"}


def test_a_kpi_shared_with_the_area_is_read_not_changed_by_its_other_projects(world, client_for):
    other = Project.objects.create(
        company=world["project"].company, title="Line 3", area=world["project"].area
    )
    from obeya.projects.models import Membership

    Membership.objects.create(project=other, user=world["viewer"], role="facilitator")
    client = client_for(world["viewer"])
    url = reverse("kpis:detail", args=[other.pk, world["kpi"].pk])
    assert client.get(url).status_code == 404
    services.kpi_update(kpi=world["kpi"], user=world["owner"], shared_with_area=True)
    assert client.get(url, **EN).status_code == 200
    edit = reverse("kpis:edit", args=[other.pk, world["kpi"].pk])
    assert client.get(edit).status_code == 403
    add = reverse("kpis:measurement_add", args=[other.pk, world["kpi"].pk])
    assert client.post(add, {"measured_at": "2026-11-23T07:00", "value": "3"}).status_code == 403


# --- permission table ------------------------------------------------------------------------


def _url(name: str, *keys: str) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *(w[k].pk for k in keys)])


def _kpi_form(w):
    return {
        "name": "OEE",
        "definition": "Good parts x ideal cycle / opening time",
        "direction": "increase",
        "frequency": "day",
        "data_type": "individual",
        "rule_set": "we",
    }


PAGES = [
    Endpoint("referential", "get", _url("kpis:index"), 200),
    Endpoint("detail", "get", _url("kpis:detail", "kpi"), 200),
    Endpoint("sheet", "get", _url("kpis:sheet", "kpi"), 200),
    Endpoint("create form", "get", _url("kpis:create"), 200, FACILITATORS),
    Endpoint("create", "post", _url("kpis:create"), 302, FACILITATORS, _kpi_form),
    Endpoint("edit form", "get", _url("kpis:edit", "kpi"), 200, FACILITATORS),
    Endpoint("edit", "post", _url("kpis:edit", "kpi"), 302, FACILITATORS, _kpi_form),
    Endpoint("delete", "post", _url("kpis:delete", "kpi"), 302, FACILITATORS),
    Endpoint(
        "add measurement",
        "post",
        _url("kpis:measurement_add", "kpi"),
        302,
        CONTRIBUTORS,
        lambda w: {"measured_at": "2026-11-23T07:00", "value": "6"},
    ),
    Endpoint("import form", "get", _url("kpis:import", "kpi"), 200, CONTRIBUTORS),
    Endpoint(
        "edit own measurement",
        "post",
        _url("kpis:measurement_edit", "kpi", "mine"),
        302,
        CONTRIBUTORS,
        lambda w: {"measured_at": "2026-11-23T07:00", "value": "6"},
    ),
    Endpoint(
        "edit another's measurement",
        "post",
        _url("kpis:measurement_edit", "kpi", "theirs"),
        302,
        FACILITATORS,
        lambda w: {"measured_at": "2026-11-23T07:00", "value": "6"},
    ),
    Endpoint(
        "delete another's measurement",
        "post",
        _url("kpis:measurement_delete", "kpi", "theirs"),
        302,
        FACILITATORS,
    ),
    Endpoint(
        "start a phase",
        "post",
        _url("kpis:phase_add", "kpi"),
        302,
        FACILITATORS,
        lambda w: {"starts_at": "2026-11-20T07:00", "name": "After 5S"},
    ),
    Endpoint(
        "remove a phase", "post", _url("kpis:phase_delete", "kpi", "phase"), 302, FACILITATORS
    ),
    ApiEndpoint("api referential", "get", lambda w: f"/api/projects/{w['project'].pk}/kpis", 200),
    ApiEndpoint(
        "api measurements",
        "get",
        lambda w: f"/api/projects/{w['project'].pk}/kpis/{w['kpi'].pk}/measurements",
        200,
    ),
    ApiEndpoint(
        "api push",
        "post",
        lambda w: f"/api/projects/{w['project'].pk}/kpis/{w['kpi'].pk}/measurements",
        201,
        CONTRIBUTORS,
        lambda w: [{"measured_at": "2026-11-23T07:00:00Z", "value": 6}],
    ),
]


def _state():
    return (
        sorted(Kpi.objects.values_list("pk", "name", "definition")),
        sorted(Measurement.objects.values_list("pk", "value")),
        sorted(KpiPhase.objects.values_list("pk", "name")),
    )


test_anonymous_is_sent_to_login = anonymous_sent_to_login([e for e in PAGES if not e.api], _state)
test_outsider_gets_404_on_every_kpi_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_kpis = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True
)


# --- the control chart of a KPI --------------------------------------------------------------

REFERENCE = SPC
needs_reference = pytest.mark.skipif(not SPC.is_dir(), reason="shared/reference/spc not present")


def _viscosity_csv() -> bytes:
    """qcc's viscosity batches (Montgomery) as a measurement file: one batch a day."""
    lines = ["time,value"]
    with open(REFERENCE / "xmr_viscosity_qcc.csv") as source:
        for row in csv.DictReader(source):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=int(row["batch"]) - 1)
            lines.append(f"{day.isoformat()} 08:00,{row['viscosity']}")
    return "\n".join(lines).encode()


@needs_reference
def test_imported_viscosity_batches_give_qcc_published_limits(world):
    """From a file through the import to the page's chart: qcc's phase I limits (20 trial
    batches, sigma from the moving range), frozen for the 15 later batches."""
    published = json.loads((REFERENCE / "xmr_viscosity_qcc.json").read_text())["published"]
    expected = published["phaseI_MR_sigma"]
    kpi = _kpi(
        world["project"],
        world["owner"],
        name="Viscosity",
        baseline_points=20,
        target=None,
        alert_threshold=None,
    )
    rows = read_measurements(_viscosity_csv(), "viscosity.csv")
    services.measurements_import(kpi=kpi, user=world["owner"], rows=rows, source="viscosity.csv")
    chart = kpi_chart(kpi, "xmr")
    x = chart.result["x"]
    assert chart.points == 35
    for ours, theirs in (
        (x.center[0], expected["center"]),
        (x.lcl[-1], expected["LCL"]),
        (x.ucl[-1], expected["UCL"]),
    ):
        assert ours == pytest.approx(theirs, rel=5e-4)


def test_a_phase_recomputes_the_limits_and_a_special_cause_is_listed(world, client_for):
    kpi = _kpi(world["project"], world["owner"], name="Changeover", target=10, alert_threshold=None)
    start = timezone.make_aware(dt.datetime(2026, 9, 1, 7))
    values = [
        45,
        44,
        46,
        45,
        43,
        47,
        45,
        44,
        46,
        45,
        44,
        75,
        45,
        46,
        44,
        45,
        22,
        23,
        21,
        22,
        24,
        22,
        21,
        23,
    ]
    for i, value in enumerate(values):
        services.measurement_add(
            kpi=kpi, user=world["owner"], measured_at=start + dt.timedelta(days=i), value=value
        )
    services.phase_add(
        kpi=kpi, user=world["owner"], name="After SMED", starts_at=start + dt.timedelta(days=16)
    )
    x = kpi_chart(kpi, "xmr").result["x"]
    assert [p.start for p in x.phases] == [1, 17]
    assert x.center[0] == pytest.approx(sum(values[:16]) / 16)
    assert x.center[-1] == pytest.approx(sum(values[16:]) / 8)
    assert 12 in x.flagged(rule=1)  # the 75-minute changeover
    page = client_for(world["viewer"]).get(kpi.get_absolute_url(), **EN).content.decode()
    assert "Point 12 (2026-09-12): rule 1" in page
    assert 'id="kpi-spec-1"' in page and 'id="kpi-spec-2"' in page  # x and moving range


def test_a_p_chart_uses_each_day_sample_size(world):
    kpi = _kpi(
        world["project"],
        world["owner"],
        name="Scrap",
        data_type="proportion",
        subgroup_size=500,
        target=None,
        alert_threshold=None,
    )
    start = timezone.make_aware(dt.datetime(2026, 9, 1, 18))
    for i, (bad, size) in enumerate([(20, 400), (25, 500), (30, 600), (22, 450), (80, 500)]):
        services.measurement_add(
            kpi=kpi,
            user=world["owner"],
            value=bad,
            sample_size=size,
            measured_at=start + dt.timedelta(days=i),
        )
    row_chart = kpi_chart(kpi, "p")
    p = row_chart.result["p"]
    pbar = (20 + 25 + 30 + 22 + 80) / (400 + 500 + 600 + 450 + 500)
    assert p.center[0] == pytest.approx(pbar)
    assert p.ucl[0] != pytest.approx(p.ucl[2])  # limits per sample size
    assert row_chart.result.to_dict()["charts"][0]["ucl"] is None


@needs_reference
def test_piston_rings_as_a_subgroup_kpi_give_qcc_published_capability(world, client_for):
    """Montgomery's piston rings (qcc): 25 samples of 5 diameters entered as a KPI measured in
    subgroups, specification 74.00 ± 0.05 mm: Cp 1.70 and Cpk 1.66 as qcc prints them."""
    published = json.loads((REFERENCE / "capability_pistonrings_qcc.json").read_text())
    expected = published["published"]["spec_73.95_74.05_target_74"]
    kpi = _kpi(
        world["project"],
        world["owner"],
        name="Ring diameter",
        unit="mm",
        data_type="subgroups",
        subgroup_size=5,
        target=None,
        alert_threshold=None,
        lsl=73.95,
        usl=74.05,
    )
    lines = ["time,value,subgroup"]
    with open(REFERENCE / "xbar_r_s_pistonrings_qcc.csv") as source:
        for row in csv.DictReader(source):
            if row["trial"] == "True":
                day = dt.date(2026, 1, 1) + dt.timedelta(days=int(row["sample"]))
                lines.append(f"{day} 0{row['obs_in_sample']}:00,{row['diameter']},{row['sample']}")
    rows = read_measurements("\n".join(lines).encode(), "rings.csv")
    services.measurements_import(kpi=kpi, user=world["owner"], rows=rows, source="rings.csv")
    result = kpi_capability(kpi).result
    assert result.n == 125
    assert result.cp == pytest.approx(expected["Cp"], abs=0.005)
    assert result.cpk == pytest.approx(expected["Cp_k"], abs=0.005)
    assert result.sigma_within == pytest.approx(
        published["published"]["common"]["sigma_within"], rel=5e-4
    )
    page = client_for(world["viewer"]).get(kpi.get_absolute_url(), **EN).content.decode()
    assert 'id="kpi-capability"' in page and "XBAR-R chart" in page
    sheet = (
        client_for(world["viewer"])
        .get(reverse("kpis:sheet", args=[world["project"].pk, kpi.pk]), **EN)
        .content.decode()
    )
    assert sheet.count("<svg") >= 3  # xbar, r and the histogram, drawn on the server
    assert 'class="vl-chart"' not in sheet


def test_the_nelson_rules_are_chosen_per_kpi(world):
    kpi = _kpi(world["project"], world["owner"], name="Trend", target=None, alert_threshold=None)
    start = timezone.make_aware(dt.datetime(2026, 9, 1, 7))
    values = [10, 11, 9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 10.1, 10.2, 10.3, 10.4, 10.5, 10.6]
    for i, value in enumerate(values):
        services.measurement_add(
            kpi=kpi, user=world["owner"], value=value, measured_at=start + dt.timedelta(days=i)
        )
    assert 3 not in [r for _n, _d, rules in kpi_chart(kpi, "xmr").flagged_points for r in rules]
    services.kpi_update(kpi=kpi, user=world["owner"], rule_set="nelson")
    flagged = kpi_chart(kpi, "xmr").flagged_points
    assert any(3 in rules for _n, _d, rules in flagged)  # 6 points in a row increasing
