"""Load the demo company: a fictional metalworking SME and one project partly through the roadmap.

The content exists in French and English (`language`), so a newcomer reads it in the language
of the interface they chose. Loading is idempotent: every row is found by a natural key before
it is created, and dates are set relative to the day of the first load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from obeya.accounts.services import site_admin_group
from obeya.actions.demo_gantt import load_demo_gantt
from obeya.actions.models import Action
from obeya.actions.services import action_create
from obeya.decisions.demo import load_demo_decisions
from obeya.diagnosis.demo import load_demo_grid
from obeya.flowlogs.demo import load_demo_event_logs
from obeya.gemba.demo import load_demo_observations
from obeya.kpis.demo import load_demo_kpis
from obeya.levers.demo import load_demo_levers
from obeya.meetings.demo import load_demo_meetings
from obeya.obstacles.demo import load_demo_obstacles
from obeya.organisation.models import (
    Area,
    Company,
    Person,
    PersonSkill,
    Process,
    ProductFamily,
    Site,
    Skill,
)
from obeya.problems.demo import load_demo_problems
from obeya.projects.models import Membership, Project
from obeya.projects.services import project_create
from obeya.steering.demo import load_demo_reviews
from obeya.teams.demo import load_demo_skills, load_demo_teams
from obeya.trainings.demo import load_demo_trainings
from obeya.valuestreams.demo import load_demo_value_streams

DEMO_PASSWORD = "obeya-demo"  # noqa: S105 (a published demo password, shown by `make demo`)
DEMO_USERS = [
    ("facilitateur", "facilitator of the demo project"),
    ("directeur", "sponsor (plant director)"),
    ("chef.pliage", "team member (bending team leader)"),
    ("qualite", "viewer (quality manager)"),
    ("evaluateur", "assessor (CQPM certification)"),
    ("admin", "site administrator (organisation and users)"),
]

Report = Callable[[int, int, str], None]

_T = {
    "fr": {
        "company": "Mécanique du Val d'Argent",
        "sector": "Sous-traitance mécanique : découpe, pliage, soudure, peinture",
        "sites": [("Usine de Besançon", "Besançon"), ("Site de Montbéliard", "Montbéliard")],
        "areas": [
            (0, "Découpe laser", "workshop"),
            (0, "Pliage", "workshop"),
            (0, "Soudure", "workshop"),
            (0, "Bureau des méthodes", "service"),
            (1, "Peinture", "workshop"),
            (1, "Assemblage et expédition", "workshop"),
            (1, "Service qualité", "service"),
        ],
        "families": [
            ("Supports et équerres", "Pièces de tôlerie pour l'automobile"),
            ("Châssis soudés", "Sous-ensembles mécano-soudés"),
        ],
        "processes": [
            (1, "Ligne de pliage L2"),
            (2, "Soudure robotisée"),
            (3, "Industrialisation des nouvelles pièces"),
        ],
        "skills_lean": [
            "5S",
            "SMED",
            "Résolution de problèmes (QRQC)",
            "Standard de travail",
            "Kanban",
            "TPM",
        ],
        "skills_trade": [
            "Découpe laser",
            "Pliage CN",
            "Soudure MIG",
            "Peinture poudre",
            "Contrôle qualité",
        ],
        "project": "Réduire le délai de la ligne de pliage L2",
        "stakes": "Le client automobile exige un délai de 5 jours ; nous livrons en 12 jours "
        "en moyenne. 180 k€ d'encours immobilisés entre la découpe et le pliage.",
        "constraints": "Pas d'investissement machine cette année ; effectif constant ; "
        "arrêt d'été de trois semaines en août.",
        "objectives": "Délai de 12 à 5 jours, encours divisé par deux, taux de service "
        "client au-dessus de 95 % d'ici la fin de l'année.",
        "actions": [
            (
                "diagnose",
                "Cartographier le flux actuel de la ligne L2",
                "Relevé terrain des temps de cycle, changements de série et stocks.",
                0,
                -40,
                -25,
                "done",
            ),
            (
                "diagnose",
                "Relever les arrêts de la presse plieuse sur deux semaines",
                "Feuille de relevé au poste, catégories d'arrêt.",
                1,
                -35,
                -20,
                "done",
            ),
            (
                "diagnose",
                "Entretiens avec les chefs d'équipe découpe et pliage",
                "",
                0,
                -30,
                -22,
                "done",
            ),
            (
                "prioritise",
                "Analyse multicritère des pistes de progrès",
                "Gain, coût, délai, risque, adhésion des équipes.",
                0,
                -18,
                -8,
                "done",
            ),
            (
                "prioritise",
                "Présenter les axes prioritaires au comité de direction",
                "",
                0,
                -10,
                -3,
                "in_progress",
            ),
            (
                "levers",
                "Chiffrer le SMED sur la presse plieuse (ROI, point mort)",
                "",
                7,
                -5,
                10,
                "in_progress",
            ),
            (
                "levers",
                "Étudier un supermarché kanban entre découpe et pliage",
                "",
                8,
                -3,
                14,
                "todo",
            ),
            (
                "teams",
                "Constituer l'équipe SMED pliage",
                "Rôles, compétences, disponibilité.",
                0,
                -2,
                7,
                "todo",
            ),
            ("teams", "Former l'équipe pliage au SMED", "", 5, 10, 24, "todo"),
            ("pilot", "Planifier le chantier 5S du poste de pliage", "", 1, 5, 30, "todo"),
            ("pilot", "Mettre à jour le tableau de bord de l'atelier", "", None, 2, None, "todo"),
        ],
    },
    "en": {
        "company": "Val d'Argent Engineering",
        "sector": "Metalworking subcontractor: laser cutting, bending, welding, painting",
        "sites": [("Besançon plant", "Besançon"), ("Montbéliard site", "Montbéliard")],
        "areas": [
            (0, "Laser cutting", "workshop"),
            (0, "Bending", "workshop"),
            (0, "Welding", "workshop"),
            (0, "Methods office", "service"),
            (1, "Painting", "workshop"),
            (1, "Assembly and shipping", "workshop"),
            (1, "Quality department", "service"),
        ],
        "families": [
            ("Brackets", "Sheet-metal parts for the automotive industry"),
            ("Welded frames", "Welded sub-assemblies"),
        ],
        "processes": [
            (1, "Bending line 2"),
            (2, "Robot welding"),
            (3, "Industrialisation of new parts"),
        ],
        "skills_lean": ["5S", "SMED", "Problem solving (QRQC)", "Standard work", "Kanban", "TPM"],
        "skills_trade": [
            "Laser cutting",
            "CNC bending",
            "MIG welding",
            "Powder painting",
            "Quality inspection",
        ],
        "project": "Cut the lead time of bending line 2",
        "stakes": "The automotive customer requires 5 days of lead time; we deliver in 12 days "
        "on average. 180 k€ of work in progress sits between cutting and bending.",
        "constraints": "No machine investment this year; constant headcount; three-week summer "
        "shutdown in August.",
        "objectives": "Lead time from 12 to 5 days, work in progress halved, customer service "
        "rate above 95% by the end of the year.",
        "actions": [
            (
                "diagnose",
                "Map the current flow of line 2",
                "Field survey of cycle times, changeovers and inventories.",
                0,
                -40,
                -25,
                "done",
            ),
            (
                "diagnose",
                "Record the press brake stoppages for two weeks",
                "Tally sheet at the workstation, stoppage categories.",
                1,
                -35,
                -20,
                "done",
            ),
            ("diagnose", "Interview the cutting and bending team leaders", "", 0, -30, -22, "done"),
            (
                "prioritise",
                "Multi-criteria analysis of the improvement leads",
                "Gain, cost, lead time, risk, team buy-in.",
                0,
                -18,
                -8,
                "done",
            ),
            (
                "prioritise",
                "Present the priority axes to the management committee",
                "",
                0,
                -10,
                -3,
                "in_progress",
            ),
            (
                "levers",
                "Cost the SMED on the press brake (ROI, break-even)",
                "",
                7,
                -5,
                10,
                "in_progress",
            ),
            (
                "levers",
                "Study a kanban supermarket between cutting and bending",
                "",
                8,
                -3,
                14,
                "todo",
            ),
            (
                "teams",
                "Form the bending SMED team",
                "Roles, skills, availability.",
                0,
                -2,
                7,
                "todo",
            ),
            ("teams", "Train the bending team in SMED", "", 5, 10, 24, "todo"),
            ("pilot", "Plan the 5S workshop at the bending station", "", 1, 5, 30, "todo"),
            ("pilot", "Update the workshop's visual board", "", None, 2, None, "todo"),
        ],
    },
}

# (first name, last name, function fr, function en, area index, username or None,
#  {skill index: level}); skills 0-5 are Lean methods, 6-10 trades.
_PEOPLE = [
    (
        "Camille",
        "Martin",
        "Animatrice Lean",
        "Lean facilitator",
        3,
        "facilitateur",
        {0: 3, 1: 3, 2: 3, 3: 2, 4: 2, 5: 1},
    ),
    (
        "Karim",
        "Benali",
        "Chef d'équipe pliage",
        "Bending team leader",
        1,
        "chef.pliage",
        {0: 2, 1: 1, 7: 3, 2: 1},
    ),
    ("Jean", "Dubois", "Directeur d'usine", "Plant director", 3, "directeur", {2: 2}),
    (
        "Sophie",
        "Leroy",
        "Responsable qualité",
        "Quality manager",
        6,
        "qualite",
        {2: 3, 10: 3, 3: 2},
    ),
    ("Paul", "Girard", "Évaluateur CQPM", "CQPM assessor", None, "evaluateur", {2: 2}),
    ("Nadia", "Haddad", "Administratrice du système", "System administrator", 3, "admin", {}),
    ("Lucas", "Moreau", "Opérateur découpe laser", "Laser cutting operator", 0, None, {6: 2, 0: 1}),
    ("Emma", "Petit", "Opératrice découpe laser", "Laser cutting operator", 0, None, {6: 3, 0: 2}),
    ("Hugo", "Roux", "Technicien méthodes", "Methods technician", 3, None, {1: 2, 3: 2, 4: 1}),
    ("Léa", "Fournier", "Opératrice pliage", "Press brake operator", 1, None, {7: 2, 0: 1}),
    ("Thomas", "Garnier", "Opérateur pliage", "Press brake operator", 1, None, {7: 1}),
    ("Inès", "Chevalier", "Soudeuse", "Welder", 2, None, {8: 3}),
    ("Mehdi", "Lambert", "Soudeur", "Welder", 2, None, {8: 2, 0: 1}),
    ("Julie", "Bonnet", "Cheffe d'équipe soudure", "Welding team leader", 2, None, {8: 3, 2: 1}),
    ("Antoine", "François", "Peintre", "Painter", 4, None, {9: 2}),
    ("Chloé", "Mercier", "Opératrice assemblage", "Assembly operator", 5, None, {0: 1}),
    ("Nicolas", "Blanc", "Responsable expédition", "Shipping manager", 5, None, {4: 1}),
    ("Manon", "Guerin", "Technicienne qualité", "Quality technician", 6, None, {10: 2, 2: 2}),
    (
        "Yanis",
        "Boyer",
        "Technicien de maintenance",
        "Maintenance technician",
        1,
        None,
        {5: 2, 1: 1},
    ),
    ("Sarah", "Faure", "Acheteuse", "Buyer", 3, None, {4: 1}),
]

_ROLES = {
    "facilitateur": Membership.Role.FACILITATOR,
    "directeur": Membership.Role.SPONSOR,
    "chef.pliage": Membership.Role.MEMBER,
    "qualite": Membership.Role.VIEWER,
    "evaluateur": Membership.Role.ASSESSOR,
}


def _noop(done: int, total: int, message: str) -> None:
    return None


@transaction.atomic
def load_demo(
    *, language: str = "fr", report: Report = _noop, today: dt.date | None = None
) -> dict[str, Any]:
    """Load (or find) the demo company; returns what it holds."""
    t = _T["en" if language.startswith("en") else "fr"]
    today = today or timezone.localdate()
    steps = 6
    report(0, steps, "company")
    company, _ = Company.objects.get_or_create(
        name=t["company"], defaults={"sector": t["sector"], "headcount": 120}
    )
    sites = [
        Site.objects.get_or_create(company=company, name=name, defaults={"city": city})[0]
        for name, city in t["sites"]
    ]
    areas = [
        Area.objects.get_or_create(site=sites[s], name=name, defaults={"kind": kind})[0]
        for s, name, kind in t["areas"]
    ]
    families = [
        ProductFamily.objects.get_or_create(
            company=company, name=name, defaults={"description": desc}
        )[0]
        for name, desc in t["families"]
    ]
    processes = [
        Process.objects.get_or_create(area=areas[a], name=name)[0] for a, name in t["processes"]
    ]

    report(1, steps, "skills")
    skills = [
        Skill.objects.get_or_create(company=company, name=n, defaults={"kind": Skill.Kind.LEAN})[0]
        for n in t["skills_lean"]
    ]
    skills += [
        Skill.objects.get_or_create(company=company, name=n, defaults={"kind": Skill.Kind.TRADE})[0]
        for n in t["skills_trade"]
    ]

    report(2, steps, "people and logins")
    User = get_user_model()
    people: dict[str, Person] = {}
    by_index: list[Person] = []
    for first, last, fn_fr, fn_en, area_i, username, levels in _PEOPLE:
        user = None
        if username:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.obeya.invalid",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                if username == "admin":
                    user.is_staff = True
                user.save()
            if username == "admin":
                user.groups.add(site_admin_group())
        person, _ = Person.objects.get_or_create(
            company=company,
            first_name=first,
            last_name=last,
            defaults={
                "function": fn_fr if language.startswith("fr") else fn_en,
                "area": areas[area_i] if area_i is not None else None,
            },
        )
        if user is not None and person.user_id is None and not hasattr(user, "person"):
            person.user = user
            person.save(update_fields=["user"])
        for skill_i, level in levels.items():
            PersonSkill.objects.get_or_create(
                person=person, skill=skills[skill_i], defaults={"level": level}
            )
        by_index.append(person)
        if username:
            people[username] = person

    report(3, steps, "project")
    facilitator_user = people["facilitateur"].user
    project = Project.objects.filter(company=company, title=t["project"]).first()
    if project is None:
        project = project_create(
            company=company,
            user=facilitator_user,
            title=t["project"],
            area=areas[1],
            product_family=families[0],
            process=processes[0],
            sponsor=people["directeur"],
            facilitator=people["facilitateur"],
            start_date=today - dt.timedelta(days=45),
            end_date=today + dt.timedelta(days=120),
            stakes=t["stakes"],
            constraints=t["constraints"],
            objectives=t["objectives"],
            status=Project.Status.ACTIVE,
        )
    for username, role in _ROLES.items():
        Membership.objects.get_or_create(
            project=project, user=people[username].user, defaults={"role": role}
        )

    report(4, steps, "actions")
    for stage, title, desc, owner_i, start, due, status in t["actions"]:
        if Action.objects.filter(project=project, title=title).exists():
            continue
        action_create(
            project=project,
            user=facilitator_user,
            stage=stage,
            title=title,
            description=desc,
            owner=by_index[owner_i] if owner_i is not None else None,
            start_date=today + dt.timedelta(days=start),
            due_date=today + dt.timedelta(days=due) if due is not None else None,
            status=status,
            progress={"done": 100, "in_progress": 40}.get(status, 0),
            completed_on=today + dt.timedelta(days=due) if status == "done" else None,
        )

    report(5, steps, "diagnosis")
    lang = "en" if language.startswith("en") else "fr"
    load_demo_value_streams(project=project, language=lang, user=facilitator_user)
    load_demo_observations(project=project, language=lang, user=facilitator_user, today=today)
    load_demo_grid(project=project, language=lang, user=facilitator_user)
    load_demo_event_logs(project=project, language=lang, user=facilitator_user, today=today)
    load_demo_skills(company, language=lang)
    sponsor_user = people["directeur"].user
    load_demo_decisions(
        project, language=lang, facilitator_user=facilitator_user, sponsor_user=sponsor_user
    )
    load_demo_levers(
        project, language=lang, facilitator_user=facilitator_user, sponsor_user=sponsor_user
    )
    load_demo_teams(project, language=lang, user=facilitator_user)
    load_demo_meetings(
        project, project.teams.all(), language=lang, user=facilitator_user, today=today
    )
    load_demo_gantt(project=project, user=facilitator_user, today=today)
    load_demo_trainings(project, language=lang, user=facilitator_user, today=today)
    load_demo_kpis(project, language=lang, facilitator_user=facilitator_user, today=today)
    load_demo_problems(project, language=lang, user=facilitator_user, today=today)
    load_demo_obstacles(project=project, user=facilitator_user, language=lang, today=today)
    load_demo_reviews(project=project, user=facilitator_user, language=lang, today=today)

    report(steps, steps, "done")
    return {
        "company": company.name,
        "people": company.people.count(),
        "projects": Project.objects.filter(company=company).count(),
        "actions": Action.objects.filter(project=project).count(),
        "project_id": project.pk,
    }
