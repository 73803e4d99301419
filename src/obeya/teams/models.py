"""What an area needs in skills: a target per skill, read against the people's ILUO levels
(obeya.organisation.PersonSkill) on the skills matrix. docs/skills.md explains the rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from obeya.organisation.models import Area, PersonSkill, Skill


class SkillTarget(models.Model):
    """At least `people` people of the area at `level` or above in `skill`.

    `people` = 0 keeps the skill as a column of the area's matrix without a requirement.
    """

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="skill_targets", verbose_name=_("area")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="targets", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(
        _("target level"),
        choices=[c for c in PersonSkill.Level.choices if c[0] > 0],
        default=PersonSkill.Level.AUTONOMOUS,
    )
    people = models.PositiveSmallIntegerField(
        _("people needed"),
        default=1,
        validators=[MaxValueValidator(999)],
        help_text=_("How many people of the area should reach the target level or above."),
    )

    class Meta:
        verbose_name = _("skill target")
        verbose_name_plural = _("skill targets")
        ordering = ["skill__kind", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "skill"], name="skill_target_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=3), name="skill_target_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area.name} · {self.skill}: {self.people} × {self.get_level_display()}"

    def clean(self) -> None:
        if self.area_id and self.skill_id and self.skill.company_id != self.area.site.company_id:
            raise ValidationError({"skill": _("This skill belongs to another company.")})
