"""Demo targets for the skills matrix of the demo company, and the demo project's improvement
teams (both wired by obeya.demo.loader).

Realistic for a sheet-metal plant: each workshop wants two or three people autonomous in its
trade, the bending shop (where the SMED project runs) two autonomous in SMED, and
everyone's 5S baseline. Idempotent: a target already set is left as the user changed it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from obeya.organisation.models import Area, Company, Person, Skill
from obeya.projects.models import Project
from obeya.teams.models import ImprovementTeam, SkillTarget

# skill names by language, in the demo loader's order: 0-5 Lean methods, 6-10 trades
_SKILLS = {
    "fr": [
        "5S",
        "SMED",
        "Résolution de problèmes (QRQC)",
        "Standard de travail",
        "Kanban",
        "TPM",
        "Découpe laser",
        "Pliage CN",
        "Soudure MIG",
        "Peinture poudre",
        "Contrôle qualité",
    ],
    "en": [
        "5S",
        "SMED",
        "Problem solving (QRQC)",
        "Standard work",
        "Kanban",
        "TPM",
        "Laser cutting",
        "CNC bending",
        "MIG welding",
        "Powder painting",
        "Quality inspection",
    ],
}
_AREAS = {
    "fr": ["Découpe laser", "Pliage", "Soudure", "Bureau des méthodes", "Service qualité"],
    "en": ["Laser cutting", "Bending", "Welding", "Methods office", "Quality department"],
}
# area index in _AREAS -> (skill index, target level, people)
_TARGETS = {
    0: [(6, 2, 2), (0, 2, 2), (5, 1, 2)],
    1: [(7, 2, 3), (1, 2, 2), (0, 2, 2), (2, 1, 2)],
    2: [(8, 2, 2), (0, 2, 1), (2, 1, 1)],
    3: [(1, 3, 1), (3, 2, 2), (4, 2, 1)],
    4: [(10, 3, 1), (2, 3, 1), (3, 2, 1)],
}


def load_demo_skills(company: Company, *, language: str) -> None:
    """Give the demo areas their skill targets (only those the demo loader created)."""
    lang = "fr" if language.startswith("fr") else "en"
    skills = {s.name: s for s in Skill.objects.filter(company=company)}
    for area_i, rows in _TARGETS.items():
        area = Area.objects.filter(site__company=company, name=_AREAS[lang][area_i]).first()
        if area is None:
            continue
        for skill_i, level, people in rows:
            skill = skills.get(_SKILLS[lang][skill_i])
            if skill is not None:
                SkillTarget.objects.get_or_create(
                    area=area, skill=skill, defaults={"level": level, "people": people}
                )


# --- improvement teams of the demo project -------------------------------------------------

# (key, lever key in obeya.levers.demo, axis index); the teams carry the two ratified levers.
_TEAMS = {
    "fr": {
        "smed": {
            "name": "Équipe SMED pliage",
            "mission": "Ramener les changements de série de la presse plieuse de 90 à 20 "
            "minutes pour passer à des lots d'une journée.",
            "scope": "Dans le périmètre : presse plieuse de la ligne L2, outillage, préparation. "
            "Hors périmètre : achat de machine, planning de la découpe.",
            "lever": "SMED sur la presse plieuse",
            "objective": ("Changement de série en 20 minutes", "Durée du changement", "min"),
        },
        "kanban": {
            "name": "Équipe flux découpe-pliage",
            "mission": "Tirer la découpe par un supermarché kanban de flans devant le pliage.",
            "scope": "Dans le périmètre : stock de flans entre découpe et pliage, cartes "
            "kanban. Hors périmètre : les approvisionnements en tôle.",
            "lever": "Supermarché kanban entre découpe et pliage",
            "objective": ("Encours de flans divisé par trois", "Couverture de flans", "jours"),
        },
    },
    "en": {
        "smed": {
            "name": "Bending SMED team",
            "mission": "Bring the press brake changeovers from 90 down to 20 minutes to move "
            "to one-day batches.",
            "scope": "In scope: the press brake of line 2, its tooling, preparation. Out of "
            "scope: buying a machine, the cutting schedule.",
            "lever": "SMED on the press brake",
            "objective": ("Changeover in 20 minutes", "Changeover time", "min"),
        },
        "kanban": {
            "name": "Cutting-bending flow team",
            "mission": "Pull the laser cutting from a kanban supermarket of blanks in front "
            "of bending.",
            "scope": "In scope: the stock of blanks between cutting and bending, kanban cards. "
            "Out of scope: sheet-metal purchasing.",
            "lever": "Kanban supermarket between cutting and bending",
            "objective": ("Blank inventory cut by three", "Blank coverage", "days"),
        },
    },
}
# team key -> (baseline, target, days to the deadline) of its own objective
_OBJECTIVE_FIGURES = {"smed": (90.0, 20.0, 90), "kanban": (6.0, 2.0, 120)}
# team key -> [(first name, last name, role, hours per week, contribution fr, contribution en)]
# Karim Benali sits in both teams for 10 h a week: over the 8 h threshold (docs/teams.md).
_MEMBERS = {
    "smed": [
        ("Karim", "Benali", "leader", 6, "Anime le chantier", "Leads the workshop"),
        ("Léa", "Fournier", "member", 3, "Filme et chronomètre", "Films and times changeovers"),
        ("Hugo", "Roux", "expert", 3, "Méthode SMED, standards", "SMED method, standards"),
        ("Yanis", "Boyer", "support", 2, "Bridage rapide, outillage", "Quick clamps, tooling"),
        ("Jean", "Dubois", "sponsor", 1, "Arbitre les moyens", "Decides on resources"),
    ],
    "kanban": [
        ("Hugo", "Roux", "leader", 4, "Dimensionne la boucle", "Sizes the loop"),
        ("Karim", "Benali", "member", 4, "Besoins du pliage", "Bending's needs"),
        ("Emma", "Petit", "member", 2, "Découpe au signal kanban", "Cuts on kanban signal"),
        ("Sarah", "Faure", "support", 2, "Lien avec les achats", "Link with purchasing"),
    ],
}
# team key -> skill indexes in _SKILLS its lever's actions need (SMED + CNC bending; Kanban)
_NEEDED = {"smed": [1, 7], "kanban": [4, 6]}


def load_demo_teams(project: Project, *, language: str | None = None, user: Any = None) -> None:
    """Two teams carrying the demo's ratified levers, with members, roles, hours (one person
    over-committed), objectives from the first axis and the skills their actions need.

    Runs after `load_demo_levers` (it needs the ratified levers; without them it does
    nothing). `language` defaults to the language of the company's skill names and `user`
    (for the audit trail) to the project's facilitator. Loading twice changes nothing.
    """
    from obeya.levers.models import CandidateLever
    from obeya.teams import services

    skills = {s.name: s for s in Skill.objects.filter(company=project.company)}
    if language is None:
        language = "fr" if _SKILLS["fr"][7] in skills else "en"
    lang = "fr" if language.startswith("fr") else "en"
    user = user or (project.facilitator.user if project.facilitator else None)
    axis = project.axes.order_by("priority", "pk").first()
    today = timezone.localdate()
    for key, text in _TEAMS[lang].items():
        lever = CandidateLever.objects.filter(
            project=project, title=text["lever"], status=CandidateLever.Status.RATIFIED
        ).first()
        if (
            lever is None
            or ImprovementTeam.objects.filter(project=project, name=text["name"]).exists()
        ):
            continue
        team = services.team_create(
            project=project,
            user=user,
            name=text["name"],
            mission=text["mission"],
            scope=text["scope"],
            area=project.area,
            product_family=project.product_family,
            process=project.process,
            axes=[axis] if axis else [],
            levers=[lever],
        )
        for first, last, role, hours, fr, en in _MEMBERS[key]:
            person = Person.objects.filter(
                company=project.company, first_name=first, last_name=last
            ).first()
            if person is not None:
                services.member_add(
                    team=team,
                    user=user,
                    person=person,
                    role=role,
                    contribution=fr if lang == "fr" else en,
                    hours_per_week=hours,
                )
        statement, kpi, unit = text["objective"]
        baseline, target, days = _OBJECTIVE_FIGURES[key]
        services.objective_create(
            team=team,
            user=user,
            axis=axis,
            statement=statement,
            kpi_name=kpi,
            kpi_unit=unit,
            kpi_direction="decrease",
            baseline=baseline,
            target=target,
            deadline=today + dt.timedelta(days=days),
        )
        if axis is not None and axis.kpi_name:
            services.objective_create(
                team=team,
                user=user,
                axis=axis,
                statement=axis.title,
                kpi_name=axis.kpi_name,
                kpi_unit=axis.kpi_unit,
                kpi_direction=axis.kpi_direction,
                baseline=axis.baseline,
                target=axis.target,
                deadline=axis.deadline,
            )
        needed = [skills[_SKILLS[lang][i]] for i in _NEEDED[key] if _SKILLS[lang][i] in skills]
        for action in lever.actions.all():
            action.skills_needed.add(*needed)
