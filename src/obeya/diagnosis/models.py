"""The diagnostic grid (techno-economic criteria with their gap to a reference) and the SWOT."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from obeya.projects.models import Project


class GridCriterion(models.Model):
    """One line of the diagnostic grid: a techno-economic figure against its reference."""

    class Category(models.TextChoices):
        QUALITY = "quality", _("Quality")
        COST = "cost", _("Cost")
        DELIVERY = "delivery", _("Delivery")
        PRODUCTIVITY = "productivity", _("Productivity")
        SAFETY = "safety", _("Safety")
        PEOPLE = "people", _("People")

    class Reference(models.TextChoices):
        TARGET = "target", _("Target")
        BENCHMARK = "benchmark", _("Benchmark")
        HISTORY = "history", _("History")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="grid_criteria", verbose_name=_("project")
    )
    name = models.CharField(_("criterion"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    # Empty until measured: "add the usual criteria" creates lines without inventing numbers.
    current_value = models.FloatField(_("current value"), null=True, blank=True)
    reference_value = models.FloatField(_("reference value"), null=True, blank=True)
    reference_kind = models.CharField(
        _("reference"), max_length=20, choices=Reference.choices, default=Reference.TARGET
    )
    direction = models.CharField(_("good direction"), max_length=10, choices=Direction.choices)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    source = models.CharField(_("data source"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("diagnostic criterion")
        verbose_name_plural = _("diagnostic grid")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class SwotItem(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")
        THREAT = "threat", _("Threat")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="swot_items", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    observations = models.ManyToManyField(
        "gemba.Observation", blank=True, related_name="swot_items", verbose_name=_("observations")
    )
    criteria = models.ManyToManyField(
        GridCriterion, blank=True, related_name="swot_items", verbose_name=_("grid lines")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
