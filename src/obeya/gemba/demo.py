"""Demo field observations: a gemba walk along bending line 2 of the demo metalworking SME.

Impacts are on one basis, per week, at 85 €/h for the press brake with its operator and 45 €/h
for the forklift with its driver; inventory is costed at 20 % a year of its value. Idempotent:
an observation is found by its description before it is created.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from obeya.gemba.demo_photos import PHOTOS
from obeya.gemba.models import Observation, Waste
from obeya.gemba.services import observation_create
from obeya.organisation.models import Area, Person
from obeya.projects.models import Project

M = Observation.Method

# (days before today, area (fr, en), step (fr, en), observer (first, last), method, waste,
#  description fr, description en, time lost s/week, quantity, € per week, photos)
DEMO_OBSERVATIONS: list[tuple[Any, ...]] = [
    (
        38,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Hugo", "Roux"),
        M.MEASUREMENT,
        Waste.WAITING,
        "Changement de série de la presse plieuse chronométré à 45 min : outils cherchés au "
        "rack à 20 m, poinçon et matrice réglés par pliages d'essai. 6 changements par jour.",
        "Press brake changeover timed at 45 min: tools fetched from the rack 20 m away, punch "
        "and die set by trial bends. 6 changeovers a day.",
        81000,
        30,
        "1912.50",
        ["whiteboard"],
    ),
    (
        37,
        ("Découpe laser", "Laser cutting"),
        ("Stock découpe → pliage", "Buffer cutting → bending"),
        ("Camille", "Martin"),
        M.FIELD_VISIT,
        Waste.INVENTORY,
        "14 palettes de flans découpés attendent entre la découpe laser et le pliage (comptage "
        "lundi 8 h), soit environ 9 jours de travail du pliage.",
        "14 pallets of cut blanks wait between laser cutting and bending (counted on Monday at "
        "8:00), about 9 days of bending work.",
        None,
        14,
        "690.00",
        ["blanks"],
    ),
    (
        37,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Camille", "Martin"),
        M.FIELD_VISIT,
        Waste.WAITING,
        "Presse plieuse P2 arrêtée 40 min en attendant le contrôle de la première pièce : le "
        "contrôleur est occupé sur la ligne de soudure. Trois fois dans la semaine.",
        "Press brake P2 stopped for 40 min waiting for the first-article check: the inspector "
        "is busy on the welding line. Three times this week.",
        7200,
        3,
        "170.00",
        [],
    ),
    (
        36,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Camille", "Martin"),
        M.FIELD_VISIT,
        Waste.MOTION,
        "L'opérateur cherche le poinçon 88° pendant 12 min : pas d'emplacement attitré, outils "
        "posés au sol à côté de la machine. Environ 4 recherches par jour.",
        "The operator searches for the 88° punch for 12 min: no fixed place, tools left on the "
        "floor beside the machine. About 4 searches a day.",
        14400,
        20,
        "340.00",
        ["tools"],
    ),
    (
        35,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Sophie", "Leroy"),
        M.MEASUREMENT,
        Waste.DEFECTS,
        "3 équerres sur 40 rebutées au contrôle : angle de pliage à 91,5° pour 90° ± 0,5°. Le "
        "retour élastique n'a pas été compensé après le changement de lot de tôle. Environ 45 "
        "pièces par semaine.",
        "3 brackets out of 40 rejected at inspection: bending angle at 91.5° for 90° ± 0.5°. "
        "The springback was not compensated after the change of sheet batch. About 45 parts a "
        "week.",
        10800,
        45,
        "630.00",
        ["angle"],
    ),
    (
        34,
        ("Découpe laser", "Laser cutting"),
        ("Transport découpe → pliage", "Transport cutting → bending"),
        ("Camille", "Martin"),
        M.FIELD_VISIT,
        Waste.TRANSPORT,
        "Chaque palette va de la découpe au pliage en chariot élévateur : 120 m aller-retour, "
        "35 trajets par jour. Le chariot est partagé avec l'expédition et souvent attendu.",
        "Each pallet goes from cutting to bending by forklift: 120 m round trip, 35 trips a "
        "day. The forklift is shared with shipping and often waited for.",
        42000,
        175,
        "525.00",
        ["forklift"],
    ),
    (
        33,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Karim", "Benali"),
        M.INTERVIEW,
        Waste.OVERPRODUCTION,
        "Série de 400 équerres pliée pour une commande de 150, « pour éviter un changement de "
        "série ». Les 250 pièces en trop sont stockées dans l'allée.",
        "A batch of 400 brackets bent for an order of 150, “to save a changeover”. The 250 "
        "extra parts are stored in the aisle.",
        None,
        250,
        None,
        [],
    ),
    (
        31,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Karim", "Benali"),
        M.INTERVIEW,
        Waste.WAITING,
        "Presse plieuse sans pièces pendant 1 h 30 mardi : la découpe laser traitait une "
        "commande urgente d'un autre client.",
        "Press brake without parts for 1 h 30 on Tuesday: laser cutting was running another "
        "customer's urgent order.",
        5400,
        1,
        "127.50",
        [],
    ),
    (
        30,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Hugo", "Roux"),
        M.FIELD_VISIT,
        Waste.MOTION,
        "L'opérateur fait 14 m jusqu'au marbre de contrôle pour chaque première pièce : le "
        "rapporteur d'angle est rangé dans le bureau du chef d'équipe. 10 fois par jour.",
        "The operator walks 14 m to the inspection bench for every first part: the angle "
        "protractor is kept in the team leader's office. 10 times a day.",
        9000,
        50,
        "213.00",
        [],
    ),
    (
        29,
        ("Soudure", "Welding"),
        ("Soudure", "Welding"),
        ("Inès", "Chevalier"),
        M.INTERVIEW,
        Waste.DEFECTS,
        "Pièces rayées découvertes à la soudure : les flans sont empilés sans intercalaire dans "
        "le stock tampon. Environ 60 pièces reprises par semaine.",
        "Scratched parts found at welding: blanks are stacked without interleaving sheets in "
        "the buffer stock. About 60 parts reworked a week.",
        10800,
        60,
        "255.00",
        [],
    ),
    (
        28,
        ("Pliage", "Bending"),
        ("Pliage", "Bending"),
        ("Karim", "Benali"),
        M.MEETING,
        Waste.SKILLS,
        "Seul le chef d'équipe sait programmer la nouvelle presse : en son absence les pièces "
        "complexes attendent. Deux opérateurs ont demandé à être formés.",
        "Only the team leader can program the new press brake: when he is away, complex parts "
        "wait. Two operators asked to be trained.",
        14400,
        None,
        None,
        [],
    ),
    (
        27,
        ("Bureau des méthodes", "Methods office"),
        ("Découpe laser", "Laser cutting"),
        ("Hugo", "Roux"),
        M.DOCUMENT,
        Waste.OVERPROCESSING,
        "Chaque pièce est ébavurée à la main après la découpe alors que le plan ne le demande "
        "pas (habitude héritée d'un ancien client). 300 pièces par semaine à 20 s.",
        "Every part is deburred by hand after cutting although the drawing does not ask for it "
        "(a habit from a former customer). 300 parts a week at 20 s.",
        6000,
        300,
        "142.00",
        [],
    ),
    (
        26,
        ("Assemblage et expédition", "Assembly and shipping"),
        ("Expédition", "Shipping"),
        ("Camille", "Martin"),
        M.FIELD_VISIT,
        Waste.INVENTORY,
        "6 palettes d'équerres finies attendent 3 jours le camion hebdomadaire à l'expédition.",
        "6 pallets of finished brackets wait 3 days at shipping for the weekly truck.",
        None,
        6,
        "210.00",
        [],
    ),
]


def _by_name(model, company, names: tuple[str, str], language: str):
    """The row named in the demo's language (or the other one), or None."""
    first = names[1] if language == "en" else names[0]
    if model is Area:
        qs = Area.objects.filter(site__company=company)
        return qs.filter(name=first).first() or qs.filter(name__in=names).first()
    return model.objects.filter(company=company, first_name=names[0], last_name=names[1]).first()


