"""Problems found on a KPI and solved down to a verified root cause (docs/problems.md).

A problem opens from a KPI (a rule of its control chart fires, or the target is missed several
times in a row) or by hand; its analysis (5 whys, Ishikawa), the corrective actions of the plan
and the effectiveness check hang from it, one PDCA cycle after another.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.core import problem_solving as ps


class Problem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANALYSING = "analysing", _("Analysing the causes")
        ACTING = "acting", _("Corrective actions under way")
        CHECKING = "checking", _("Checking the effect")
        CLOSED = "closed", _("Closed: effect shown")

    OPEN_STATUSES = (Status.OPEN, Status.ANALYSING, Status.ACTING, Status.CHECKING)

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("project"),
    )
    kpi = models.ForeignKey(
        "kpis.Kpi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("KPI"),
    )
    team = models.ForeignKey(
        "teams.ImprovementTeam",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("team"),
    )
    title = models.CharField(_("title"), max_length=200)
    deviation = models.TextField(_("deviation measured"))
    where = models.CharField(_("where"), max_length=200, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    cycle = models.PositiveSmallIntegerField(_("PDCA cycle"), default=1)
    check_from = models.DateField(
        _("effect checked from"),
        null=True,
        blank=True,
        help_text=_(
            "The KPI before this date is compared with the KPI from it on. Empty: the start of "
            "the KPI's latest chart phase."
        ),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("problems:detail", args=[self.project_id, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def clean(self) -> None:
        errors = {}
        if self.team_id and self.project_id and self.team.project_id != self.project_id:
            errors["team"] = _("This team belongs to another project.")
        if self.kpi_id and self.project_id and self.kpi.project_id != self.project_id:
            area = self.project.area_id
            if not (self.kpi.shared_with_area and area and self.kpi.project.area_id == area):
                errors["kpi"] = _("This KPI is neither this project's nor shared by its area.")
        if errors:
            raise ValidationError(errors)


class Verification(models.TextChoices):
    TO_VERIFY = ps.TO_VERIFY, _("To verify")
    CONFIRMED = ps.CONFIRMED, _("Confirmed")
    REJECTED = ps.REJECTED, _("Rejected")


class VerifiedCause(models.Model):
    """What a why and an Ishikawa cause share: a verification on the ground, with evidence."""

    text = models.CharField(_("text"), max_length=300)
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.TO_VERIFY,
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What was seen, measured or tested on the ground that confirms or rejects it."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.verification != Verification.TO_VERIFY and not self.evidence.strip():
            raise ValidationError(
                {"evidence": _("Say what was seen or measured that confirms or rejects it.")}
            )


class Why(VerifiedCause):
    """One answer to "why?": it explains its parent (or the deviation itself, without one)."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="whys", verbose_name=_("problem")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("explains"),
        help_text=_("Empty: a first why, asked of the deviation itself."),
    )
    is_root_cause = models.BooleanField(
        _("root cause"),
        default=False,
        help_text=_("The cause to act on; it counts once confirmed with evidence."),
    )

    class Meta:
        verbose_name = _("why")
        verbose_name_plural = _("whys")
        ordering = ["created_at", "pk"]

    def get_absolute_url(self) -> str:
        return self.problem.get_absolute_url() + f"#why-{self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent.problem_id != self.problem_id:
            raise ValidationError({"parent": _("This why belongs to another problem.")})

    @property
    def is_verified_root_cause(self) -> bool:
        return (
            self.is_root_cause
            and self.verification == Verification.CONFIRMED
            and bool(self.evidence.strip())
        )


class Cause(VerifiedCause):
    """A possible cause of the Ishikawa diagram, in one of the 6M."""

    class Category(models.TextChoices):
        MAN = ps.MAN, _("Man (people, skills)")
        MACHINE = ps.MACHINE, _("Machine")
        METHOD = ps.METHOD, _("Method")
        MATERIAL = ps.MATERIAL, _("Material")
        MEASUREMENT = ps.MEASUREMENT, _("Measurement")
        MILIEU = ps.MILIEU, _("Milieu (environment)")

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="causes", verbose_name=_("problem")
    )
    category = models.CharField(_("category (6M)"), max_length=12, choices=Category.choices)

    class Meta:
        verbose_name = _("Ishikawa cause")
        verbose_name_plural = _("Ishikawa causes")
        ordering = ["category", "created_at", "pk"]

    def get_absolute_url(self) -> str:
        return self.problem.get_absolute_url() + f"#cause-{self.pk}"


class CorrectiveAction(models.Model):
    """An action of the project's plan that treats one root cause of the problem, with what it
    could degrade elsewhere in the value chain and how that is watched."""

    problem = models.ForeignKey(
        Problem,
        on_delete=models.CASCADE,
        related_name="corrective_actions",
        verbose_name=_("problem"),
    )
    cause = models.ForeignKey(
        Why,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
        verbose_name=_("root cause treated"),
    )
    action = models.OneToOneField(
        "actions.Action",
        on_delete=models.CASCADE,
        related_name="corrective_of",
        verbose_name=_("action of the plan"),
    )
    cycle = models.PositiveSmallIntegerField(_("PDCA cycle"), default=1)
    side_effects = models.TextField(
        _("could degrade"),
        help_text=_("Which other parts of the value chain this action could degrade."),
    )
    watch = models.TextField(
        _("how it is watched"),
        help_text=_("The indicator, check or person that would see the degradation."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return str(self.action)

    def clean(self) -> None:
        if self.cause_id and self.cause.problem_id != self.problem_id:
            raise ValidationError({"cause": _("This cause belongs to another problem.")})
        if self.cause_id and not self.cause.is_root_cause:
            raise ValidationError({"cause": _("Choose a why marked as a root cause.")})


class Cycle(models.Model):
    """One turn of the PDCA loop on a problem: the effect checked, and what was learned."""

    problem = models.ForeignKey(
        Problem, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("problem")
    )
    number = models.PositiveSmallIntegerField(_("cycle"))
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    checked_from = models.DateField(_("effect checked from"), null=True, blank=True)
    check_result = models.JSONField(
        _("effectiveness check"),
        null=True,
        blank=True,
        help_text=_("The test's figures when the effect was last checked in this cycle."),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    effect_shown = models.BooleanField(_("effect shown"), null=True, blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)

    class Meta:
        verbose_name = _("PDCA cycle")
        verbose_name_plural = _("PDCA cycles")
        ordering = ["problem", "number"]
        constraints = [
            models.UniqueConstraint(fields=["problem", "number"], name="problem_cycle_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.problem} #{self.number}"
