"""The demo's problems, on the KPIs of obeya.kpis.demo (load it first):

- the scrap rate's special-cause day becomes a problem solved down to a verified root cause
  (coil out of tolerance → the supplier's certificate not checked at reception), with its
  Ishikawa, a corrective action done and the effectiveness check recorded: one day does not
  move a rate, so the check asks for more points before the problem can close;
- the press brake's changeover time becomes a problem whose corrective action, the SMED
  workshop, shows its effect on the "After SMED" phase (Welch's test), so it is closed.

Every figure in the deviations is read from the KPIs' measurements. Idempotent: a problem is
found by its title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import translation

from obeya.actions.services import action_update
from obeya.kpis.charts import kpi_chart
from obeya.kpis.demo import _KPIS
from obeya.kpis.models import Kpi
from obeya.kpis.selectors import kpi_row
from obeya.problems import services
from obeya.problems.models import Problem
from obeya.problems.selectors import Proposal
from obeya.projects.models import Project


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _kpi(project: Project, key: str, lang: str) -> Kpi | None:
    name = _pick(_KPIS[key]["name"], lang)
    return Kpi.objects.filter(project=project, name__iexact=name).first()


def _special_cause(kpi: Kpi) -> Proposal | None:
    """The latest rule-1 point of the KPI's chart, as a proposal with its figures."""
    chart = kpi_chart(kpi, kpi_row(kpi).chart)
    if chart.result is None:
        return None
    main = chart.result.charts[0]
    beyond = main.flagged(rule=1)
    if not beyond:
        return None
    i = beyond[-1]
    value = float(main.values[i - 1])
    limit = float(main.ucl[i - 1] if value > main.center[i - 1] else main.lcl[i - 1])
    day = dt.date.fromisoformat(chart.dates[i - 1])
    return Proposal(kpi, "rule", day, value, limit, tuple(main.rules_at(i)))


def _whys(problem: Problem, user: Any, chain: list[tuple[str, str]], evidence: str) -> Any:
    """A chain of whys, the last one the root cause confirmed with `evidence`."""
    parent = None
    for i, text in enumerate(chain):
        last = i == len(chain) - 1
        parent = services.why_create(
            problem=problem,
            user=user,
            text=text,
            parent=parent,
            is_root_cause=last,
            verification="confirmed" if last else "to_verify",
            evidence=evidence if last else "",
        )
    return parent


def _scrap_problem(project: Project, kpi: Kpi, lang: str, user: Any, today: dt.date) -> None:
    signal = _special_cause(kpi)
    if signal is None:
        return
    fr = lang == "fr"
    title = (
        "Rebut au pliage : bobine hors tolérance" if fr else "Bending scrap: coil out of tolerance"
    )
    if Problem.objects.filter(project=project, title=title).exists():
        return
    problem = services.problem_create(
        project=project,
        user=user,
        title=title,
        deviation=signal.deviation,
        where="Presse plieuse, ligne 2" if fr else "Press brake, line 2",
        since=signal.day,
        kpi=kpi,
    )
    services.problem_move(problem=problem, user=user, status=Problem.Status.ANALYSING)
    evidence = (
        "Certificat matière de la bobine : épaisseur 2,31 mm pour 2,00 ± 0,10 commandés ; "
        "le registre de réception ne porte aucun contrôle du certificat ce jour-là."
        if fr
        else "The coil's material certificate: 2.31 mm thick for 2.00 ± 0.10 ordered; the "
        "reception log shows no check of the certificate that day."
    )
    chain = [
        ("Les angles pliés sortent de la tolérance", "The bent angles are out of tolerance"),
        ("La tôle est plus épaisse que prévu", "The sheet is thicker than planned"),
        ("La bobine livrée est hors tolérance", "The coil delivered is out of tolerance"),
        (
            "Le certificat du fournisseur n'est pas contrôlé à la réception",
            "The supplier's certificate is not checked at reception",
        ),
    ]
    root = _whys(problem, user, [_pick(c, lang) for c in chain], evidence)
    rejected_operator = (
        "Opérateur expérimenté, même réglage que la veille (fiche de réglage)."
        if fr
        else "Experienced operator, same setting as the day before (setting sheet)."
    )
    for category, text, status, proof in (
        ("material", ("Bobine hors tolérance", "Coil out of tolerance"), "confirmed", evidence),
        (
            "method",
            ("Réception sans contrôle du certificat", "Reception without checking the certificate"),
            "confirmed",
            evidence,
        ),
        ("man", ("Opérateur nouveau", "New operator"), "rejected", rejected_operator),
        (
            "machine",
            ("Dérive de la butée arrière", "Backgauge drift"),
            "rejected",
            "Butée contrôlée le lendemain : écart 0,02 mm."
            if fr
            else "Backgauge checked the next day: 0.02 mm off.",
        ),
        (
            "measurement",
            ("Épaisseur non mesurée au pliage", "Thickness not measured at bending"),
            "to_verify",
            "",
        ),
        ("milieu", ("Atelier froid le matin", "Cold workshop in the morning"), "to_verify", ""),
    ):
        services.cause_create(
            problem=problem,
            user=user,
            category=category,
            text=_pick(text, lang),
            verification=status,
            evidence=proof,
        )
    link = services.corrective_action_create(
        problem=problem,
        user=user,
        cause=root,
        title="Contrôler le certificat de chaque bobine à la réception"
        if fr
        else "Check each coil's certificate at reception",
        owner=getattr(user, "person", None),
        due_date=signal.day + dt.timedelta(days=7),
        side_effects="Réception plus longue : risque d'attente des caristes."
        if fr
        else "Longer reception: forklift drivers may wait.",
        watch="Temps de réception suivi une semaine par le chef magasin."
        if fr
        else "Reception time followed for a week by the store manager.",
    )
    action_update(
        action=link.action,
        user=user,
        status="done",
        completed_on=min(today, signal.day + dt.timedelta(days=5)),
    )
    services.problem_check_effect(
        problem=problem, user=user, check_from=signal.day + dt.timedelta(days=1)
    )


