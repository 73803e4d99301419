"""Priority axes with their measurable objectives, and the decisions that ranked them.

An axis answers findings of the diagnosis (observations, grid lines, SWOT items, facts from the
flow analysis) with an objective: a KPI, from a baseline to a target by a deadline. A decision
records the options weighed, the method, the result, who decided and when; once decided it is
part of the project's history and only a superuser may change it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from obeya.core.objectives import KpiDirection, ObjectiveGap, objective_gaps
from obeya.projects.models import Project

GAP_MESSAGES = {
    ObjectiveGap.KPI: _("No KPI measures it."),
    ObjectiveGap.BASELINE: _("The baseline is not set."),
    ObjectiveGap.TARGET: _("The target is not set."),
    ObjectiveGap.DEADLINE: _("The deadline is not set."),
    ObjectiveGap.TARGET_EQUALS_BASELINE: _(
        "The target equals the baseline: the objective asks for no improvement."
    ),
}
WRONG_DIRECTION_MESSAGES = {
    KpiDirection.INCREASE: _("The target must be above the baseline for a KPI to increase."),
    KpiDirection.DECREASE: _("The target must be below the baseline for a KPI to decrease."),
}
TITLE_TAKEN_CODE = "axis_title_taken"


class Axis(models.Model):
    """A priority improvement axis of a project and its objective."""

    class Direction(models.TextChoices):
        INCREASE = KpiDirection.INCREASE.value, _("Increase")
        DECREASE = KpiDirection.DECREASE.value, _("Decrease")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="axes", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    stakes_gains = models.TextField(_("expected gains"), blank=True)
    stakes_risks = models.TextField(_("risks"), blank=True)
    reasoning = models.TextField(_("reasoning"), blank=True)
    kpi_name = models.CharField(_("KPI"), max_length=200, blank=True)
    kpi_unit = models.CharField(_("KPI unit"), max_length=40, blank=True)
    kpi_direction = models.CharField(
        _("KPI improves when it"),
        max_length=10,
        choices=Direction.choices,
        default=Direction.DECREASE,
    )
    kpi = models.ForeignKey(
        "kpis.Kpi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="axes",
        verbose_name=_("KPI of the referential"),
        help_text=_("The indicator of the KPI referential whose measurements follow this axis."),
    )
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    priority = models.PositiveIntegerField(
        _("priority"), default=1, validators=[MinValueValidator(1)]
    )
    observations = models.ManyToManyField(
        "gemba.Observation", blank=True, related_name="axes", verbose_name=_("observations")
    )
    grid_criteria = models.ManyToManyField(
        "diagnosis.GridCriterion", blank=True, related_name="axes", verbose_name=_("grid lines")
    )
    swot_items = models.ManyToManyField(
        "diagnosis.SwotItem", blank=True, related_name="axes", verbose_name=_("SWOT items")
    )
    flow_findings = models.TextField(_("facts from the flow analysis"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("priority axis")
        verbose_name_plural = _("priority axes")
        ordering = ["priority", "pk"]
        constraints = [
            models.UniqueConstraint(
                "project",
                Lower("title"),
                name="axis_unique_title_per_project",
                violation_error_code=TITLE_TAKEN_CODE,
                violation_error_message=_(
                    "Another axis of this project already has this title (case is ignored)."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:axis_sheet", args=[self.project_id, self.pk])

    def clean(self) -> None:
        kpi = self.kpi
        if kpi is not None and self.project_id and kpi.project_id != self.project_id:
            area = self.project.area_id
            if not (kpi.shared_with_area and area is not None and kpi.project.area_id == area):
                raise ValidationError(
                    {"kpi": _("This KPI is neither this project's nor shared by its area.")}
                )

    def validate_constraints(self, exclude: set[str] | None = None) -> None:
        """Report the case-insensitive title clash on the title field: an expression constraint
        is otherwise reported for the whole form, which does not tell the user what to fix."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            taken = [e for e in general if getattr(e, "code", None) == TITLE_TAKEN_CODE]
            rest = [e for e in general if getattr(e, "code", None) != TITLE_TAKEN_CODE]
            if taken:
                errors.setdefault("title", []).extend(taken)
            if rest:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors) from None

    @property
    def gaps(self) -> tuple[ObjectiveGap, ...]:
        return objective_gaps(
            kpi_name=self.kpi_name,
            direction=self.kpi_direction,
            baseline=self.baseline,
            target=self.target,
            deadline=self.deadline,
        )

    @property
    def missing(self) -> list[str]:
        """What keeps the objective from being measurable, as sentences for the user."""
        messages = []
        for gap in self.gaps:
            if gap is ObjectiveGap.TARGET_WRONG_DIRECTION:
                messages.append(gettext(WRONG_DIRECTION_MESSAGES[KpiDirection(self.kpi_direction)]))
            else:
                messages.append(gettext(GAP_MESSAGES[gap]))
        return messages

    @property
    def is_measurable(self) -> bool:
        return not self.gaps


