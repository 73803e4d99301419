"""The diagnosis page assembles stage 1 from the project's data, for everyone in the project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from obeya.core.roadmap import Stage, StageStatus
from obeya.diagnosis.models import GridCriterion
from obeya.gemba.models import Observation
from obeya.projects.selectors import roadmap_for_project
from obeya.valuestreams.models import ValueStream

EXAMPLE = Path(__file__).resolve().parents[2] / "docs/examples/brackets-line2.yaml"


@pytest.fixture
def diagnosed(project):
    project.stakes, project.constraints = "Lead time too long", "No investment"
    project.save()
    ValueStream.objects.create(project=project, name="Line 2, current", source=EXAMPLE.read_text())
    for n, waste in enumerate(["waiting", "inventory", "waiting"]):
        Observation.objects.create(
            project=project,
            observed_on=dt.date(2026, 10, 1 + n),
            description=f"Finding {n}",
            waste=waste,
            impact_eur=100 * (n + 1),
        )
    for n, name in enumerate(["OEE", "Lead time", "On-time delivery"]):
        GridCriterion.objects.create(
            project=project,
            name=name,
            category="delivery",
            current_value=50 + n,
            reference_value=80,
            direction="higher",
            position=n,
        )
    return project


def page(project):
    return reverse("diagnosis:page", args=[project.pk])


@pytest.mark.parametrize("who", ["owner", "teammate", "sponsor", "viewer", "assessor"])
def test_every_member_reads_the_diagnosis(client_for, cast, diagnosed, who):
    response = client_for(cast[who]).get(page(diagnosed))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Line 2, current" in body and "<svg" in body
    assert "Finding 2" in body and "On-time delivery" in body


def test_outsider_gets_404_on_the_diagnosis_page(client_for, cast, diagnosed):
    assert client_for(cast["outsider"]).get(page(diagnosed)).status_code == 404


def test_anonymous_is_sent_to_login(client, diagnosed):
    response = client.get(page(diagnosed))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_data_completes_stage_one(diagnosed):
    diagnose = roadmap_for_project(diagnosed).stages[Stage.DIAGNOSE.number - 1]
    assert diagnose.missing_checks == ()
    assert diagnose.status == StageStatus.DONE


def test_stage_one_waits_for_the_third_observation(diagnosed):
    Observation.objects.filter(project=diagnosed).first().delete()
    diagnose = roadmap_for_project(diagnosed).stages[Stage.DIAGNOSE.number - 1]
    assert [c.key for c in diagnose.missing_checks] == ["field_observations"]


def test_largest_findings_come_first(client_for, cast, diagnosed):
    body = client_for(cast["owner"]).get(page(diagnosed)).content.decode()
    assert body.index("Finding 2") < body.index("Finding 1") < body.index("Finding 0")
