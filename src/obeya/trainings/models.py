"""Trainings planned for a project's teams: they close the skills gaps of the matrix.

A training teaches one skill up to a level; once its attendees' new levels are validated they
are written to the skills matrix (obeya.organisation.PersonSkill). docs/trainings.md explains.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from obeya.organisation.models import PersonSkill


class Training(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="trainings",
        verbose_name=_("project"),
    )
    team = models.ForeignKey(
        "teams.ImprovementTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("team"),
    )
    skill = models.ForeignKey(
        "organisation.Skill",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("skill taught"),
    )
    target_level = models.PositiveSmallIntegerField(
        _("level aimed at"),
        choices=[c for c in PersonSkill.Level.choices if c[0] > 0],
        default=PersonSkill.Level.AUTONOMOUS,
    )
    title = models.CharField(_("title"), max_length=200)
    trainer = models.ForeignKey(
        "organisation.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings_given",
        verbose_name=_("trainer"),
    )
    external_trainer = models.CharField(_("external trainer"), max_length=200, blank=True)
    starts_on = models.DateField(_("date"))
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=1,
        default=7,
        validators=[MinValueValidator(0.5), MaxValueValidator(500)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title
