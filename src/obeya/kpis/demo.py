"""The demo's KPI referential for bending line 2, with months of measurements.

Three KPIs follow the three measurable axes of obeya.decisions.demo (load it first):
- the press brake's changeover time, one value per changeover: stable around 45 min, then a
  new phase after the SMED workshop three weeks ago, around 22 min;
- the lead time of line 2, one value per week over half a year, slowly coming down;
- the proportion of bent parts scrapped each day (samples of varying sizes), stable but for
  one day with a special cause (a coil out of tolerance), which breaks rule 1 of the p chart.
The values are drawn from a seeded generator, so every load writes the same series, dated
relative to `today`. Idempotent: a KPI is found by its name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from obeya.decisions.models import Axis
from obeya.kpis.models import Kpi, KpiPhase, Measurement
from obeya.kpis.services import kpi_create
from obeya.projects.models import Project

SEED = 20261130

_KPIS = {
    "smed": {
        "name": ("Temps de changement de série presse plieuse", "Press brake changeover time"),
        "definition": (
            "Durée entre la dernière pièce bonne d'une série et la première pièce bonne de la "
            "suivante, à chaque changement.",
            "Time from the last good part of a batch to the first good part of the next, at "
            "each changeover.",
        ),
        "purpose": (
            "Suivre l'effet du chantier SMED et libérer du temps de presse.",
            "Follow the SMED workshop's effect and free press time.",
        ),
        "formula": ("heure 1re pièce bonne − heure dernière pièce bonne", "first good - last good"),
        "unit": ("min", "min"),
        "source": ("Relevé du régleur sur la fiche de changement", "Setter's changeover sheet"),
        "frequency": Kpi.Frequency.SHIFT,
        "reason": (
            "Deux à trois changements par poste : chaque valeur compte pour voir l'effet.",
            "Two to three changeovers a shift: each value counts to see the effect.",
        ),
        "data_type": Kpi.DataType.INDIVIDUAL,
        "target": 10,
        "alert": 50,
        "usl": 30,  # the plan needs changeovers under 30 min for one-day batches
    },
    "flow": {
        "name": ("Délai de fabrication ligne 2", "Lead time of line 2"),
        "definition": (
            "Jours ouvrés entre le lancement d'un ordre de fabrication et son expédition, "
            "moyenne des ordres expédiés dans la semaine.",
            "Working days from releasing a work order to shipping it, mean of the orders "
            "shipped in the week.",
        ),
        "purpose": ("Tenir la promesse de délai aux clients.", "Keep the lead time promised."),
        "formula": ("date d'expédition − date de lancement", "ship date - release date"),
        "unit": ("jours", "days"),
        "source": ("ERP, ordres de fabrication soldés", "ERP, closed work orders"),
        "frequency": Kpi.Frequency.WEEK,
        "reason": (
            "Les ordres durent plusieurs jours : une valeur par semaine lisse le mix.",
            "Orders last several days: one value a week smooths the mix.",
        ),
        "data_type": Kpi.DataType.INDIVIDUAL,
        "target": 5,
        "alert": 14,
    },
    "quality": {
        "name": ("Taux de rebut au pliage", "Bending scrap rate"),
        "definition": (
            "Pièces rebutées au pliage sur les pièces pliées dans la journée.",
            "Parts scrapped at bending out of the parts bent in the day.",
        ),
        "purpose": (
            "Voir les jours anormaux et en chercher la cause le jour même.",
            "See abnormal days and look for their cause the same day.",
        ),
        "formula": ("pièces rebutées / pièces pliées", "parts scrapped / parts bent"),
        "unit": ("pièces", "parts"),
        "source": ("Bacs rouges comptés en fin de poste", "Red bins counted at shift end"),
        "frequency": Kpi.Frequency.DAY,
        "reason": (
            "Un rebut se comprend le jour même, tant que les opérateurs s'en souviennent.",
            "Scrap is understood the same day, while the operators remember it.",
        ),
        "data_type": Kpi.DataType.PROPORTION,
        "target": None,
        "alert": None,
    },
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _working_days(today: dt.date, count: int) -> list[dt.date]:
    days, day = [], today - dt.timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


def _series(key: str, today: dt.date, rng: np.random.Generator) -> list[dict[str, Any]]:
    if key == "smed":
        points = []
        for i, day in enumerate(_working_days(today, 40)):
            after = i >= 25  # the SMED workshop: the last 15 working days
            for hour in (7, 15):
                mean, sd = (22.0, 3.0) if after else (45.0, 4.0)
                points.append(
                    {"measured_at": _at(day, hour), "value": round(rng.normal(mean, sd), 1)}
                )
        return points
    if key == "flow":
        monday = today - dt.timedelta(days=today.weekday())
        weeks = [monday - dt.timedelta(weeks=w) for w in range(26, 0, -1)]
        return [
            {"measured_at": _at(w, 8), "value": round(12.5 - 0.12 * i + rng.normal(0, 0.8), 1)}
            for i, w in enumerate(weeks)
        ]
    points = []
    for i, day in enumerate(_working_days(today, 45)):
        size = int(rng.integers(380, 620))
        rate = 0.045 if i != 31 else 0.13  # day 31: the coil out of tolerance
        defectives = int(rng.binomial(size, rate))
        points.append({"measured_at": _at(day, 18), "value": defectives, "sample_size": size})
    return points


COMMENTS = {
    "quality": (31, ("Bobine hors tolérance (épaisseur)", "Coil out of tolerance (thickness)")),
}


@transaction.atomic
def load_demo_kpis(
    project: Project, *, language: str, facilitator_user: Any, today: dt.date
) -> None:
    lang = "en" if language.startswith("en") else "fr"
    rng = np.random.default_rng(SEED)
    owner = getattr(facilitator_user, "person", None)
    axes = {a.kpi_name: a for a in Axis.objects.filter(project=project)}
    axis_kpi_names = {
        "smed": ("Temps de changement de série", "Changeover time"),
        "flow": ("Délai de fabrication", "Lead time"),
        "quality": ("Coût des rebuts", "Scrap cost"),
    }
    for key, spec in _KPIS.items():
        series = _series(key, today, rng)  # drawn whatever exists, so the draws never shift
        name = _pick(spec["name"], lang)
        kpi = Kpi.objects.filter(project=project, name__iexact=name).first()
        if kpi is None:
            axis = axes.get(_pick(axis_kpi_names[key], lang))
            kpi = kpi_create(
                project=project,
                user=facilitator_user,
                name=name,
                definition=_pick(spec["definition"], lang),
                purpose=_pick(spec["purpose"], lang),
                formula=_pick(spec["formula"], lang),
                unit=_pick(spec["unit"], lang),
                data_source=_pick(spec["source"], lang),
                owner=owner,
                direction=Kpi.Direction.DECREASE,
                target=spec["target"],
                alert_threshold=spec["alert"],
                frequency=spec["frequency"],
                frequency_reason=_pick(spec["reason"], lang),
                data_type=spec["data_type"],
                subgroup_size=500 if spec["data_type"] == Kpi.DataType.PROPORTION else None,
                decision_date=axis.deadline if axis is not None else None,
                usl=spec.get("usl"),
            )
            if axis is not None and axis.kpi_id is None:
                axis.kpi = kpi
                axis.save(update_fields=["kpi"])
        if kpi.measurements.exists():
            continue
        comment_at, comment = COMMENTS.get(key, (None, ("", "")))
        Measurement.objects.bulk_create(
            Measurement(
                kpi=kpi,
                entered_by=facilitator_user,
                comment=_pick(comment, lang) if i == comment_at else "",
                **point,
            )
            for i, point in enumerate(series)
        )
        if key == "smed":
            start = series[50]["measured_at"]  # the first changeover after the workshop
            KpiPhase.objects.get_or_create(
                kpi=kpi,
                starts_at=start,
                defaults={
                    "name": _pick(("Après SMED", "After SMED"), lang),
                    "reason": _pick(
                        (
                            "Chantier SMED : préparation externe, outillage sur chariot.",
                            "SMED workshop: external preparation, tooling on a trolley.",
                        ),
                        lang,
                    ),
                },
            )
