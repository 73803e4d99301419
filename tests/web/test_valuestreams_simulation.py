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

# The brackets map has plain cycle times and no arrivals: units come exactly at takt and every
# cycle is the same, so the lead time is the map's, exactly.
DETERMINISTIC = {"jobs": "600", "replications": "2", "seed": "0"}
# Random orders, lognormal bending, a finite buffer with blocking and breakdowns on the laser.
VARIABLE_FUTURE = (
    BRACKETS.replace("cycle_time_s: 35,", "cycle_time_s: {dist: lognormal, mean: 35, sd: 15},")
    .replace("uptime: 0.9,", "mtbf_s: 7200, mttr_s: 800,")
    .replace("quantity: 1200, unit_value: 4.5", "capacity: 20")
    .replace("flow:", "arrivals: {dist: exponential, mean: 52.5}\nflow:")
)
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
    assert figures["lead_time_p50_days"].current == "10.5 days"
    assert figures["lead_time_p90_days"].future == "6.5 days"
    assert figures["lead_time_days"].change == "−4 days"
    assert figures["lead_time_days"].improved is True
    assert figures["lead_time_days"].current_ci == ""  # every replication the same
    # Little: 480 a day x 10.502 days in the line
    assert figures["wip"].current == "5,041"
    assert figures["throughput_per_day"].current == "480"
    page = response.content.decode()
    assert 'data-simulated="lead_time_p50_days"' in page
    assert 'id="vsm-simulation-chart"' in page
    bending = response.context["simulation"].steps["current"][1]
    assert (bending.name, bending.load) == ("Bending", "70 %")


def test_panel_figures_are_the_core_simulation_of_both_maps(client_for, cast, maps):
    future = maps["future"]
    future.source = VARIABLE_FUTURE
    future.save()
    data = {"jobs": "800", "replications": "4", "seed": "3"}
    response = client_for(cast["owner"]).get(
        url(cast["project"], maps["current"]), data, headers={"Accept-Language": "en"}
    )
    panel = response.context["simulation"]
    settings = sim.SimulationSettings(jobs=800, replications=4, seed=3)
    expected = sim.simulate(core.load_value_stream(VARIABLE_FUTURE), settings)
    assert panel.future == expected
    assert panel.future.lead_time_p90_s > panel.future.lead_time_p50_s
    lead = next(f for f in panel.figures if f.key == "lead_time_days")
    assert lead.future_ci.startswith("[") and lead.current_ci == ""
    laser = panel.steps["future"][0]
    assert laser.utilisation_ci and laser.blocked != "0 %"  # blocked by the 20-unit buffer
    # without HTMX the whole comparison page comes back, the panel in it
    assert [t.name for t in response.templates][0] == "valuestreams/value_stream_compare.html"
    page = response.content.decode()
    assert "Brackets, line 2 (future state)" in page
    assert 'class="muted ci"' in page


def test_a_map_that_cannot_be_simulated_says_why(client_for, cast, maps):
    future = maps["future"]
    future.source = VARIABLE_FUTURE.replace("changeover_s: 1800,", "batch_size: 40,")
    future.save()
    response = client_for(cast["owner"]).get(
        url(cast["project"], future), DETERMINISTIC, headers=HTMX
    )
    form = response.context["simulation_form"]
    assert "simulation" not in response.context
    (message,) = form.non_field_errors()
    assert message.startswith("capacity: the inventory before 'Bending' holds 20 units")


def test_compare_page_offers_the_form_without_running_it(client_for, cast, maps):
    response = client_for(cast["viewer"]).get(
        reverse("valuestreams:compare", args=[cast["project"].pk, maps["future"].pk])
    )
    page = response.content.decode()
    assert url(cast["project"], maps["future"]) in page
    assert 'name="jobs"' in page and 'name="replications"' in page
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
    assert figures["wip"].current == "5\xa0041"  # French groups thousands with a no-break space


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"jobs": "0"}, "jobs"),
        ({"jobs": "many"}, "jobs"),
        ({"jobs": ""}, "jobs"),
        ({"replications": "1"}, "replications"),
        ({"seed": "-1"}, "seed"),
        # (100,000 jobs + 5,041 pushed out of the stocks) x 2 steps x 50 replications
        ({"jobs": "100000", "replications": "50"}, "jobs"),
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


def test_a_run_too_long_for_the_page_says_how_many_units_fit(client_for, cast, maps):
    data = {**DETERMINISTIC, "jobs": "100000", "replications": "50"}
    response = client_for(cast["owner"]).get(
        url(cast["project"], maps["future"]), data, headers=HTMX
    )
    (message,) = response.context["simulation_form"].errors["jobs"]
    # 105,041 units x 2 steps x 50 = 10.5 million passages; 6 million fit: 100,000 / 1.75
    assert "at most 57120 units with 50 replications" in message
