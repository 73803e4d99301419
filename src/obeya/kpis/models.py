"""The KPI referential of a project and the measurements of each KPI (docs/kpis.md).

A KPI says what is measured, why, how and how often, and which chart shows it; its
measurements are entered by hand, imported from a file or pushed through the API. A KPI shared
with its area is read (not changed) by the other projects of that area.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.core.kpi import Chart, DataType, Frequency

NAME_TAKEN_CODE = "kpi_name_taken"


class Kpi(models.Model):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")

    class DataType(models.TextChoices):
        INDIVIDUAL = DataType.INDIVIDUAL.value, _("One continuous value per period")
        SUBGROUPS = DataType.SUBGROUPS.value, _("Subgroups of continuous values")
        PROPORTION = DataType.PROPORTION.value, _("Defectives out of a sample (proportion)")
        DEFECT_COUNT = DataType.DEFECT_COUNT.value, _("Count of defects (constant opportunity)")
        DEFECTS_PER_UNIT = DataType.DEFECTS_PER_UNIT.value, _("Defects per unit (varying units)")

    class Chart(models.TextChoices):
        RUN = Chart.RUN.value, _("Run chart")
        XMR = Chart.XMR.value, _("XmR (individuals and moving range)")
        XBAR_R = Chart.XBAR_R.value, _("Xbar-R")
        XBAR_S = Chart.XBAR_S.value, _("Xbar-S")
        P = Chart.P.value, _("p (proportion defective)")
        NP = Chart.NP.value, _("np (number defective)")
        C = Chart.C.value, _("c (defects)")
        U = Chart.U.value, _("u (defects per unit)")

    class Frequency(models.TextChoices):
        HOUR = Frequency.HOUR.value, _("Every hour")
        SHIFT = Frequency.SHIFT.value, _("Every shift")
        DAY = Frequency.DAY.value, _("Every day")
        WEEK = Frequency.WEEK.value, _("Every week")
        MONTH = Frequency.MONTH.value, _("Every month")

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="kpis", verbose_name=_("project")
    )
    shared_with_area = models.BooleanField(
        _("shared with the area's other projects"),
        default=False,
        help_text=_("The other projects of the same area read it in their referential."),
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    purpose = models.TextField(_("what it is used for"), blank=True)
    formula = models.CharField(_("calculation"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    owner = models.ForeignKey(
        "organisation.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis_owned",
        verbose_name=_("owner"),
    )
    direction = models.CharField(
        _("improves when it"), max_length=10, choices=Direction.choices, default=Direction.DECREASE
    )
    target = models.FloatField(_("target"), null=True, blank=True)
    alert_threshold = models.FloatField(_("alert threshold"), null=True, blank=True)
    frequency = models.CharField(
        _("measured"), max_length=10, choices=Frequency.choices, default=Frequency.DAY
    )
    frequency_reason = models.TextField(_("why this frequency"), blank=True)
    data_type = models.CharField(
        _("one measurement is"),
        max_length=20,
        choices=DataType.choices,
        default=DataType.INDIVIDUAL,
    )
    subgroup_size = models.PositiveSmallIntegerField(
        _("usual subgroup or sample size"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
    )
    chart = models.CharField(
        _("chart"),
        max_length=10,
        choices=Chart.choices,
        blank=True,
        help_text=_("Leave empty to use the chart recommended for the data type."),
    )
    rule_set = models.CharField(
        _("run rules"),
        max_length=10,
        choices=[
            ("we", _("Western Electric (4 rules)")),
            ("nelson", _("Nelson (8 rules)")),
        ],
        default="we",
        help_text=_("The rules that mark the points to look at on the control chart."),
    )
    decision_date = models.DateField(
        _("decision date"),
        null=True,
        blank=True,
        help_text=_("When a change in this KPI must be judged (e.g. the axis deadline)."),
    )
    baseline_points = models.PositiveIntegerField(
        _("limits from the first points"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_(
            "Compute the control limits from this many first points (or subgroups), then keep "
            "them frozen for the later points. Empty: from every point of the phase."
        ),
    )
    lsl = models.FloatField(_("lower specification limit"), null=True, blank=True)
    usl = models.FloatField(_("upper specification limit"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "project",
                Lower("name"),
                name="kpi_unique_name_per_project",
                violation_error_code=NAME_TAKEN_CODE,
                violation_error_message=_(
                    "Another KPI of this project already has this name (case is ignored)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def get_absolute_url(self) -> str:
        return reverse("kpis:detail", args=[self.project_id, self.pk])

    @property
    def increase_is_better(self) -> bool:
        return self.direction == self.Direction.INCREASE

    def clean(self) -> None:
        errors = {}
        if self.owner_id and self.project_id and self.owner.company_id != self.project.company_id:
            errors["owner"] = _("The owner must belong to the project's company.")
        if self.lsl is not None and self.usl is not None and self.lsl >= self.usl:
            errors["usl"] = _("The upper specification limit must be above the lower one.")
        needs_size = self.data_type in (DataType.SUBGROUPS.value, DataType.PROPORTION.value)
        if needs_size and not self.subgroup_size:
            errors["subgroup_size"] = _("Give the usual size of a subgroup or sample.")
        if errors:
            raise ValidationError(errors)


class Measurement(models.Model):
    """One point of a KPI: a value at a time, with the sample size the chart needs."""

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("KPI")
    )
    measured_at = models.DateTimeField(_("measured at"))
    value = models.FloatField(_("value"))
    subgroup = models.CharField(
        _("subgroup"),
        max_length=60,
        blank=True,
        help_text=_("Values with the same subgroup label are one sample (Xbar charts)."),
    )
    sample_size = models.PositiveIntegerField(
        _("sample size"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Units inspected, for proportions and defects per unit."),
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_at", "pk"]
        indexes = [models.Index(fields=["kpi", "measured_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sample_size__isnull=True) | models.Q(sample_size__gte=1),
                name="measurement_sample_size_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi.name} {self.measured_at:%Y-%m-%d %H:%M}: {self.value:g}"

    def clean(self) -> None:
        kpi = self.kpi
        errors = {}
        if kpi.data_type in (DataType.PROPORTION.value, DataType.DEFECTS_PER_UNIT.value):
            if self.sample_size is None:
                errors["sample_size"] = _("This KPI needs the sample size of each point.")
            elif kpi.data_type == DataType.PROPORTION.value and self.value > self.sample_size:
                errors["value"] = _("More defectives than units in the sample.")
        if kpi.data_type == DataType.SUBGROUPS.value and not self.subgroup.strip():
            errors["subgroup"] = _("This KPI is measured in subgroups: name the subgroup.")
        if (
            kpi.data_type
            in (
                DataType.PROPORTION.value,
                DataType.DEFECT_COUNT.value,
                DataType.DEFECTS_PER_UNIT.value,
            )
            and self.value < 0
        ):
            errors["value"] = _("A count cannot be negative.")
        if errors:
            raise ValidationError(errors)


class KpiPhase(models.Model):
    """A new phase of a KPI's chart from a date on (after an improvement): its control limits
    are recomputed from its own points instead of carrying the previous phase's."""

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="phases", verbose_name=_("KPI")
    )
    starts_at = models.DateTimeField(_("starts at"))
    name = models.CharField(_("name"), max_length=120)
    reason = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("chart phase")
        verbose_name_plural = _("chart phases")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "starts_at"], name="kpi_phase_unique_start"),
        ]

    def __str__(self) -> str:
        return self.name