class Decision(models.Model):
    """A choice between options, the method used to weigh them and, once made, its result."""

    class Method(models.TextChoices):
        WEIGHTED_MATRIX = "weighted_matrix", _("Weighted multi-criteria matrix")
        AHP = "ahp", _("AHP (pairwise comparisons)")
        ADVANTAGES_DRAWBACKS = "advantages_drawbacks", _("Advantages / drawbacks grid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        DECIDED = "decided", _("Decided")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), blank=True)
    method = models.CharField(
        _("method"), max_length=30, choices=Method.choices, default=Method.WEIGHTED_MATRIX
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    chosen_option = models.ForeignKey(
        "DecisionOption",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen option"),
    )
    summary = models.TextField(_("summary of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:decision_detail", args=[self.project_id, self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED


class DecisionOption(models.Model):
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="options", verbose_name=_("decision")
    )
    name = models.CharField(_("option"), max_length=200)
    axis = models.ForeignKey(
        Axis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_options",
        verbose_name=_("priority axis"),
    )
    advantages = models.TextField(_("advantages"), blank=True)
    drawbacks = models.TextField(_("drawbacks"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "name"], name="decision_option_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class DecisionCriterion(models.Model):
    class Direction(models.TextChoices):
        MAX = "max", _("Higher is better")
        MIN = "min", _("Lower is better")

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("decision")
    )
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.FloatField(_("weight"), default=1.0, validators=[MinValueValidator(0)])
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.MAX
    )
    lower = models.FloatField(_("scale lower bound"), null=True, blank=True)
    upper = models.FloatField(_("scale upper bound"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "name"], name="decision_criterion_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.lower is not None and self.upper is not None and self.lower >= self.upper:
            raise ValidationError(
                {"upper": _("The upper bound of the scale must be above the lower bound.")}
            )


class DecisionScore(models.Model):
    option = models.ForeignKey(
        DecisionOption, on_delete=models.CASCADE, related_name="scores", verbose_name=_("option")
    )
    criterion = models.ForeignKey(
        DecisionCriterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    value = models.FloatField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion"], name="decision_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.option} × {self.criterion}: {self.value:g}"


class DecisionJudgement(models.Model):
    """An AHP pairwise judgement: how much more important criterion A is than B (Saaty 1/9..9)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="judgements", verbose_name=_("decision")
    )
    criterion_a = models.ForeignKey(
        DecisionCriterion,
        on_delete=models.CASCADE,
        related_name="judgements_as_a",
        verbose_name=_("criterion A"),
    )
    criterion_b = models.ForeignKey(
        DecisionCriterion,
        on_delete=models.CASCADE,
        related_name="judgements_as_b",
        verbose_name=_("criterion B"),
    )
    value = models.FloatField(
        _("importance of A over B"),
        validators=[MinValueValidator(1 / 9), MaxValueValidator(9)],
    )

    class Meta:
        verbose_name = _("pairwise judgement")
        verbose_name_plural = _("pairwise judgements")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion_a", "criterion_b"], name="decision_judgement_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(criterion_a=models.F("criterion_b")),
                name="decision_judgement_distinct_criteria",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_a} / {self.criterion_b}: {self.value:g}"