def _changeover_problem(project: Project, kpi: Kpi, lang: str, user: Any, today: dt.date) -> None:
    fr = lang == "fr"
    title = "Changements de série trop longs" if fr else "Changeovers too long"
    if Problem.objects.filter(project=project, title=title).exists():
        return
    phase = kpi.phases.order_by("starts_at").first()
    if phase is None:
        return
    before = list(kpi.measurements.filter(measured_at__lt=phase.starts_at).values_list("value"))
    if len(before) < 2:
        return
    mean = sum(v for (v,) in before) / len(before)
    first = kpi.measurements.order_by("measured_at").first().measured_at.date()
    deviation = (
        f"Changement de série moyen {mean:.1f} min sur {len(before)} changements, pour une "
        f"cible de {kpi.target:g} min."
        if fr
        else f"Mean changeover {mean:.1f} min over {len(before)} changeovers, for a target of "
        f"{kpi.target:g} min."
    )
    problem = services.problem_create(
        project=project,
        user=user,
        title=title,
        deviation=deviation,
        where="Presse plieuse, ligne 2" if fr else "Press brake, line 2",
        since=first,
        kpi=kpi,
    )
    services.problem_move(problem=problem, user=user, status=Problem.Status.ANALYSING)
    evidence = (
        "Changement filmé : 28 des 45 minutes sont des tâches faisables presse en marche "
        "(chercher l'outil, le préparer, le ranger)."
        if fr
        else "Filmed changeover: 28 of the 45 minutes are tasks doable with the press running "
        "(fetching, preparing and putting away tools)."
    )
    chain = [
        (
            "La presse est arrêtée pendant toute la préparation",
            "The press is stopped for all the preparation",
        ),
        (
            "Les outils sont cherchés et préparés presse arrêtée",
            "Tools are fetched and prepared with the press stopped",
        ),
        (
            "Aucun standard ne sépare opérations internes et externes",
            "No standard separates internal from external operations",
        ),
    ]
    root = _whys(problem, user, [_pick(c, lang) for c in chain], evidence)
    services.cause_create(
        problem=problem,
        user=user,
        category="method",
        text=_pick(
            ("Préparation faite presse arrêtée", "Preparation done with the press stopped"), lang
        ),
        verification="confirmed",
        evidence=evidence,
    )
    link = services.corrective_action_create(
        problem=problem,
        user=user,
        cause=root,
        title="Chantier SMED : préparation externe, outillage sur chariot"
        if fr
        else "SMED workshop: external preparation, tooling on a trolley",
        owner=getattr(user, "person", None),
        due_date=phase.starts_at.date(),
        side_effects="Chariot dans l'allée : gêne possible du flux des caristes."
        if fr
        else "Trolley in the aisle: may hinder the forklift flow.",
        watch="Tour de terrain quotidien du chef d'équipe."
        if fr
        else "Team leader's daily floor walk.",
    )
    action_update(action=link.action, user=user, status="done", completed_on=phase.starts_at.date())
    cycle = services.problem_check_effect(problem=problem, user=user)
    if cycle.effect_shown:
        services.problem_close(
            problem=problem,
            user=user,
            lessons="Filmer le changement a convaincu l'équipe mieux que tout chiffre."
            if fr
            else "Filming the changeover convinced the team better than any figure.",
        )


@transaction.atomic
def load_demo_problems(project: Project, *, language: str, user: Any, today: dt.date) -> None:
    lang = "en" if language.startswith("en") else "fr"
    with translation.override(lang):
        scrap = _kpi(project, "quality", lang)
        if scrap is not None:
            _scrap_problem(project, scrap, lang, user, today)
        changeover = _kpi(project, "smed", lang)
        if changeover is not None and changeover.target is not None:
            _changeover_problem(project, changeover, lang, user, today)
