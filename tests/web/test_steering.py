"""The steering status report and the reviews: the report's numbers on a hand-built project,
the same numbers in the page, the PDF and the XLSX, reviews frozen once written, permissions.

Rules (docs/status-report.md): everyone with a role reads the report, its exports and the
reviews; only facilitators write a review; a user without a role gets 404.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from permission_table import (
    FACILITATORS,
    ApiEndpoint,
    Endpoint,
    anonymous_sent_to_login,
    each_role_gets_what_it_may,
    outsider_gets_404,
)

from obeya.actions.models import Action
from obeya.audit.models import AuditEntry
from obeya.decisions.models import Axis
from obeya.levers.models import CandidateLever
from obeya.meetings.models import Meeting
from obeya.obstacles import services as obstacle_services
from obeya.organisation.models import Skill
from obeya.steering import services
from obeya.steering.exports import report_pdf, report_xlsx
from obeya.steering.models import Review
from obeya.steering.selectors import status_report
from obeya.trainings.models import Training

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
D = dt.date
TODAY = timezone.localdate()  # the pages read the live date: the plan is built around it


def _d(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(_d(days), dt.time(hour, minute)))


@pytest.fixture
def plan(cast):
    """Two axes; five actions on the first: two done (one of them late against its baseline),
    one open and overdue, one open due in 10 days with its due date moved 5 days later, one
    cancelled; one open action on the second due in 40 days. A ratified lever (42 k€/year)
    on the first axis, a submitted one on the second; two open obstacles (one resistance) and
    a resolved one; a meeting in 3 days, a training in 20 days."""
    project, owner = cast["project"], cast["owner"]
    lead = Axis.objects.create(
        project=project,
        title="Lead time",
        kpi_name="Lead time",
        kpi_unit="days",
        baseline=12,
        target=5,
        deadline=_d(213),
        priority=1,
    )
    quality = Axis.objects.create(project=project, title="First-pass yield", priority=2)

    def action(title, status, due, planned=None, axis=lead, owner_person=None):
        return Action.objects.create(
            project=project,
            title=title,
            status=status,
            due_date=due,
            planned_due=planned or due,
            axis=axis,
            owner=owner_person,
            progress=100 if status == "done" else 0,
        )

    action("Map the flow", "done", _d(-61))
    action("Film a changeover", "done", _d(-22), planned=_d(-31))
    action("SMED workshop", "in_progress", _d(-12), owner_person=cast["teammate"].person)
    action("Standardise changeover", "todo", _d(10), planned=_d(5))
    action("Robot study", "cancelled", _d(-92), planned=_d(-120))
    action("Poka-yoke on bending", "todo", _d(40), axis=quality)

    CandidateLever.objects.create(
        project=project,
        axis=lead,
        title="SMED on the press brake",
        status="ratified",
        gain_eur_per_year=Decimal("42000"),
        gain_kpi=3,
    )
    CandidateLever.objects.create(
        project=project,
        axis=quality,
        title="5S in the bending area",
        status="submitted",
        gain_eur_per_year=Decimal("9000"),
        investment_eur=Decimal("3000"),
        submitted_at=_at(-7, 10),
    )
    obstacle_services.obstacle_create(
        project=project,
        user=owner,
        title="Operators fear job cuts",
        kind="human",
        is_resistance=True,
        response="involve",
        response_detail="Operators lead the SMED workshop",
        status="in_treatment",
        raised_on=_d(-42),
        group="Bending shop",
    )
    obstacle_services.obstacle_create(
        project=project,
        user=owner,
        title="No room for the supermarket",
        kind="organisational",
        raised_on=_d(-30),
    )
    obstacle_services.obstacle_create(
        project=project,
        user=owner,
        title="Clamps missing",
        kind="technical",
        response="negotiate",
        status="resolved",
        raised_on=_d(-91),
    )
    Meeting.objects.create(
        project=project,
        title="Steering committee",
        kind="steering",
        starts_at=_at(3, 9, 30),
        place="Room B",
    )
    Meeting.objects.create(
        project=project,
        title="Kick-off (past)",
        kind="kickoff",
        starts_at=_at(-92, 9),
    )
    Training.objects.create(
        project=project,
        title="SMED basics",
        skill=Skill.objects.create(company=project.company, name="SMED"),
        external_trainer="Lean Institute",
        starts_on=_d(20),
    )
    return {**cast, "lead": lead, "quality": quality}


def test_status_report_numbers_on_a_hand_built_project(plan):
    report = status_report(plan["project"], today=TODAY, weeks=4)
    # cancelled actions are out of the plan: 5 actions, 2 done
    assert (report.actions_total, report.actions_done, report.actions_open) == (5, 2, 3)
    assert report.done_pct == pytest.approx(40.0)
    # overdue: SMED workshop; slipped: film (done 9 days late), SMED (overdue),
    # standardise (moved 5 days)
    assert report.actions_overdue == 1
    assert report.actions_slipped == 3
    lead, quality = report.axes
    assert (lead.actions_total, lead.actions_done, lead.done_pct) == (4, 2, 50.0)
    assert (lead.actions_overdue, lead.actions_slipped) == (1, 3)
    assert (lead.baseline, lead.target) == (12, 5)
    assert [lv.title for lv in lead.levers] == ["SMED on the press brake"]
    assert lead.gain_eur_per_year == 42000.0
    assert (quality.actions_total, quality.done_pct, quality.gain_eur_per_year) == (1, 0.0, 0.0)
    slipped = {s.title: s for s in report.slipped}
    assert set(slipped) == {"Film a changeover", "SMED workshop", "Standardise changeover"}
    assert slipped["Film a changeover"].slippage_days == 9
    assert slipped["SMED workshop"].overdue_days == 12
    assert slipped["Standardise changeover"].slippage_days == 5
    assert slipped["Standardise changeover"].overdue_days is None
    assert [o.title for o in report.obstacles] == [
        "Operators fear job cuts",
        "No room for the supermarket",
    ]
    assert (report.obstacles_open, report.resistance_open) == (2, 1)
    # next 4 weeks: up to day 28; the poka-yoke (day 40) is further away
    assert [n.title for n in report.next_actions] == ["Standardise changeover"]
    assert [(e.kind, e.title, e.day, e.time) for e in report.next_events] == [
        ("meeting", "Steering committee", _d(3), "09:30"),
        ("training", "SMED basics", _d(20), ""),
    ]
    assert [(d.title, d.gain_eur_per_year, d.submitted_on) for d in report.decisions] == [
        ("5S in the bending area", 9000.0, _d(-7))
    ]
    longer = status_report(plan["project"], today=TODAY, weeks=8)
    assert [n.title for n in longer.next_actions] == [
        "Standardise changeover",
        "Poka-yoke on bending",
    ]


def test_report_page_shows_the_report(client_for, plan):
    page = client_for(plan["viewer"]).get(
        reverse("steering:index", args=[plan["project"].pk]), **EN
    )
    html = page.content.decode()
    assert "Actions: 2 done out of 5 (40 %), 3 open." in html
    axes = html[html.index('id="section-axes"') : html.index('id="section-slipped"')]
    assert "SMED on the press brake" in axes and "42,000 €" in axes
    assert "Operators lead the SMED workshop" in html
    assert "5S in the bending area" in html


# --- PDF and XLSX --------------------------------------------------------------------------


def _unescape(raw: bytes) -> bytes:
    """A PDF literal string's bytes (escapes resolved)."""
    out, i = bytearray(), 0
    simple = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12, b"(": 40, b")": 41, b"\\": 92}
    while i < len(raw):
        ch = raw[i : i + 1]
        if ch == b"\\":
            nxt = raw[i + 1 : i + 2]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
                continue
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            i += 1
            continue
        out.append(raw[i])
        i += 1
    return bytes(out)


