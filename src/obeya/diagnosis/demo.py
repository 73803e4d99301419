"""The demo's diagnostic grid and SWOT for bending line 2, linked to the demo observations.

Idempotent: a grid line is found by its name, a SWOT item by its text. The SWOT cites the
observations of obeya.gemba.demo when they are loaded (load them first), and the grid lines.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from obeya.diagnosis.models import GridCriterion, SwotItem
from obeya.diagnosis.services import criterion_create, swot_item_create
from obeya.gemba.demo import DEMO_OBSERVATIONS
from obeya.gemba.models import Observation
from obeya.projects.models import Project

C = GridCriterion.Category
D = GridCriterion.Direction
R = GridCriterion.Reference

# key, (name fr, name en), unit (fr, en), category, current, reference, kind, direction,
# weight, source (fr, en), comment (fr, en)
_GRID: list[tuple[Any, ...]] = [
    (
        "oee",
        ("TRS", "OEE"),
        ("%", "%"),
        C.PRODUCTIVITY,
        62,
        85,
        R.TARGET,
        D.HIGHER,
        3,
        ("Relevé des arrêts de la presse plieuse, 2 semaines", "Press brake stoppage log, 2 weeks"),
        (
            "Pertes principales : changements de série (45 min) et attentes de pièces.",
            "Main losses: changeovers (45 min) and waiting for parts.",
        ),
    ),
    (
        "lead_time",
        ("Délai", "Lead time"),
        ("jours", "days"),
        C.DELIVERY,
        12,
        5,
        R.TARGET,
        D.LOWER,
        3,
        (
            "ERP : dates de lancement et d'expédition, 3 mois",
            "ERP: release and shipping dates, 3 months",
        ),
        ("Exigence du client automobile : 5 jours.", "The automotive customer requires 5 days."),
    ),
    (
        "inventory",
        ("Couverture de stock", "Inventory coverage"),
        ("jours", "days"),
        C.COST,
        9,
        3,
        R.BENCHMARK,
        D.LOWER,
        2,
        ("Inventaire terrain du lundi 8 h", "Field count on Monday at 8:00"),
        (
            "180 k€ d'encours entre découpe et pliage.",
            "180 k€ of work in progress between cutting and bending.",
        ),
    ),
    (
        "scrap",
        ("Coût des rebuts", "Scrap cost"),
        ("% du CA", "% of sales"),
        C.QUALITY,
        4.1,
        2,
        R.TARGET,
        D.LOWER,
        2,
        ("Contrôle de gestion, cumul annuel", "Management accounts, year to date"),
        (
            "Angles de pliage hors tolérance et pièces rayées.",
            "Bending angles out of tolerance and scratched parts.",
        ),
    ),
    (
        "otd",
        ("Taux de service", "On-time delivery"),
        ("%", "%"),
        C.DELIVERY,
        81,
        95,
        R.TARGET,
        D.HIGHER,
        3,
        (
            "ERP : livraisons à la date confirmée, 3 mois",
            "ERP: deliveries on the confirmed date, 3 months",
        ),
        ("", ""),
    ),
    (
        "productivity",
        ("Productivité", "Productivity"),
        ("pièces/h", "parts/h"),
        C.PRODUCTIVITY,
        38,
        45,
        R.HISTORY,
        D.HIGHER,
        1,
        ("Meilleur mois de l'an dernier", "Best month of last year"),
        ("", ""),
    ),
]

# kind, (text fr, text en), indexes into obeya.gemba.demo.DEMO_OBSERVATIONS, grid keys
_SWOT: list[tuple[Any, ...]] = [
    (
        SwotItem.Kind.STRENGTH,
        (
            "Équipe de pliage expérimentée et engagée : deux opérateurs demandent à apprendre la "
            "programmation.",
            "An experienced, committed bending team: two operators ask to learn programming.",
        ),
        [10],
        [],
    ),
    (
        SwotItem.Kind.STRENGTH,
        (
            "Presse plieuse récente à commande numérique ; productivité proche de la référence.",
            "A recent CNC press brake; productivity close to its reference.",
        ),
        [],
        ["productivity"],
    ),
    (
        SwotItem.Kind.WEAKNESS,
        (
            "Des changements de série de 45 min poussent aux grandes séries : surproduction et "
            "stock entre découpe et pliage, délai de 12 jours.",
            "45-minute changeovers push to large batches: overproduction and inventory between "
            "cutting and bending, a 12-day lead time.",
        ),
        [0, 6, 1],
        ["oee", "lead_time", "inventory"],
    ),
    (
        SwotItem.Kind.WEAKNESS,
        (
            "Défauts d'angle après chaque changement de lot de tôle ; coût des rebuts double de "
            "l'objectif.",
            "Angle defects after each change of sheet batch; scrap cost twice the target.",
        ),
        [4, 9],
        ["scrap"],
    ),
    (
        SwotItem.Kind.WEAKNESS,
        (
            "Outils et instruments sans emplacement attitré : recherches et déplacements à "
            "chaque changement.",
            "Tools and gauges without a fixed place: searching and walking at every changeover.",
        ),
        [3, 8],
        ["oee"],
    ),
    (
        SwotItem.Kind.OPPORTUNITY,
        (
            "Le client automobile confiera plus de volume aux fournisseurs livrant en 5 jours.",
            "The automotive customer will give more volume to suppliers delivering in 5 days.",
        ),
        [],
        ["lead_time", "otd"],
    ),
    (
        SwotItem.Kind.OPPORTUNITY,
        (
            "Aides régionales à la formation Lean pour financer le SMED et la polyvalence.",
            "Regional funding for Lean training can pay for the SMED and cross-training.",
        ),
        [10],
        [],
    ),
    (
        SwotItem.Kind.THREAT,
        (
            "Un concurrent de la région livre déjà en 6 jours.",
            "A competitor in the region already delivers in 6 days.",
        ),
        [],
        ["lead_time", "otd"],
    ),
    (
        SwotItem.Kind.THREAT,
        (
            "La hausse du prix de l'acier alourdit le coût des 180 k€ d'encours.",
            "Rising steel prices make the 180 k€ of work in progress costlier to hold.",
        ),
        [1],
        ["inventory"],
    ),
]


@transaction.atomic
def load_demo_grid(*, project: Project, language: str = "fr", user: Any) -> dict[str, Any]:
    """Create (or find) the demo grid and SWOT of `project`; returns what they hold."""
    i = 1 if language.startswith("en") else 0
    lines: dict[str, GridCriterion] = {}
    for key, name, unit, category, current, ref, kind, direction, weight, source, comment in _GRID:
        line = GridCriterion.objects.filter(project=project, name=name[i]).first()
        if line is None:
            line = criterion_create(
                project=project,
                user=user,
                name=name[i],
                unit=unit[i],
                category=category,
                current_value=current,
                reference_value=ref,
                reference_kind=kind,
                direction=direction,
                weight=weight,
                source=source[i],
                comment=comment[i],
            )
        lines[key] = line
    descriptions = [row[7] if i else row[6] for row in DEMO_OBSERVATIONS]
    observations = {
        o.description: o
        for o in Observation.objects.filter(project=project, description__in=descriptions)
    }
    for kind, text, obs_indexes, grid_keys in _SWOT:
        if SwotItem.objects.filter(project=project, text=text[i]).exists():
            continue
        swot_item_create(
            project=project,
            user=user,
            kind=kind,
            text=text[i],
            observations=[
                observations[descriptions[n]]
                for n in obs_indexes
                if descriptions[n] in observations
            ],
            criteria=[lines[key] for key in grid_keys],
        )
    return {
        "grid_lines": GridCriterion.objects.filter(project=project).count(),
        "swot_items": SwotItem.objects.filter(project=project).count(),
    }
