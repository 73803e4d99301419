"""The demo's candidate levers on the bending line L2 (see obeya.valuestreams.demo for the maps).

The press brake is the bottleneck: 90-minute changeovers on batches of 1,200 and frequent
breakdowns; 180 k€ of stock waits between cutting and bending. Five candidates with figures of
the size a metalworking SME meets: SMED on the press brake and a kanban supermarket (ratified,
with their first actions), 5S in the bending area (submitted), TPM on the press brake (draft)
and a robotised bending cell (rejected: no machine investment this year, a constraint of the
project).

`load_demo_levers` runs after `load_demo_decisions`, which creates the axes; without axes it
does nothing. Loading twice changes nothing (candidates are found by title).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from obeya.levers import services
from obeya.levers.models import CandidateLever, Lever
from obeya.projects.models import Project
from obeya.valuestreams.models import ValueStream

# (key, lever code, axis index, investment €, gain €/year, running €/year, KPI gain, impact,
#  effort, culture fit, horizon years, ramp-up months, outcome)
_FIGURES = (
    ("smed", "smed", 0, 18_000, 42_000, 1_500, 3.0, 5, 2, 4, 3, 3, "ratified"),
    ("kanban", "supermarket", 0, 6_500, 27_000, 800, 2.0, 4, 2, 3, 3, 2, "ratified"),
    ("5s", "5s", 1, 3_000, 9_000, 0, None, 2, 1, 5, 3, 1, "submitted"),
    ("tpm", "tpm", 1, 45_000, 30_000, 6_000, None, 4, 4, 3, 5, 6, "draft"),
    ("robot", "one_piece_flow", 0, 380_000, 70_000, 12_000, 4.0, 4, 5, 2, 5, 9, "rejected"),
)

_TEXT = {
    "fr": {
        "smed": {
            "title": "SMED sur la presse plieuse",
            "description": "Chantier SMED avec l'équipe de pliage : filmer un changement, "
            "externaliser la préparation des outils, chariot d'outillage, bridage rapide.",
            "facts": "Changements de série de 90 min chronométrés les 3 et 4 mars ; la presse "
            "est le goulot, juste au-dessus du takt de 105 s.",
            "risks": "Retour aux grands lots si le planning ne suit pas.",
            "culture": "L'équipe a déjà réussi un chantier 5S ; le chef d'équipe est moteur.",
            "actions": [
                "Chantier SMED sur la presse plieuse",
                "Standardiser le nouveau changement",
            ],
            "comment": "Accord : priorité au goulot. Lots d'une journée dès le mois prochain.",
        },
        "kanban": {
            "title": "Supermarché kanban entre découpe et pliage",
            "description": "Supermarché de flans découpés, boucle kanban de production vers la "
            "découpe laser, quantité maximale par référence.",
            "facts": "6 jours de flans découpés comptés devant le pliage ; ruptures malgré le "
            "stock sur les références à faible volume.",
            "risks": "Cartes perdues ; boucle à redimensionner quand la demande change.",
            "culture": "Le planning hebdomadaire est ancré : accompagner la planification.",
            "actions": ["Dimensionner la boucle kanban découpe-pliage"],
            "comment": "Ratifié, à lancer après le SMED.",
        },
        "5s": {
            "title": "5S dans l'atelier de pliage",
            "description": "Trier, ranger et marquer les emplacements d'outils et de flans.",
            "facts": "Recherche d'outils observée à chaque changement ; allées encombrées.",
            "risks": "Retour à l'état initial sans audits réguliers.",
            "culture": "Démarche connue et bien acceptée dans l'atelier.",
        },
        "tpm": {
            "title": "TPM sur la presse plieuse",
            "description": "Maintenance autonome par les régleurs et plan préventif.",
            "facts": "Disponibilité de 82 % ; pannes hydrauliques répétées.",
            "risks": "Charge de la maintenance pendant la mise en place.",
            "culture": "Maintenance et production travaillent encore séparément.",
        },
        "robot": {
            "title": "Cellule de pliage robotisée",
            "description": "Remplacer la presse par une cellule robotisée en flux pièce à pièce.",
            "facts": "La presse est le goulot.",
            "risks": "Investissement lourd, délai de livraison de 9 mois.",
            "culture": "Peu d'expérience de la robotique dans l'entreprise.",
            "comment": "Refusé : pas d'investissement machine cette année (contrainte du "
            "projet) ; à réexaminer au budget suivant si le SMED ne suffit pas.",
        },
    },
    "en": {
        "smed": {
            "title": "SMED on the press brake",
            "description": "SMED workshop with the bending team: film a changeover, prepare the "
            "tools outside the machine, tooling trolley, quick clamping.",
            "facts": "90-minute changeovers timed on 3 and 4 March; the press brake is the "
            "bottleneck, just over the 105 s takt.",
            "risks": "Back to large batches if scheduling does not follow.",
            "culture": "The team already succeeded with 5S; the team leader drives it.",
            "actions": ["SMED workshop on the press brake", "Standardise the new changeover"],
            "comment": "Agreed: the bottleneck first. One-day batches from next month.",
        },
        "kanban": {
            "title": "Kanban supermarket between cutting and bending",
            "description": "A supermarket of cut blanks, a production kanban loop to the laser, "
            "a maximum quantity per part number.",
            "facts": "6 days of cut blanks counted in front of bending; shortages despite the "
            "stock on low-volume parts.",
            "risks": "Lost cards; the loop must be resized when demand moves.",
            "culture": "The weekly schedule is entrenched: coach the planners.",
            "actions": ["Size the cutting-bending kanban loop"],
            "comment": "Ratified, to start after SMED.",
        },
        "5s": {
            "title": "5S in the bending area",
            "description": "Sort, set in order and mark the places of tools and blanks.",
            "facts": "Tools searched for at every changeover; cluttered aisles.",
            "risks": "Back to the old state without regular audits.",
            "culture": "A known method, well accepted in the workshop.",
        },
        "tpm": {
            "title": "TPM on the press brake",
            "description": "Autonomous maintenance by the setters and a preventive plan.",
            "facts": "82 % uptime; repeated hydraulic breakdowns.",
            "risks": "Load on maintenance during the set-up.",
            "culture": "Maintenance and production still work apart.",
        },
        "robot": {
            "title": "Robotised bending cell",
            "description": "Replace the press brake with a robotised one-piece-flow cell.",
            "facts": "The press brake is the bottleneck.",
            "risks": "Heavy investment, 9 months of delivery time.",
            "culture": "Little experience of robotics in the company.",
            "comment": "Rejected: no machine investment this year (a constraint of the "
            "project); to be reviewed at the next budget if SMED is not enough.",
        },
    },
}


@transaction.atomic
def load_demo_levers(
    project: Project, *, language: str, facilitator_user: Any, sponsor_user: Any
) -> None:
    axes = list(project.axes.order_by("priority", "pk"))
    if not axes:
        return
    services.catalogue_sync()
    texts = _TEXT["en" if language.startswith("en") else "fr"]
    future = ValueStream.objects.filter(project=project, state=ValueStream.State.FUTURE).first()
    for (
        key,
        code,
        axis_index,
        invest,
        gain,
        running,
        kpi,
        impact,
        effort,
        fit,
        years,
        ramp,
        end,
    ) in _FIGURES:
        t = texts[key]
        if CandidateLever.objects.filter(project=project, title=t["title"]).exists():
            continue
        candidate = services.candidate_create(
            project=project,
            user=facilitator_user,
            lever=Lever.objects.get(company=None, code=code),
            axis=axes[min(axis_index, len(axes) - 1)],
            title=t["title"],
            description=t["description"],
            facts=t["facts"],
            risks=t["risks"],
            investment_eur=Decimal(invest),
            gain_eur_per_year=Decimal(gain),
            running_cost_eur_per_year=Decimal(running),
            gain_kpi=kpi,
            horizon_years=years,
            ramp_up_months=ramp,
            impact=impact,
            effort=effort,
            culture_fit=fit,
            culture_comment=t["culture"],
            value_stream=future if key == "smed" else None,
        )
        if end == "draft":
            continue
        services.candidate_submit(candidate=candidate, user=facilitator_user)
        if end == "ratified":
            services.candidate_ratify(
                candidate=candidate,
                user=sponsor_user,
                comment=t["comment"],
                actions=[{"title": title, "stage": "pilot"} for title in t["actions"]],
            )
        elif end == "rejected":
            services.candidate_reject(candidate=candidate, user=sponsor_user, comment=t["comment"])
