"""The simulation panel of the comparison page: who may run it, the figures it shows, the
settings it refuses; it stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from obeya.audit.models import AuditEntry
from obeya.core import simulation as sim
from obeya.core import vsm as core
from obeya.valuestreams import services
from obeya.valuestreams.models import ValueStream

ROOT = Path(__file__).resolve().parents[2]
BRACKETS = (ROOT / "docs" / "examples" / "brackets-line2.yaml").read_text()
MEMBERS = ("owner", "teammate", "sponsor", "viewer", "assessor")

# Orders exactly at takt and every cycle the same: the lead time is the map's, exactly.
DETERMINISTIC = {"days": "6", "replications": "2", "arrival_cv": "0", "process_cv": "0"}
HTMX = {"HX-Request": "true", "Accept-Language": "en"}


@pytest.fixture
def maps(cast):
    """The brackets line and a future state whose finished goods drop from 2,400 to 480."""
    current = services.value_stream_import(
        project=cast["project"], user=cast["owner"], text=BRACKETS
    )
    future = services.value_stream_create(
        project=cast["project"],
        user=cast["owner"],
        name="Brackets, line 2 (future state)",
        source=BRACKETS.replace("quantity: 2400", "quantity: 480"),
        current_state=current,
    )
    return {"current": current, "future": future}


def url(project, vs) -> str:
    return reverse("valuestreams:simulate", args=[project.pk, vs.pk])


def _stored() -> tuple[int, int]:
    return AuditEntry.objects.count(), ValueStream.objects.count()


def test_anonymous_user_is_sent_to_login(client, cast, maps):
    response = client.get(url(cast["project"], maps["future"]), DETERMINISTIC, headers=HTMX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_outsider_gets_404(client_for, cast, maps):
    client = client_for(cast["outsider"])
    response = client.get(url(cast["project"], maps["future"]), DETERMINISTIC, headers=HTMX)
    assert response.status_code == 404


@pytest.mark.parametrize("role", MEMBERS)
def test_everyone_who_sees_the_project_may_run_it_and_nothing_is_stored(
    client_for, cast, maps, role
):
    before = _stored()
    response = client_for(cast[role]).get(
        url(cast["project"], maps["current"]), DETERMINISTIC, headers=HTMX
    )
    assert response.status_code == 200
    assert "simulation" in response.context
    assert _stored() == before


def test_a_map_of_another_project_is_404_through_this_project(client_for, cast, maps, company):
    from obeya.projects.models import Project

    other = Project.objects.create(company=company, title="Another line")
    response = client_for(cast["owner"]).get(url(other, maps["future"]), DETERMINISTIC)
    assert response.status_code == 404


def test_a_map_without_counterpart_is_404(client_for, cast):
    alone = services.value_stream_import(project=cast["project"], user=cast["owner"], text=BRACKETS)
    response = client_for(cast["owner"]).get(url(cast["project"], alone), DETERMINISTIC)
    assert response.status_code == 404


def test_deterministic_run_shows_the_lead_times_of_the_maps(client_for, cast, maps):
    response = client_for(cast["viewer"]).get(
        url(cast["project"], maps["future"]), DETERMINISTIC, headers=HTMX
    )
    assert [t.name for t in response.templates][0] == "valuestreams/_simulation.html"
    figures = {f.key: f for f in response.context["simulation"].figures}
    # Stocks of 3 days (1,440) + 1,200 + 2,400 pieces at 52.5 s takt: 10.5 days of 25,200 s,
    # plus the two steps (20 / 0.9 + 35 / 0.95 = 59 s): 10.502 days. The future state holds
    # 1,920 pieces less: 4 days shorter.
    assert figures["lead_time_days_p50"].current == "10.5 days"
    assert figures["lead_time_days_p90"].future == "6.5 days"
    assert figures["lead_time_days_mean"].change == "−4 days"
    assert figures["lead_time_days_mean"].improved is True
    # Little: 480 a day x 10.502 days in the line
    assert figures["mean_wip_units"].current == "5,041"
    assert figures["throughput_per_day"].current == "480"
    page = response.content.decode()
    assert 'data-simulated="lead_time_days_p50"' in page
    assert 'id="vsm-simulation-chart"' in page
    bending = response.context["simulation"].steps["current"][1]
    assert (bending.name, bending.load) == ("Bending", "70 %")


def test_panel_figures_are_the_core_simulation_of_both_maps(client_for, cast, maps):
    data = {"days": "8", "replications": "3", "arrival_cv": "1", "process_cv": "0.8"}
    response = client_for(cast["owner"]).get(
        url(cast["project"], maps["current"]), data, headers={"Accept-Language": "en"}
    )
    panel = response.context["simulation"]
    settings = sim.SimulationSettings(
        days=8, warmup_days=0.8, replications=3, arrival_cv=1, process_cv=0.8
    )
    expected = sim.simulate(core.load_value_stream(maps["future"].source), settings)
    assert panel.future == expected
    assert panel.current.lead_time_days_p90 > panel.current.lead_time_days_p50
    # without HTMX the whole comparison page comes back, the panel in it
    assert [t.name for t in response.templates][0] == "valuestreams/value_stream_compare.html"
    assert "Brackets, line 2 (future state)" in response.content.decode()


def test_compare_page_offers_the_form_without_running_it(client_for, cast, maps):
    response = client_for(cast["viewer"]).get(
        reverse("valuestreams:compare", args=[cast["project"].pk, maps["future"].pk])
    )
    page = response.content.decode()
    assert url(cast["project"], maps["future"]) in page
    assert 'name="process_cv"' in page
    assert "simulation" not in response.context


def test_an_overloaded_step_is_reported(client_for, cast, maps):
    future = maps["future"]
    future.source = future.source.replace("cycle_time_s: 35", "cycle_time_s: 55")
    future.save()
    response = client_for(cast["owner"]).get(
        url(cast["project"], future), DETERMINISTIC, headers=HTMX
    )
    panel = response.context["simulation"]
    assert panel.current.stable and not panel.future.stable
    assert panel.future.bottleneck == "Bending"
    assert "Future state: “Bending” is loaded at 100 %" in response.content.decode()


def test_numbers_follow_the_reader_language(client_for, cast, maps):
    response = client_for(cast["owner"]).get(
        url(cast["project"], maps["future"]),
        DETERMINISTIC,
        headers={"HX-Request": "true", "Accept-Language": "fr"},
    )
    figures = {f.key: f for f in response.context["simulation"].figures}
    assert (
        figures["mean_wip_units"].current == "5\xa0041"
    )  # French groups thousands with a no-break space


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": "0"}, "days"),
        ({"days": "many"}, "days"),
        ({"replications": "0"}, "replications"),
        ({"process_cv": "-1"}, "process_cv"),
        ({"arrival_cv": ""}, "arrival_cv"),
        # 480 a day + 5,040 pieces in stock, 2 steps, 50 replications, 250 days: too long
        ({"days": "250", "replications": "50"}, "days"),
    ],
)
def test_bad_settings_are_shown_next_to_their_field(client_for, cast, maps, change, field):
    response = client_for(cast["owner"]).get(
        url(cast["project"], maps["future"]), {**DETERMINISTIC, **change}, headers=HTMX
    )
    assert response.status_code == 200
    form = response.context["simulation_form"]
    assert field in form.errors
    assert "simulation" not in response.context
    assert f'id="{field}-errors"><p class="error">' in response.content.decode()


def test_a_run_too_long_for_the_page_says_how_many_days_fit(client_for, cast, maps):
    data = {**DETERMINISTIC, "days": "250", "replications": "50"}
    response = client_for(cast["owner"]).get(
        url(cast["project"], maps["future"]), data, headers=HTMX
    )
    (message,) = response.context["simulation_form"].errors["days"]
    # (250 x 480 + 5,040 in stock) x 2 steps x 50 = 12.5 million passages; 6 million fit
    assert "at most 119 days with 50 replications" in message
