"""What an area needs in skills: a target per skill, read against the people's ILUO levels
(obeya.organisation.PersonSkill) on the skills matrix. docs/skills.md explains the rules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from obeya.core.objectives import KpiDirection, ObjectiveGap, objective_gaps
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


class ImprovementTeam(models.Model):
    """An improvement team of a project: the people carrying some axes or ratified levers.

    Its scope (area, product family, process, and what is in and out) keeps the team on the
    part of the value stream it was formed for; docs/teams.md explains the rules.
    """

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="teams",
        verbose_name=_("project"),
    )
    name = models.CharField(_("name"), max_length=200)
    mission = models.TextField(_("mission"), blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_teams",
        verbose_name=_("area in scope"),
    )
    product_family = models.ForeignKey(
        "organisation.ProductFamily",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_teams",
        verbose_name=_("product family in scope"),
    )
    process = models.ForeignKey(
        "organisation.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_teams",
        verbose_name=_("process in scope"),
    )
    scope = models.TextField(_("in scope and out of scope"), blank=True)
    axes = models.ManyToManyField(
        "decisions.Axis", blank=True, related_name="teams", verbose_name=_("priority axes served")
    )
    levers = models.ManyToManyField(
        "levers.CandidateLever",
        blank=True,
        related_name="teams",
        verbose_name=_("levers carried out"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("improvement team")
        verbose_name_plural = _("improvement teams")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="team_unique_name_per_project")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("project_teams:detail", args=[self.project_id, self.pk])

    def clean(self) -> None:
        """The scope is taken from the project's company: its areas, families and processes."""
        errors = {}
        company_id = self.project.company_id if self.project_id else None
        if company_id is not None:
            if self.area_id and self.area.site.company_id != company_id:
                errors["area"] = _("Choose an area of the project's company.")
            if self.product_family_id and self.product_family.company_id != company_id:
                errors["product_family"] = _("Choose a product family of the project's company.")
            if self.process_id and self.process.area.site.company_id != company_id:
                errors["process"] = _("Choose a process of the project's company.")
        if errors:
            raise ValidationError(errors)


class TeamMember(models.Model):
    """A person in a team, with the role they hold and what they bring."""

    class Role(models.TextChoices):
        SPONSOR = "sponsor", _("Sponsor")
        LEADER = "leader", _("Leader")
        MEMBER = "member", _("Member")
        EXPERT = "expert", _("Expert")
        SUPPORT = "support", _("Support")

    team = models.ForeignKey(
        ImprovementTeam, on_delete=models.CASCADE, related_name="members", verbose_name=_("team")
    )
    person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    contribution = models.TextField(_("contribution"), blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week committed"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("Time set aside for the team's work, summed over every team of the company."),
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "role", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="team_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"

    def clean(self) -> None:
        team_company = self.team.project.company_id if self.team_id else None
        if self.person_id and team_company and self.person.company_id != team_company:
            raise ValidationError({"person": _("Choose a person of the project's company.")})


class TeamObjective(models.Model):
    """An unambiguous objective of a team: one KPI, from a baseline to a target by a date."""

    team = models.ForeignKey(
        ImprovementTeam,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("team"),
    )
    axis = models.ForeignKey(
        "decisions.Axis",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_objectives",
        verbose_name=_("priority axis"),
    )
    statement = models.CharField(_("objective"), max_length=300)
    kpi_name = models.CharField(_("KPI"), max_length=200)
    kpi_unit = models.CharField(_("KPI unit"), max_length=40, blank=True)
    kpi_direction = models.CharField(
        _("KPI improves when it"),
        max_length=10,
        choices=[("increase", _("Increase")), ("decrease", _("Decrease"))],
        default="decrease",
    )
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("team objective")
        verbose_name_plural = _("team objectives")
        ordering = ["team", "deadline", "pk"]

    def __str__(self) -> str:
        return self.statement

    def clean(self) -> None:
        if self.axis_id and self.team_id and self.axis.project_id != self.team.project_id:
            raise ValidationError({"axis": _("Choose an axis of this project.")})

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
        """What makes the objective ambiguous, as sentences (the axes' wording)."""
        from obeya.decisions.models import GAP_MESSAGES, WRONG_DIRECTION_MESSAGES

        return [
            gettext(
                WRONG_DIRECTION_MESSAGES[KpiDirection(self.kpi_direction)]
                if gap is ObjectiveGap.TARGET_WRONG_DIRECTION
                else GAP_MESSAGES[gap]
            )
            for gap in self.gaps
        ]

    @property
    def is_unambiguous(self) -> bool:
        return not self.gaps
