"""Demo targets for the skills matrix of the demo company (wired by obeya.demo.loader).

Realistic for a sheet-metal plant: each workshop wants two or three people autonomous in its
trade, the bending shop (where the SMED project runs) two autonomous in SMED, and
everyone's 5S baseline. Idempotent: a target already set is left as the user changed it.
"""

from __future__ import annotations

from obeya.organisation.models import Area, Company, Skill
from obeya.teams.models import SkillTarget

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