@transaction.atomic
def load_demo_observations(
    *, project: Project, language: str = "fr", user: Any, today: dt.date | None = None
) -> list[Observation]:
    """Create (or find) the demo observations of `project`; returns them, oldest first."""
    language = "en" if language.startswith("en") else "fr"
    today = today or dt.date.today()
    company = project.company
    value_stream = project.value_streams.filter(state="current").first()
    found = []
    for (
        days,
        area,
        step,
        observer,
        method,
        waste,
        text_fr,
        text_en,
        seconds,
        quantity,
        euros,
        photos,
    ) in DEMO_OBSERVATIONS:
        description = text_en if language == "en" else text_fr
        existing = Observation.objects.filter(project=project, description=description).first()
        if existing:
            found.append(existing)
            continue
        uploads = [
            SimpleUploadedFile(f"{name}.jpg", PHOTOS[name](), content_type="image/jpeg")
            for name in photos
        ]
        found.append(
            observation_create(
                project=project,
                user=user,
                photos=uploads,
                observed_on=today - dt.timedelta(days=days),
                area=_by_name(Area, company, area, language),
                value_stream=value_stream,
                step=step[1] if language == "en" else step[0],
                observer=_by_name(Person, company, observer, language),
                method=method,
                description=description,
                waste=waste,
                impact_time_s=seconds,
                impact_quantity=quantity,
                impact_eur=Decimal(euros) if euros else None,
            )
        )
    return found
