"""Demo trainings of the demo project (wired by obeya.demo.loader).

The bending shop's story: a SMED training held three weeks ago whose levels were validated
(the matrix shows Karim and Yanis autonomous in SMED since), a 5S training held last week whose
levels still wait for validation, and a problem-solving training planned from the gap of the
area's skills matrix. Idempotent: a training already there, found by its title, is left as is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from obeya.organisation.models import Person, Skill
from obeya.projects.models import Project
from obeya.trainings import services
from obeya.trainings.models import Training
from obeya.trainings.selectors import area_needs

_T = {
    "fr": {
        "skills": ("SMED", "5S", "Résolution de problèmes (QRQC)"),
        "titles": (
            "Formation SMED de l'équipe pliage",
            "Formation 5S au poste de pliage",
            "Initiation à la résolution de problèmes (QRQC)",
        ),
        "place": "Salle de réunion de l'atelier pliage",
        "assessments": {
            "Karim": "A mené l'analyse du changement de série de la presse plieuse.",
            "Yanis": "Autonome sur la séparation interne / externe.",
            "Thomas": "A suivi la journée ; à accompagner sur le terrain.",
            "Léa": "A animé le tri et le rangement du poste.",
        },
    },
    "en": {
        "skills": ("SMED", "5S", "Problem solving (QRQC)"),
        "titles": (
            "SMED training of the bending team",
            "5S training at the bending station",
            "Introduction to problem solving (QRQC)",
        ),
        "place": "Bending shop meeting room",
        "assessments": {
            "Karim": "Led the analysis of the press brake changeover.",
            "Yanis": "Autonomous on separating internal and external work.",
            "Thomas": "Attended the day; needs coaching on the floor.",
            "Léa": "Ran the sorting and setting in order of the station.",
        },
    },
}

# first name, last name of the demo people the trainings involve (obeya.demo.loader._PEOPLE)
_NAMES = {
    "Camille": "Martin",
    "Karim": "Benali",
    "Yanis": "Boyer",
    "Thomas": "Garnier",
    "Léa": "Fournier",
}


def load_demo_trainings(
    project: Project, *, language: str, user: Any, today: dt.date | None = None
) -> list[Training]:
    """Create the three demo trainings of the project (those missing); returns those created."""
    t = _T["en" if language.startswith("en") else "fr"]
    today = today or timezone.localdate()
    company = project.company
    skills = {s.name: s for s in Skill.objects.filter(company=company, name__in=t["skills"])}
    people = {
        first: Person.objects.filter(company=company, first_name=first, last_name=last).first()
        for first, last in _NAMES.items()
    }
    if len(skills) < 3 or not all(people.values()):
        return []  # not the demo company as the loader builds it
    smed, five_s, qrqc = (skills[name] for name in t["skills"])
    existing = set(Training.objects.filter(project=project).values_list("title", flat=True))
    created = []
    common = {"trainer": people["Camille"], "place": t["place"], "duration_hours": 7}

    def plan(
        title: str, skill: Skill, days: int, attendees: list[Person], level: int = 2
    ) -> Training:
        training = services.training_create(
            project=project,
            user=user,
            title=title,
            skill=skill,
            target_level=level,
            starts_on=today + dt.timedelta(days=days),
            attendees=attendees,
            **common,
        )
        created.append(training)
        return training

    def record(training: Training, results: dict[str, tuple[bool, int | None, int | None]]):
        by_first = {a.person.first_name: a for a in training.attendees.select_related("person")}
        for first, (attended, score, level) in results.items():
            services.attendee_record(
                attendee=by_first[first],
                user=user,
                attended=attended,
                score=score,
                assessment=t["assessments"].get(first, "") if attended else "",
                proposed_level=level,
            )
        return by_first

    if t["titles"][0] not in existing:
        smed_day = plan(
            t["titles"][0], smed, -21, [people["Karim"], people["Yanis"], people["Thomas"]]
        )
        record(smed_day, {"Karim": (True, 5, 2), "Yanis": (True, 4, 2), "Thomas": (True, 4, 1)})
        services.training_complete(training=smed_day, user=user, today=today)
        for attendee in smed_day.attendees.all():
            services.attendee_validate(attendee=attendee, user=user)

    if t["titles"][1] not in existing:
        five_s_day = plan(
            t["titles"][1], five_s, -6, [people["Léa"], people["Thomas"], people["Yanis"]]
        )
        record(
            five_s_day,
            {"Léa": (True, 5, 2), "Thomas": (True, 3, 2), "Yanis": (False, None, None)},
        )
        services.training_complete(training=five_s_day, user=user, today=today)

    if t["titles"][2] not in existing:
        group = area_needs(project, planned=[])
        need = next((n.need for n in group.lines if n.need.skill == qrqc), None) if group else None
        attendees = [c.person for c in need.first_candidates] if need else [people["Léa"]]
        plan(t["titles"][2], qrqc, 21, attendees, need.target.level if need else 1)
    return created
