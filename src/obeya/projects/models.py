"""An improvement project, its context as the CQPM asks for it, and who plays which role in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.core.roadmap import Stage
from obeya.organisation.models import Area, Company, Person, Process, ProductFamily

STAGE_LABELS = {
    Stage.DIAGNOSE: _("Diagnose"),
    Stage.PRIORITISE: _("Prioritise"),
    Stage.LEVERS: _("Choose levers"),
    Stage.TEAMS: _("Prepare teams"),
    Stage.PILOT: _("Pilot"),
    Stage.MEASURE: _("Measure"),
    Stage.CORRECT: _("Correct"),
    Stage.STANDARDISE: _("Standardise"),
    Stage.VALORISE: _("Valorise"),
}
STAGE_CHOICES = [(s.value, STAGE_LABELS[s]) for s in Stage]


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="projects", verbose_name=_("company")
    )
    title = models.CharField(_("title"), max_length=200)
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("area"),
    )
    product_family = models.ForeignKey(
        ProductFamily,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("product family"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("process"),
    )
    sponsor = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_projects",
        verbose_name=_("sponsor (management)"),
    )
    facilitator = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_projects",
        verbose_name=_("facilitator"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("target end date"), null=True, blank=True)
    stakes = models.TextField(
        _("company stakes"),
        blank=True,
        help_text=_("What the company has to gain or lose: costs, quality, lead times, customers."),
    )
    constraints = models.TextField(
        _("constraints"),
        blank=True,
        help_text=_(
            "Budget, staff, calendar, technical or social constraints the project must respect."
        ),
    )
    objectives = models.TextField(
        _("company objectives"),
        blank=True,
        help_text=_("The objectives management sets for the project."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date comes before the start date.")})


class Membership(models.Model):
    """A user's role in one project; every permission in the project follows from it."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        SPONSOR = "sponsor", _("Sponsor")
        MEMBER = "member", _("Team member")
        VIEWER = "viewer", _("Viewer")
        ASSESSOR = "assessor", _("Assessor")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("project membership")
        verbose_name_plural = _("project memberships")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_one_role_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.project}: {self.get_role_display()}"
