"""Trainings planned for a project's teams: they close the skills gaps of the matrix.

A training teaches one skill up to a level; once its attendees' new levels are validated they
are written to the skills matrix (obeya.organisation.PersonSkill). docs/trainings.md explains.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
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

    def clean(self) -> None:
        company_id = self.project.company_id if self.project_id else None
        if self.skill_id and company_id and self.skill.company_id != company_id:
            raise ValidationError({"skill": _("This skill belongs to another company.")})
        if self.trainer_id and company_id and self.trainer.company_id != company_id:
            raise ValidationError({"trainer": _("The trainer must be a person of the company.")})
        if self.team_id and self.project_id and self.team.project_id != self.project_id:
            raise ValidationError({"team": _("Choose a team of this project.")})
        if not self.trainer_id and not self.external_trainer.strip():
            raise ValidationError(
                {"trainer": _("Name the trainer: a person of the company or an external one.")}
            )

    @property
    def trainer_name(self) -> str:
        return str(self.trainer) if self.trainer_id else self.external_trainer


class Attendee(models.Model):
    """A person registered for a training: presence, evaluation and the level reached.

    The trainer proposes the level reached; a facilitator or the area's skill editor validates
    it, which raises the person's level on the skills matrix (never lowers it). The level held
    just before is kept, so the evaluation can count the levels a training really raised.
    """

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("training")
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="trainings_attended",
        verbose_name=_("person"),
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score given to the training (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    assessment = models.TextField(_("trainer's assessment"), blank=True)
    proposed_level = models.PositiveSmallIntegerField(
        _("level reached, proposed by the trainer"),
        choices=[c for c in PersonSkill.Level.choices if c[0] > 0],
        null=True,
        blank=True,
    )
    validated_level = models.PositiveSmallIntegerField(
        _("level validated"),
        choices=[c for c in PersonSkill.Level.choices if c[0] > 0],
        null=True,
        blank=True,
    )
    level_before = models.PositiveSmallIntegerField(
        _("matrix level before validation"),
        choices=PersonSkill.Level.choices,
        null=True,
        blank=True,
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="attendee_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="attendee_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.training}"

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None
