"""Demo obstacles and stakeholder map of the bending line L2 project (wired by obeya.demo.loader).

Four entries of the kind a SMED and kanban project meets in a sheet-metal SME: press-brake
operators fearing that quicker changeovers mean job cuts (resistance, answered by involving
them), the night shift not trained on the new standard (being treated), the supermarket with
no floor space (escalated to the plant director) and the missing quick-clamp tooling (resolved).
The stakeholder map holds five people or groups assessed twice, a month apart.

People are found by name among the demo company's (see obeya.demo.loader._PEOPLE); one
missing is simply left out. Loading twice changes nothing (entries are found by title or name).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from obeya.obstacles import services
from obeya.obstacles.models import Obstacle, Stakeholder
from obeya.organisation.models import Person
from obeya.projects.models import Project

# key, kind, resistance, severity, response, status, raised (days before today),
# treated (days before), resolved (days before), response owner, people concerned
_OBSTACLES = (
    (
        "fear",
        "human",
        True,
        3,
        "involve",
        "in_treatment",
        40,
        35,
        None,
        "Camille",
        ["Léa", "Thomas"],
    ),
    ("night", "organisational", True, 2, "train", "in_treatment", 25, 20, None, "Karim", []),
    ("space", "organisational", False, 3, "escalate", "open", 12, None, None, "Jean", ["Nicolas"]),
    ("clamps", "technical", False, 2, "negotiate", "resolved", 50, 45, 18, "Sarah", ["Yanis"]),
)
_TEXT = {
    "en": {
        "fear": (
            "Press-brake operators fear quicker changeovers mean job cuts",
            "Heard at the stand-up: “if changeovers take 20 minutes, they will need one "
            "operator less”.",
            "Bending shop operators",
            "Operators film a changeover and lead the first SMED workshop; the plant director "
            "confirmed in the information meeting that the time freed goes to small batches.",
        ),
        "night": (
            "Night shift not trained on the new changeover standard",
            "The night shift keeps the old sequence; changeovers take 70 min at night.",
            "Night shift, bending",
            "Two sessions on the standard at shift change, trained by Karim.",
        ),
        "space": (
            "No floor space for the kanban supermarket",
            "The area between cutting and bending holds scrap racks.",
            "Shipping and logistics",
            "Decision asked of the plant director: move the scrap racks outside.",
        ),
        "clamps": (
            "Quick-clamp tooling missing on the press brake",
            "Internal SMED steps were blocked without hydraulic clamps.",
            "",
            "Purchasing negotiated a rental until the new clamps are delivered.",
        ),
    },
    "fr": {
        "fear": (
            "Les opérateurs de la plieuse craignent des suppressions de postes",
            "Entendu au point quotidien : « si le changement prend 20 minutes, il leur faudra "
            "un opérateur de moins ».",
            "Opérateurs de l'atelier de pliage",
            "Les opérateurs filment un changement et animent le premier chantier SMED ; le "
            "directeur a confirmé en réunion d'information que le temps gagné va aux petites "
            "séries.",
        ),
        "night": (
            "L'équipe de nuit n'est pas formée au nouveau standard de changement",
            "L'équipe de nuit garde l'ancienne séquence ; 70 min de changement la nuit.",
            "Équipe de nuit, pliage",
            "Deux sessions sur le standard à la relève, animées par Karim.",
        ),
        "space": (
            "Pas de place au sol pour le supermarché kanban",
            "La zone entre découpe et pliage est occupée par les bacs de chutes.",
            "Expédition et logistique",
            "Décision demandée au directeur : sortir les bacs de chutes.",
        ),
        "clamps": (
            "Bridage rapide absent sur la presse plieuse",
            "Les étapes internes du SMED étaient bloquées sans bridage hydraulique.",
            "",
            "Les achats ont négocié une location en attendant la livraison.",
        ),
    },
}
# name (a first name of the demo people, or a group), (influence, attitude) a month ago, now
_MAP = (
    ("Jean", (4, 1), (4, 2)),
    ("Karim", (3, -1), (3, 1)),
    ("Léa", (1, -2), (2, -1)),
    ("Yanis", (2, 0), (2, 0)),
    ({"en": "Night shift, bending", "fr": "Équipe de nuit, pliage"}, (2, -1), (2, -2)),
)


def _person(project: Project, first_name: str) -> Person | None:
    return (
        Person.objects.filter(company=project.company_id, first_name=first_name)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def load_demo_obstacles(*, project: Project, user: Any, language: str, today: dt.date) -> None:
    """Log the demo obstacles (linked to the first axis, team and open actions when there are
    some) and draw the stakeholder map with two assessments a month apart."""
    lang = "fr" if language.startswith("fr") else "en"
    axis = project.axes.order_by("priority", "pk").first()
    team = project.teams.order_by("pk").first()
    open_actions = list(project.actions.filter(status__in=("todo", "in_progress"))[:2])
    for row in _OBSTACLES:
        key, kind, resistance, severity, response, status = row[:6]
        raised, treated, resolved, owner, names = row[6:]
        title, description, group, detail = _TEXT[lang][key]
        if Obstacle.objects.filter(project=project, title=title).exists():
            continue
        people = [p for p in (_person(project, n) for n in names) if p is not None]
        services.obstacle_create(
            project=project,
            user=user,
            title=title,
            kind=kind,
            is_resistance=resistance,
            description=description,
            axis=axis if key in ("fear", "space") else None,
            team=team if key in ("fear", "night") else None,
            actions=open_actions if key == "fear" else [],
            people=people,
            group=group,
            severity=severity,
            response=response,
            response_detail=detail,
            response_owner=_person(project, owner),
            status=status,
            raised_on=today - dt.timedelta(days=raised),
            treated_on=today - dt.timedelta(days=treated) if treated else None,
            resolved_on=today - dt.timedelta(days=resolved) if resolved else None,
        )
    before, now = today - dt.timedelta(days=30), today - dt.timedelta(days=2)
    for who, first, second in _MAP:
        if isinstance(who, dict):
            person, group = None, who[lang]
            found = Stakeholder.objects.filter(project=project, group=group).first()
        else:
            person, group = _person(project, who), ""
            if person is None:
                continue
            found = Stakeholder.objects.filter(project=project, person=person).first()
        if found is not None:
            continue
        stakeholder = services.stakeholder_create(
            project=project,
            user=user,
            person=person,
            group=group,
            influence=first[0],
            attitude=first[1],
            assessed_on=before,
        )
        services.stakeholder_assess(
            stakeholder=stakeholder,
            user=user,
            influence=second[0],
            attitude=second[1],
            assessed_on=now,
        )
