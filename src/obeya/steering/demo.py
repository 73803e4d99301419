"""A demo review (bilan) of the bending line L2 project, written three weeks ago (wired by
obeya.demo.loader after the actions and `load_demo_obstacles`).

Its figures are those of the demo data read as of that day. Loading twice changes nothing
(the review is found by title).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from obeya.projects.models import Project
from obeya.steering import services
from obeya.steering.models import Review

_TEXT = {
    "en": (
        "Monthly review of difficulties and progress",
        "Press-brake operators feared job cuts from quicker changeovers; the night shift keeps "
        "the old sequence. No floor space yet for the kanban supermarket.",
        "Current-state map done; changeovers filmed and analysed; first SMED workshop held "
        "with the operators; quick clamps rented.",
        "Train the night shift on the standard; decision on the supermarket area at the next "
        "steering committee.",
    ),
    "fr": (
        "Bilan mensuel des difficultés et des avancées",
        "Les opérateurs de la plieuse craignaient des suppressions de postes ; l'équipe de "
        "nuit garde l'ancienne séquence. Pas encore de place pour le supermarché kanban.",
        "Cartographie de l'existant faite ; changements filmés et analysés ; premier chantier "
        "SMED avec les opérateurs ; bridage rapide loué.",
        "Former l'équipe de nuit au standard ; décision sur la zone du supermarché au prochain "
        "comité de pilotage.",
    ),
}


def load_demo_reviews(*, project: Project, user: Any, language: str, today: dt.date) -> None:
    """Write the demo's past review, dated three weeks before `today`."""
    lang = "fr" if language.startswith("fr") else "en"
    title, difficulties, progress, next_steps = _TEXT[lang]
    if Review.objects.filter(project=project, title=title).exists():
        return
    written_on = today - dt.timedelta(weeks=3)
    services.review_create(
        project=project,
        user=user,
        title=title,
        difficulties=difficulties,
        progress=progress,
        next_steps=next_steps,
        period_start=written_on - dt.timedelta(days=30),
        today=written_on,
    )
