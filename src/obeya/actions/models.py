"""The project's action plan: who does what by when, and how far it has gone.

Later modules extend an action (dependencies, PDCA step, the lever or meeting it came from)
with their own fields or related tables; the core row stays this one.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from obeya.organisation.models import Person
from obeya.projects.models import STAGE_CHOICES, Project


class Action(models.Model):
    class PdcaStep(models.TextChoices):
        PLAN = "plan", _("Plan")
        DO = "do", _("Do")
        CHECK = "check", _("Check")
        ACT = "act", _("Act")

    class Status(models.TextChoices):
        TODO = "todo", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.TODO, Status.IN_PROGRESS)

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="actions", verbose_name=_("project")
    )
    stage = models.CharField(_("roadmap stage"), max_length=20, choices=STAGE_CHOICES, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner"),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.TODO
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Piloting (docs/actions.md): the first planned dates are kept as the baseline, so the
    # slippage of the current dates against them shows on the list and the Gantt chart.
    planned_start = models.DateField(_("planned start (baseline)"), null=True, blank=True)
    planned_due = models.DateField(_("planned due date (baseline)"), null=True, blank=True)
    milestone = models.BooleanField(
        _("milestone"),
        default=False,
        help_text=_("A date the plan is judged on rather than a piece of work."),
    )
    effort_hours = models.DecimalField(
        _("effort (hours)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    pdca_step = models.CharField(
        _("PDCA step"), max_length=10, choices=PdcaStep.choices, blank=True
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="successors",
        verbose_name=_("depends on"),
        help_text=_("Actions that must be finished before this one can start."),
    )
    skills_needed = models.ManyToManyField(
        "organisation.Skill", blank=True, related_name="actions", verbose_name=_("skills needed")
    )
    axis = models.ForeignKey(
        "decisions.Axis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("priority axis"),
    )
    team = models.ForeignKey(
        "teams.ImprovementTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("team"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("decided in meeting"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
            ),
        ]
        indexes = [models.Index(fields=["project", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:detail", args=[self.project_id, self.pk])

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = _("The due date comes before the start date.")
        if self.owner_id and self.project_id and self.owner.company_id != self.project.company_id:
            errors["owner"] = _("The owner must belong to the project's company.")
        for field in ("axis", "team", "meeting"):
            linked = getattr(self, field)
            if linked is not None and self.project_id and linked.project_id != self.project_id:
                errors[field] = _("This belongs to another project.")
        if (
            self.milestone
            and self.start_date
            and self.due_date
            and self.start_date != self.due_date
        ):
            errors["due_date"] = _("A milestone is one date: its start and due dates must match.")
        if errors:
            raise ValidationError(errors)

    @property
    def slippage_days(self) -> int | None:
        """Days the due date moved since the baseline (positive = later); None without both."""
        if self.planned_due is None or self.due_date is None:
            return None
        return (self.due_date - self.planned_due).days

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue_on(self, day: dt.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < day

    @property
    def is_overdue(self) -> bool:
        """Still open after its due date (in the site's time zone)."""
        return self.is_overdue_on(timezone.localdate())
