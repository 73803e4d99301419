"""The demo project's meetings (wired by obeya.demo.loader).

A kick-off held six weeks ago, with its minutes and the two actions decided in it; the
bending team's weekly stand-up (three past ones with attendance, the rest to come); a
monthly review with the plant director. People are the project's members and, when the
demo teams are passed, the members of the team the stand-up belongs to. Loading twice
changes nothing (series are found by title).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from obeya.meetings import services
from obeya.meetings.models import Attendance, MeetingSeries
from obeya.organisation.models import Person
from obeya.projects.models import Project

_TEXT = {
    "fr": {
        "place": "Salle Obeya, usine de Besançon",
        "gemba": "Tableau d'équipe, atelier pliage",
        "kickoff": "Lancement du chantier ligne L2",
        "kickoff_agenda": "1. Enjeux et objectifs du projet\n2. Périmètre : ligne de pliage L2\n"
        "3. Rôles et rituels\n4. Prochaines étapes",
        "kickoff_minutes": "Le directeur rappelle l'enjeu : délai de 12 jours à ramener à 5. "
        "L'animatrice présente la démarche et le calendrier ; l'équipe pliage confirme que les "
        "changements de série sont le premier irritant.",
        "kickoff_decisions": "Point debout hebdomadaire au tableau de l'équipe pliage ; revue "
        "mensuelle avec la direction.",
        "kickoff_actions": [
            "Filmer un changement de série sur la presse plieuse",
            "Afficher le tableau d'équipe au pliage",
        ],
        "standup": "Point hebdo équipe pliage",
        "standup_agenda": "Sécurité, qualité, délai, actions en retard (15 minutes debout).",
        "standup_minutes": "Tour du tableau : aucun accident, deux retouches, actions à jour.",
        "review": "Revue mensuelle du projet",
        "review_agenda": "Avancement par axe, actions en retard, obstacles, décisions.",
        "review_minutes": "Avancement conforme ; le SMED démarre la semaine prochaine.",
    },
    "en": {
        "place": "Obeya room, Besançon plant",
        "gemba": "Team board, bending shop",
        "kickoff": "Kick-off of the line L2 project",
        "kickoff_agenda": "1. Stakes and objectives\n2. Scope: bending line L2\n"
        "3. Roles and routines\n4. Next steps",
        "kickoff_minutes": "The director restates the stake: a 12-day lead time to bring down to "
        "5. The facilitator presents the approach and the calendar; the bending team confirms "
        "that changeovers are the first irritant.",
        "kickoff_decisions": "A weekly stand-up at the bending team's board; a monthly review "
        "with the management.",
        "kickoff_actions": [
            "Film a changeover on the press brake",
            "Put up the team board in the bending shop",
        ],
        "standup": "Bending team weekly stand-up",
        "standup_agenda": "Safety, quality, delivery, late actions (15 minutes, standing).",
        "standup_minutes": "Round of the board: no accident, two reworks, actions up to date.",
        "review": "Monthly project review",
        "review_agenda": "Progress per axis, late actions, obstacles, decisions.",
        "review_minutes": "Progress on plan; SMED starts next week.",
    },
}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _first_team(teams: Mapping[str, Any] | Iterable[Any] | None) -> Any:
    if not teams:
        return None
    values = list(teams.values()) if isinstance(teams, Mapping) else list(teams)
    return values[0] if values else None


def _record(meeting: Any, user: Any, absent: Iterable[Person] = (), excused=()) -> None:
    absent, excused = set(absent), set(excused)
    statuses = {}
    for row in meeting.attendances.select_related("person"):
        person = row.person
        if person in absent:
            statuses[person] = Attendance.Status.ABSENT
        elif person in excused:
            statuses[person] = Attendance.Status.EXCUSED
        else:
            statuses[person] = Attendance.Status.PRESENT
    services.attendance_record(meeting=meeting, user=user, statuses=statuses)


@transaction.atomic
def load_demo_meetings(
    project: Project,
    teams: Mapping[str, Any] | Iterable[Any] | None = None,
    *,
    language: str = "fr",
    user: Any = None,
    today: dt.date | None = None,
) -> None:
    """Create the demo meetings of `project` (once). `teams`: the demo's improvement teams
    (a mapping or a list; the first one gets the stand-up). `user` is the facilitator who
    plans them (the project's facilitator's login by default)."""
    t = _TEXT["en" if language.startswith("en") else "fr"]
    if MeetingSeries.objects.filter(project=project, title=t["kickoff"]).exists():
        return
    today = today or timezone.localdate()
    user = user or (project.facilitator.user if project.facilitator_id else None)
    members = list(
        Person.objects.filter(user__project_memberships__project=project).exclude(
            user__project_memberships__role="assessor"
        )
    )
    team = _first_team(teams)
    team_people = list(Person.objects.filter(team_memberships__team=team)) if team else []
    facilitator, sponsor = project.facilitator, project.sponsor

    kickoff = services.series_create(
        project=project,
        user=user,
        kind="kickoff",
        title=t["kickoff"],
        recurrence=MeetingSeries.Recurrence.ONCE,
        first_starts_at=_at(today - dt.timedelta(days=40), 9),
        duration_minutes=90,
        place=t["place"],
        agenda=t["kickoff_agenda"],
        attendees=list({*members, *team_people}),
    )
    meeting = kickoff.meetings.get()
    late = [p for p in members if p not in (facilitator, sponsor)][-1:]
    _record(meeting, user, excused=late)
    services.meeting_record_minutes(
        meeting=meeting,
        user=user,
        minutes=t["kickoff_minutes"],
        decisions=t["kickoff_decisions"],
    )
    owners = [
        next((p for p in members if p not in (facilitator, sponsor)), facilitator),
        facilitator,
    ]
    for title, owner, due in zip(t["kickoff_actions"], owners, (10, 20), strict=True):
        services.meeting_action_create(
            meeting=meeting,
            user=user,
            title=title,
            owner=owner,
            due_date=today + dt.timedelta(days=due),
        )

    standup_people = team_people or [p for p in members if p != sponsor]
    standup = services.series_create(
        project=project,
        user=user,
        kind="standup",
        team=team,
        title=t["standup"],
        recurrence=MeetingSeries.Recurrence.WEEKLY,
        first_starts_at=_at(today - dt.timedelta(days=20), 8, 30),
        occurrences=12,
        duration_minutes=15,
        place=t["gemba"],
        agenda=t["standup_agenda"],
        attendees=standup_people,
    )
    now = timezone.now()
    for index, meeting in enumerate(standup.meetings.filter(starts_at__lt=now)):
        absent = standup_people[index % len(standup_people) :][:1] if index else []
        _record(meeting, user, absent=absent)
        services.meeting_record_minutes(meeting=meeting, user=user, minutes=t["standup_minutes"])

    review = services.series_create(
        project=project,
        user=user,
        kind="review",
        title=t["review"],
        recurrence=MeetingSeries.Recurrence.MONTHLY,
        first_starts_at=_at(today - dt.timedelta(days=28), 14),
        occurrences=6,
        duration_minutes=60,
        place=t["place"],
        agenda=t["review_agenda"],
        attendees=[p for p in (facilitator, sponsor) if p] + standup_people[:2],
    )
    for meeting in review.meetings.filter(starts_at__lt=now):
        _record(meeting, user)
        services.meeting_record_minutes(meeting=meeting, user=user, minutes=t["review_minutes"])
