"""Lean levers and the candidate actions that apply them to a project's priority axes.

A `Lever` is a method from the catalogue (built-in when `company` is null, else a company's
own). A `CandidateLever` applies one to one axis of one project with its economics, and goes
through ratification by a sponsor; once ratified, it is carried out by actions of the plan.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.levers.catalogue import BY_CODE, TEXT_FIELDS, Category
from obeya.organisation.models import Company
from obeya.projects.models import Project

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Lever(models.Model):
    Category = Category

    code = models.SlugField(_("code"), max_length=50)
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="levers",
        verbose_name=_("company"),
        help_text=_("Empty for the built-in catalogue."),
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.CHOICES)
    acts_on = models.TextField(_("what it acts on"))
    when_fits = models.TextField(_("when it fits"))
    indicators = models.TextField(_("typical indicators"))
    pitfalls = models.TextField(_("pitfalls"))

    class Meta:
        verbose_name = _("lever")
        verbose_name_plural = _("levers")
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(company__isnull=True),
                name="lever_unique_builtin_code",
            ),
            models.UniqueConstraint(fields=["company", "code"], name="lever_unique_company_code"),
        ]

    def __str__(self) -> str:
        return str(self.texts.name)

    @property
    def is_builtin(self) -> bool:
        return self.company_id is None

    @property
    def texts(self) -> SimpleNamespace:
        """The texts to show: a built-in lever's come from the catalogue in the interface's
        language (the row keeps the English for the admin and the API); a company's own are the
        row's."""
        entry = BY_CODE.get(self.code) if self.is_builtin else None
        return SimpleNamespace(
            **{f: str(getattr(entry, f)) if entry else getattr(self, f) for f in TEXT_FIELDS}
        )


class CandidateLever(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RATIFIED = "ratified", _("Ratified")
        REJECTED = "rejected", _("Rejected")
        POSTPONED = "postponed", _("Postponed")

    DECIDED = (Status.RATIFIED, Status.REJECTED, Status.POSTPONED)

    project = models.ForeignKey(
        Project,
        on_delete=models.CASCADE,
        related_name="candidate_levers",
        verbose_name=_("project"),
    )
    lever = models.ForeignKey(
        Lever,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("lever"),
    )
    axis = models.ForeignKey(
        "decisions.Axis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_levers",
        verbose_name=_("priority axis"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    facts = models.TextField(
        _("field facts"), blank=True, help_text=_("What was seen or measured that calls for it.")
    )
    observations = models.ManyToManyField(
        "gemba.Observation",
        blank=True,
        related_name="candidate_levers",
        verbose_name=_("observations behind it"),
    )
    gain_eur_per_year = models.DecimalField(
        _("expected gain (€ per year)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    gain_kpi = models.FloatField(
        _("expected gain in the axis KPI"),
        null=True,
        blank=True,
        help_text=_("In the unit of the axis KPI, e.g. 4 days of lead time."),
    )
    investment_eur = models.DecimalField(
        _("one-off investment (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    running_cost_eur_per_year = models.DecimalField(
        _("running cost (€ per year)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("horizon (years)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    discount_rate_pct = models.FloatField(
        _("discount rate (%)"),
        default=8.0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    ramp_up_months = models.PositiveSmallIntegerField(
        _("ramp-up (months)"),
        default=0,
        validators=[MaxValueValidator(60)],
        help_text=_("Months before the gain is fully there; it grows linearly meanwhile."),
    )
    risks = models.TextField(_("risks"), blank=True)
    effort = models.PositiveSmallIntegerField(
        _("effort (1-5)"), null=True, blank=True, validators=SCORE
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1-5)"), null=True, blank=True, validators=SCORE
    )
    culture_fit = models.PositiveSmallIntegerField(
        _("fit with the company's culture (1-5)"), null=True, blank=True, validators=SCORE
    )
    culture_comment = models.TextField(_("on the culture fit"), blank=True)
    value_stream = models.ForeignKey(
        "valuestreams.ValueStream",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_levers",
        verbose_name=_("future-state value stream"),
    )
    gain_breakdown = models.JSONField(
        _("gain breakdown"),
        default=dict,
        blank=True,
        help_text=_("The future-state gains and assumptions the expected gain was taken from."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    actions = models.ManyToManyField(
        "actions.Action",
        blank=True,
        related_name="candidate_levers",
        verbose_name=_("actions carrying it out"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("candidate lever")
        verbose_name_plural = _("candidate levers")
        ordering = ["status", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effort__isnull=True) | models.Q(effort__range=(1, 5)),
                name="candidate_effort_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(impact__isnull=True) | models.Q(impact__range=(1, 5)),
                name="candidate_impact_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(running_cost_eur_per_year__gte=0),
                name="candidate_running_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("levers:detail", args=[self.project_id, self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED

    @property
    def is_editable(self) -> bool:
        """Drafts change freely; a submitted candidate is withdrawn first; decided ones stay
        as they were decided."""
        return self.status == self.Status.DRAFT

    def missing_for_submission(self) -> list[str]:
        """What a sponsor needs before deciding, named as on the form."""
        missing = []
        if self.lever_id is None:
            missing.append(str(_("lever")))
        if self.axis_id is None:
            missing.append(str(_("priority axis")))
        if self.gain_eur_per_year is None:
            missing.append(str(_("expected gain (€ per year)")))
        if self.investment_eur is None:
            missing.append(str(_("one-off investment (€)")))
        return missing

    @property
    def is_justified(self) -> bool:
        """Investment and gain are both set, so the economics compute."""
        return self.investment_eur is not None and self.gain_eur_per_year is not None

    def clean(self) -> None:
        errors = {}
        if self.project_id:
            if self.axis_id and self.axis.project_id != self.project_id:
                errors["axis"] = _("Choose an axis of this project.")
            if self.lever_id and self.lever.company_id not in (None, self.project.company_id):
                errors["lever"] = _("Choose a built-in lever or one of the project's company.")
            if self.value_stream_id:
                vs = self.value_stream
                if vs.project_id != self.project_id:
                    errors["value_stream"] = _("Choose a value stream of this project.")
                elif vs.state != vs.State.FUTURE:
                    errors["value_stream"] = _("Choose a future-state value stream.")
        if self.investment_eur is not None and self.investment_eur < 0:
            errors["investment_eur"] = _("The investment cannot be negative.")
        if errors:
            raise ValidationError(errors)