def _pdf_texts(pdf: bytes) -> str:
    """The text an extractor would read from an uncompressed fpdf2 PDF: every shown string
    decoded through each embedded font's ToUnicode map (the wrong maps give noise)."""
    cmaps = []
    for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", pdf, re.S):
        pairs = re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4,8})>", block)
        cmaps.append({int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be") for a, b in pairs})
    strings = [_unescape(s) for s in re.findall(rb"\(((?:[^()\\]|\\.)*)\) Tj", pdf, re.S)]
    texts = []
    for cmap in cmaps:
        for s in strings:
            codes = [int.from_bytes(s[i : i + 2], "big") for i in range(0, len(s) - 1, 2)]
            texts.append("".join(cmap.get(c, "\ufffd") for c in codes))
    return "\n".join(texts)


def test_pdf_is_a_pdf_with_the_project_name_and_accents(plan):
    project = plan["project"]
    project.title = "Délai de la ligne L2 à 5 jours"
    project.save()
    report = status_report(project, today=TODAY)
    pdf = report_pdf(report, compress=False)
    assert pdf.startswith(b"%PDF")
    text = _pdf_texts(pdf)
    assert "Délai de la ligne L2 à 5 jours" in text
    assert "42,000 €" in text
    assert "Operators fear job cuts" in text
    assert "1/" in text  # page numbers in the footer


def test_pdf_download_is_served_as_an_attachment(client_for, plan):
    response = client_for(plan["sponsor"]).get(
        reverse("steering:report_pdf", args=[plan["project"].pk]), **EN
    )
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_xlsx_has_one_sheet_per_section_with_typed_cells(plan):
    book = load_workbook(io.BytesIO(report_xlsx(status_report(plan["project"], today=TODAY))))
    assert book.sheetnames == [
        "Summary",
        "Axes",
        "Slipped actions",
        "Obstacles",
        "Next actions",
        "Meetings and trainings",
        "Decisions to take",
        "Stakeholders",
    ]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Actions"] == 5 and summary["Actions done"] == 2
    assert summary["Date"] == dt.datetime.combine(TODAY, dt.time())
    axes = list(book["Axes"].iter_rows(values_only=True))
    assert axes[0][0] == "Axis"
    assert axes[1][:10] == (
        "Lead time",
        "Lead time (days)",
        12,
        5,
        dt.datetime.combine(_d(213), dt.time()),
        2,
        4,
        50.0,
        1,
        3,
    )
    assert axes[1][11] == 42000
    slipped = list(book["Slipped actions"].iter_rows(min_row=2, values_only=True))
    film = next(r for r in slipped if r[0] == "Film a changeover")
    assert film[3:5] == (
        dt.datetime.combine(_d(-31), dt.time()),
        dt.datetime.combine(_d(-22), dt.time()),
    )
    assert film[5] == 9
    assert book["Slipped actions"]["D2"].is_date


def test_xlsx_download(client_for, plan):
    response = client_for(plan["viewer"]).get(
        reverse("steering:report_xlsx", args=[plan["project"].pk]) + "?weeks=8", **EN
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[4].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["Standardise changeover", "Poka-yoke on bending"]


# --- reviews -------------------------------------------------------------------------------


def test_a_review_freezes_the_figures_of_its_day(plan):
    review = services.review_create(
        project=plan["project"],
        user=plan["owner"],
        title="May review",
        difficulties="Night shift resists",
        progress="SMED workshop started",
        today=TODAY,
    )
    assert review.written_on == TODAY
    assert review.figures["actions"] == {
        "total": 5,
        "done": 2,
        "open": 3,
        "overdue": 1,
        "slipped": 3,
        "done_pct": 40.0,
    }
    assert review.figures["obstacles_open"] == 2
    Action.objects.filter(project=plan["project"]).update(status="done")
    review.refresh_from_db()
    assert review.figures["actions"]["done"] == 2


def test_a_review_cannot_be_changed_once_written(plan):
    review = services.review_create(
        project=plan["project"], user=plan["owner"], title="R", difficulties="D", progress="P"
    )
    review.progress = "Rewritten history"
    with pytest.raises(ValidationError):
        review.save()
    assert Review.objects.get(pk=review.pk).progress == "P"


def test_a_correction_is_a_new_review_naming_the_first(client_for, plan):
    first = services.review_create(
        project=plan["project"], user=plan["owner"], title="R1", difficulties="D", progress="P"
    )
    second = services.review_create(
        project=plan["project"],
        user=plan["owner"],
        title="R1 corrected",
        difficulties="D2",
        progress="P2",
        corrects=first,
    )
    assert list(first.corrections.all()) == [second]
    page = client_for(plan["viewer"]).get(first.get_absolute_url(), **EN).content.decode()
    assert "Corrected by" in page and "R1 corrected" in page


def test_review_text_is_required_and_named(plan):
    with pytest.raises(ValidationError) as error:
        services.review_create(
            project=plan["project"], user=plan["owner"], title="R", difficulties="", progress="P"
        )
    assert "difficulties" in error.value.message_dict


def test_review_of_another_project_cannot_be_corrected(plan):
    from obeya.projects.models import Project

    other = Project.objects.create(company=plan["project"].company, title="Paint shop")
    foreign = services.review_create(
        project=other, user=plan["owner"], title="X", difficulties="D", progress="P"
    )
    with pytest.raises(ValidationError) as error:
        services.review_create(
            project=plan["project"],
            user=plan["owner"],
            title="Y",
            difficulties="D",
            progress="P",
            corrects=foreign,
        )
    assert "corrects" in error.value.message_dict


def test_demo_review_is_written_in_the_past(plan):
    from obeya.steering.demo import load_demo_reviews

    load_demo_reviews(project=plan["project"], user=plan["owner"], language="en", today=TODAY)
    load_demo_reviews(project=plan["project"], user=plan["owner"], language="en", today=TODAY)
    (review,) = Review.objects.filter(project=plan["project"])
    assert review.written_on < TODAY
    assert review.figures["actions"]["total"] >= 1


# --- permissions ---------------------------------------------------------------------------


@pytest.fixture
def world(plan):
    review = services.review_create(
        project=plan["project"], user=plan["owner"], title="R", difficulties="D", progress="P"
    )
    return {**plan, "review": review}


def _url(name: str, key: str | None = None) -> Callable[[dict], str]:
    return lambda w: reverse(name, args=[w["project"].pk, *([w[key].pk] if key else [])])


def _review(w: dict) -> dict:
    return {"title": "June review", "difficulties": "Night shift", "progress": "SMED done"}


PAGES = [
    Endpoint("report", "get", _url("steering:index"), 200),
    Endpoint("report 8 weeks", "get", lambda w: _url("steering:index")(w) + "?weeks=8", 200),
    Endpoint("report PDF", "get", _url("steering:report_pdf"), 200),
    Endpoint("report XLSX", "get", _url("steering:report_xlsx"), 200),
    Endpoint("reviews", "get", _url("steering:reviews"), 200),
    Endpoint("review form", "get", _url("steering:review_create"), 200, FACILITATORS),
    Endpoint("review write", "post", _url("steering:review_create"), 302, FACILITATORS, _review),
    Endpoint("review", "get", _url("steering:review_detail", "review"), 200),
]


def _api(path: str) -> Callable[[dict], str]:
    return lambda w: f"/api/projects/{w['project'].pk}{path}"


API = [
    ApiEndpoint("report", "get", _api("/steering/report"), 200),
    ApiEndpoint("reviews", "get", _api("/reviews"), 200),
    ApiEndpoint("review", "get", lambda w: _api(f"/reviews/{w['review'].pk}")(w), 200),
    ApiEndpoint("write review", "post", _api("/reviews"), 201, FACILITATORS, _review),
]


def _state() -> tuple[int, int]:
    return AuditEntry.objects.count(), Review.objects.count()


test_anonymous_user_is_redirected_to_login = anonymous_sent_to_login(PAGES, _state)
test_outsider_gets_404_on_every_steering_page = outsider_gets_404(PAGES, _state)
test_each_role_gets_what_it_may_on_every_steering_page = each_role_gets_what_it_may(
    PAGES, _state, reads_change_nothing=True
)
test_outsider_gets_404_on_every_steering_endpoint = outsider_gets_404(API, _state)
test_each_role_gets_what_it_may_on_every_steering_endpoint = each_role_gets_what_it_may(
    API, _state, reads_change_nothing=True
)


def test_api_report_has_the_same_figures(api_for, plan):
    data = api_for(plan["viewer"]).get(f"/api/projects/{plan['project'].pk}/steering/report").json()
    assert (data["actions_total"], data["actions_slipped"], data["obstacles_open"]) == (5, 3, 2)
    assert data["axes"][0]["title"] == "Lead time"
    assert data["axes"][0]["gain_eur_per_year"] == 42000.0
    assert data["decisions"][0]["title"] == "5S in the bending area"


def test_api_refuses_weeks_out_of_range_naming_the_field(api_for, plan):
    response = api_for(plan["viewer"]).get(
        f"/api/projects/{plan['project'].pk}/steering/report?weeks=99"
    )
    assert response.status_code == 422 and "weeks" in response.json()["detail"]


def test_a_report_dated_in_the_past_ignores_later_assessments_and_obstacles(plan):
    stakeholder = obstacle_services.stakeholder_create(
        project=plan["project"],
        user=plan["owner"],
        group="Night shift",
        influence=2,
        attitude=0,
        assessed_on=_d(-30),
    )
    obstacle_services.stakeholder_assess(
        stakeholder=stakeholder, user=plan["owner"], influence=2, attitude=-2, assessed_on=_d(-2)
    )
    past = status_report(plan["project"], today=_d(-10))
    assert past.stakeholder_moves == []
    earlier = status_report(plan["project"], today=_d(-35))
    assert [o.title for o in earlier.obstacles] == ["Operators fear job cuts"]  # other: day -30
    now = status_report(plan["project"], today=TODAY)
    assert [(m.name, m.move) for m in now.stakeholder_moves] == [("Night shift", "lost ground")]
