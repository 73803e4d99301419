"""Brakes, difficulties and resistance to change met while piloting a project, and the map of
its stakeholders (influence x attitude) that the facilitator updates over time.

An `Obstacle` is logged with what it blocks and who is concerned, then answered (inform, train,
involve, negotiate, escalate, accept) by an owner until it is resolved. A `Stakeholder` is a
person of the company or a named group; each `StakeholderAssessment` places them on the map at a
date and is never overwritten, so the map shows where each one moved (docs/obstacles.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.core import stakeholders as core
from obeya.organisation.models import Person
from obeya.projects.models import Project


class Obstacle(models.Model):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("Technical")
        ORGANISATIONAL = "organisational", _("Organisational")
        HUMAN = "human", _("Human")

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    class Response(models.TextChoices):
        INFORM = "inform", _("Inform")
        TRAIN = "train", _("Train")
        INVOLVE = "involve", _("Involve")
        NEGOTIATE = "negotiate", _("Negotiate")
        ESCALATE = "escalate", _("Escalate")
        ACCEPT = "accept", _("Accept")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_TREATMENT = "in_treatment", _("Being treated")
        RESOLVED = "resolved", _("Resolved")

    UNRESOLVED = (Status.OPEN, Status.IN_TREATMENT)

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="obstacles", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_resistance = models.BooleanField(
        _("resistance to change"),
        default=False,
        help_text=_("People holding back the change, as opposed to a technical or material brake."),
    )
    description = models.TextField(_("description"), blank=True)
    axis = models.ForeignKey(
        "decisions.Axis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obstacles",
        verbose_name=_("priority axis it blocks"),
    )
    team = models.ForeignKey(
        "teams.ImprovementTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obstacles",
        verbose_name=_("team it blocks"),
    )
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="obstacles", verbose_name=_("actions it blocks")
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="obstacles", verbose_name=_("people concerned")
    )
    group = models.CharField(
        _("group concerned"),
        max_length=200,
        blank=True,
        help_text=_("A team, shift or department, e.g. “night shift of the bending shop”."),
    )
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.MEDIUM
    )
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, blank=True)
    response_detail = models.TextField(_("how it is answered"), blank=True)
    response_owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="obstacle_responses",
        verbose_name=_("response owner"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    raised_on = models.DateField(_("raised on"))
    treated_on = models.DateField(_("treatment started on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["-severity", "raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True)
                | models.Q(resolved_on__gte=models.F("raised_on")),
                name="obstacle_resolved_after_raised",
            )
        ]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("obstacles:detail", args=[self.project_id, self.pk])

    @property
    def is_unresolved(self) -> bool:
        return self.status in self.UNRESOLVED

    def clean(self) -> None:
        errors = {}
        for field in ("axis", "team"):
            linked = getattr(self, field)
            if linked is not None and self.project_id and linked.project_id != self.project_id:
                errors[field] = _("This belongs to another project.")
        if (
            self.response_owner_id
            and self.project_id
            and self.response_owner.company_id != self.project.company_id
        ):
            errors["response_owner"] = _("The response owner must belong to the project's company.")
        if self.status != self.Status.OPEN and not self.response:
            errors["response"] = _("Say how the obstacle is answered before treating it.")
        if self.raised_on:
            for field in ("treated_on", "resolved_on"):
                day = getattr(self, field)
                if day and day < self.raised_on:
                    errors[field] = _("This date comes before the date the obstacle was raised.")
        if errors:
            raise ValidationError(errors)


class Stakeholder(models.Model):
    """A person of the company or a named group whose stance matters to the change."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stakeholders", verbose_name=_("project")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="stakeholder_of",
        verbose_name=_("person"),
    )
    group = models.CharField(_("group"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(group=""))
                | (models.Q(person__isnull=True) & ~models.Q(group="")),
                name="stakeholder_person_or_group",
            ),
            models.UniqueConstraint(
                fields=["project", "person"],
                condition=models.Q(person__isnull=False),
                name="stakeholder_unique_person",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person) if self.person_id else self.group

    def clean(self) -> None:
        if bool(self.person_id) == bool(self.group.strip()):
            raise ValidationError(
                {"person": _("Choose a person of the company or name a group, not both.")}
            )
        if self.person_id and self.project_id and self.person.company_id != self.project.company_id:
            raise ValidationError({"person": _("The person must belong to the project's company.")})


class StakeholderAssessment(models.Model):
    """Where a stakeholder stands at a date; later assessments are added, never overwritten."""

    class Influence(models.IntegerChoices):
        LOW = 1, _("Low")
        MODERATE = 2, _("Moderate")
        SIGNIFICANT = 3, _("Significant")
        HIGH = 4, _("High")

    class Attitude(models.IntegerChoices):
        OPPONENT = -2, _("Opponent")
        RESISTANT = -1, _("Reluctant")
        NEUTRAL = 0, _("Neutral")
        SUPPORTER = 1, _("Supporter")
        CHAMPION = 2, _("Champion")

    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("stakeholder"),
    )
    assessed_on = models.DateField(_("assessed on"))
    influence = models.SmallIntegerField(
        _("influence"),
        choices=Influence.choices,
        validators=[MinValueValidator(core.INFLUENCE_MIN), MaxValueValidator(core.INFLUENCE_MAX)],
    )
    attitude = models.SmallIntegerField(
        _("attitude to the change"),
        choices=Attitude.choices,
        validators=[MinValueValidator(core.ATTITUDE_MIN), MaxValueValidator(core.ATTITUDE_MAX)],
    )
    comment = models.TextField(_("comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder assessment")
        verbose_name_plural = _("stakeholder assessments")
        ordering = ["stakeholder", "assessed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "assessed_on"],
                name="assessment_one_per_stakeholder_and_day",
                violation_error_message=_(
                    "This stakeholder was already assessed on that day: pick another date."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=4),
                name="assessment_influence_1_4",
            ),
            models.CheckConstraint(
                condition=models.Q(attitude__gte=-2, attitude__lte=2),
                name="assessment_attitude_m2_2",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} {self.assessed_on:%Y-%m-%d}"

    @property
    def quadrant(self) -> core.Quadrant:
        return core.quadrant(self.influence, self.attitude)
