"""The demo's priority axes and decisions for bending line 2, tied to the demo's diagnosis.

Three measurable axes answer the observations of obeya.gemba.demo and the grid lines of
obeya.diagnosis.demo (load those first), a fourth one still lacks its target and deadline so the
page shows what "not measurable" looks like. A weighted matrix decided by the sponsor ranks the
four candidate axes; an AHP draft weighs the ways to pull between cutting and bending.
Idempotent: an axis is found by its title, a decision by its title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from obeya.decisions.models import Axis, Decision
from obeya.decisions.services import (
    CriterionRow,
    OptionRow,
    axis_create,
    decision_record,
    decision_save,
)
from obeya.diagnosis.models import GridCriterion
from obeya.gemba.demo import DEMO_OBSERVATIONS
from obeya.gemba.models import Observation
from obeya.projects.models import Project

# key, title (fr, en), gains (fr, en), risks (fr, en), KPI (fr, en), unit (fr, en), direction,
# baseline, target, months to the deadline (None: not set yet), observation indexes into
# DEMO_OBSERVATIONS, grid lines (by English name), flow findings (fr, en)
_AXES: list[tuple[Any, ...]] = [
    (
        "smed",
        (
            "Réduire le temps de changement de série de la presse plieuse",
            "Cut the press brake changeover time",
        ),
        (
            "Récupérer 3 h de presse par jour (6 changements × 35 min), lisser les lots.",
            "Win back 3 h of press time a day (6 changeovers × 35 min) and shrink the batches.",
        ),
        (
            "Les régleurs peuvent voir le standard comme une contrainte ; investissement "
            "outillage à justifier.",
            "Setters may see the standard as a constraint; the tooling spend must pay back.",
        ),
        ("Temps de changement de série", "Changeover time"),
        ("min", "min"),
        Axis.Direction.DECREASE,
        45,
        10,
        4,
        [0, 3, 6],
        ["OEE"],
        (
            "La presse plieuse est le goulot : 45 min × 6 changements par jour.",
            "The press brake is the bottleneck: 45 min × 6 changeovers a day.",
        ),
    ),
    (
        "flow",
        (
            "Tirer le flux entre la découpe et le pliage",
            "Pull the flow between cutting and bending",
        ),
        (
            "Délai de 12 à 5 jours exigé par le client automobile ; 180 k€ d'encours libérés.",
            "Lead time from 12 to 5 days as the automotive customer requires; 180 k€ of WIP freed.",
        ),
        (
            "Rupture au pliage si la découpe ne suit pas les signaux de tirage.",
            "Bending starves if cutting does not follow the pull signals.",
        ),
        ("Délai de fabrication", "Lead time"),
        ("jours", "days"),
        Axis.Direction.DECREASE,
        12,
        5,
        6,
        [1, 5, 7, 12],
        ["Lead time", "Inventory coverage"],
        (
            "Analyse du flux : 9 jours d'attente sur 12 entre découpe et pliage.",
            "Flow analysis: 9 of the 12 days are spent waiting between cutting and bending.",
        ),
    ),
    (
        "quality",
        ("Bon du premier coup au pliage", "Right first time at bending"),
        (
            "Diviser par deux le coût des rebuts et supprimer les attentes de contrôle.",
            "Halve the scrap cost and end the waits for the first-article check.",
        ),
        (
            "Un contrôle par l'opérateur mal outillé laisserait passer des défauts.",
            "Operator self-inspection without the right gauges would let defects through.",
        ),
        ("Coût des rebuts", "Scrap cost"),
        ("% du CA", "% of sales"),
        Axis.Direction.DECREASE,
        4.1,
        2,
        5,
        [2, 4, 8, 9],
        ["Scrap cost"],
        ("", ""),
    ),
    (
        "skills",
        (
            "Rendre les opérateurs autonomes sur la programmation de la presse",
            "Make operators able to program the press brake",
        ),
        (
            "Ne plus bloquer les pièces complexes en l'absence du chef d'équipe.",
            "Complex parts no longer wait when the team leader is away.",
        ),
        ("Temps de formation pris sur la production.", "Training time taken from production."),
        ("Opérateurs formés à la programmation", "Operators trained to program"),
        ("personnes", "people"),
        Axis.Direction.INCREASE,
        1,
        None,
        None,
        [10],
        [],
        ("", ""),
    ),
]

# The weighted matrix that ranked the axes: option per axis key; criteria (name fr/en, weight,
# direction, lower, upper); scores per option in the criteria's order.
_MATRIX_CRITERIA = [
    (("Gain annuel (k€)", "Yearly gain (k€)"), 5, "max", None, None),
    (("Coût (k€)", "Cost (k€)"), 3, "min", None, None),
    (("Délai de mise en œuvre (semaines)", "Time to implement (weeks)"), 2, "min", None, None),
    (("Risque (1 à 5)", "Risk (1 to 5)"), 2, "min", 1, 5),
    (
        (
            "Alignement avec les objectifs de l'entreprise (1 à 5)",
            "Fit with company goals (1 to 5)",
        ),
        3,
        "max",
        1,
        5,
    ),
]
_MATRIX_OPTIONS = [
    (
        "smed",
        ("SMED sur la presse plieuse", "SMED on the press brake"),
        ("Gain rapide, visible par tous ; peu d'investissement.", "Quick, visible win; low spend."),
        ("Demande la disponibilité des régleurs.", "Needs the setters' time."),
        [85, 12, 8, 2, 5],
    ),
    (
        "flow",
        ("Kanban entre découpe et pliage", "Kanban between cutting and bending"),
        ("Le plus gros gain sur le délai.", "The largest gain on lead time."),
        (
            "Suppose des changements de série courts ; plus long à stabiliser.",
            "Relies on short changeovers; longer to stabilise.",
        ),
        [110, 25, 16, 3, 4],
    ),
    (
        "quality",
        ("Détrompeurs et autocontrôle au pliage", "Poka-yoke and self-inspection at bending"),
        ("Peu coûteux, réduit les attentes.", "Cheap, ends the waits."),
        ("Gain financier limité.", "Smaller financial gain."),
        [60, 8, 6, 1, 4],
    ),
    (
        "skills",
        ("Polyvalence sur la programmation", "Cross-training on programming"),
        ("Réduit la dépendance au chef d'équipe.", "Less dependence on the team leader."),
        ("Long, gain indirect.", "Slow, indirect gain."),
        [25, 15, 26, 2, 3],
    ),
]

_AHP_CRITERIA = [
    ("Réduction du délai (jours)", "Lead time reduction (days)", "max", None, None),
    ("Investissement (k€)", "Investment (k€)", "min", None, None),
    ("Facilité pour l'équipe (1 à 5)", "Ease for the team (1 to 5)", "max", 1, 5),
    ("Robustesse aux urgences (1 à 5)", "Robustness to rush orders (1 to 5)", "max", 1, 5),
]
_AHP_OPTIONS = [
    ("Supermarché avec cartes kanban", "Supermarket with kanban cards", [7, 18, 3, 4]),
    ("Allée FIFO limitée à 3 palettes", "FIFO lane capped at 3 pallets", [6, 4, 5, 2]),
    ("Découpe pilotée par le pliage (CONWIP)", "Cutting paced by bending (CONWIP)", [7, 9, 2, 3]),
]
# (a, b): how much more important a is than b, Saaty's scale
_AHP_JUDGEMENTS = {(0, 1): 3, (0, 2): 5, (0, 3): 2, (1, 2): 2, (1, 3): 1 / 2, (2, 3): 1 / 3}

_TEXTS = {
    "matrix": (
        ("Quel axe traiter en premier ?", "Which axis comes first?"),
        (
            "Classer les quatre axes issus du diagnostic selon le gain, le coût, le délai, le "
            "risque et l'alignement.",
            "Rank the four axes from the diagnosis by gain, cost, time, risk and fit.",
        ),
        (
            "SMED d'abord : gain rapide et visible qui rend possible le kanban ; le kanban suit "
            "dès que les changements sont sous 15 min.",
            "SMED first: a quick, visible win that makes kanban possible; kanban follows once "
            "changeovers are under 15 min.",
        ),
    ),
    "ahp": (
        ("Comment tirer le flux découpe → pliage ?", "How to pull between cutting and bending?"),
        (
            "Pondérer les critères par comparaisons par paires (AHP), puis classer les options.",
            "Weigh the criteria by pairwise comparisons (AHP), then rank the options.",
        ),
    ),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


@transaction.atomic
def load_demo_decisions(
    project: Project, *, language: str, facilitator_user: Any, sponsor_user: Any
) -> None:
    """Create (or find) the demo's axes and decisions; the matrix is recorded by the sponsor."""
    lang = "en" if language.startswith("en") else "fr"
    deadline_base = project.start_date or dt.date.today()
    descriptions = [_pick((o[6], o[7]), lang) for o in DEMO_OBSERVATIONS]
    observations = {o.description: o for o in Observation.objects.filter(project=project)}
    grid = {c.name: c for c in GridCriterion.objects.filter(project=project)}
    grid_names = {
        "OEE": ("TRS", "OEE"),
        "Lead time": ("Délai", "Lead time"),
        "Inventory coverage": ("Couverture de stock", "Inventory coverage"),
        "Scrap cost": ("Coût des rebuts", "Scrap cost"),
    }
    axes: dict[str, Axis] = {}
    for (
        key,
        title,
        gains,
        risks,
        kpi,
        unit,
        direction,
        baseline,
        target,
        months,
        obs_indexes,
        grid_keys,
        flow,
    ) in _AXES:
        existing = Axis.objects.filter(project=project, title__iexact=_pick(title, lang)).first()
        if existing:
            axes[key] = existing
            continue
        linked_obs = [
            observations[descriptions[i]] for i in obs_indexes if descriptions[i] in observations
        ]
        linked_grid = [
            grid[_pick(grid_names[k], lang)]
            for k in grid_keys
            if _pick(grid_names[k], lang) in grid
        ]
        axes[key] = axis_create(
            project=project,
            user=facilitator_user,
            title=_pick(title, lang),
            stakes_gains=_pick(gains, lang),
            stakes_risks=_pick(risks, lang),
            reasoning="",
            kpi_name=_pick(kpi, lang),
            kpi_unit=_pick(unit, lang),
            kpi_direction=direction,
            baseline=baseline,
            target=target,
            deadline=None if months is None else deadline_base + dt.timedelta(days=30 * months),
            flow_findings=_pick(flow, lang),
            observations=linked_obs,
            grid_criteria=linked_grid,
        )

    title, question, summary = (_pick(t, lang) for t in _TEXTS["matrix"])
    if not Decision.objects.filter(project=project, title=title).exists():
        decision = decision_save(
            project=project,
            user=facilitator_user,
            title=title,
            question=question,
            method=Decision.Method.WEIGHTED_MATRIX,
            options=[
                OptionRow(
                    name=_pick(name, lang),
                    axis=axes[key],
                    advantages=_pick(pros, lang),
                    drawbacks=_pick(cons, lang),
                )
                for key, name, pros, cons, _scores in _MATRIX_OPTIONS
            ],
            criteria=[
                CriterionRow(_pick(name, lang), weight, direction, lower, upper)
                for name, weight, direction, lower, upper in _MATRIX_CRITERIA
            ],
            scores=[scores for *_rest, scores in _MATRIX_OPTIONS],
        )
        decision_record(
            decision=decision,
            user=sponsor_user,
            chosen_option=decision.options.get(name=_pick(_MATRIX_OPTIONS[0][1], lang)),
            summary=summary,
        )

    title, question = (_pick(t, lang) for t in _TEXTS["ahp"])
    if not Decision.objects.filter(project=project, title=title).exists():
        decision_save(
            project=project,
            user=facilitator_user,
            title=title,
            question=question,
            method=Decision.Method.AHP,
            options=[
                OptionRow(name=_pick((fr, en), lang), axis=axes["flow"])
                for fr, en, _scores in _AHP_OPTIONS
            ],
            criteria=[
                CriterionRow(_pick((fr, en), lang), 1.0, direction, lower, upper)
                for fr, en, direction, lower, upper in _AHP_CRITERIA
            ],
            scores=[scores for *_names, scores in _AHP_OPTIONS],
            judgements=_AHP_JUDGEMENTS,
        )
