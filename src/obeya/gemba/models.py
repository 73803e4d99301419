"""Field observations (gemba walks): factual findings with the waste they show and its impact."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obeya.organisation.models import Area, Person
from obeya.projects.models import Project


class Waste(models.TextChoices):
    """The eight wastes (muda) of Lean: the seven of Ohno plus unused talent."""

    TRANSPORT = "transport", _("Transport")
    INVENTORY = "inventory", _("Inventory")
    MOTION = "motion", _("Motion")
    WAITING = "waiting", _("Waiting")
    OVERPRODUCTION = "overproduction", _("Overproduction")
    OVERPROCESSING = "overprocessing", _("Over-processing")
    DEFECTS = "defects", _("Defects")
    SKILLS = "skills", _("Unused skills")


class Observation(models.Model):
    class Method(models.TextChoices):
        FIELD_VISIT = "field_visit", _("Field visit")
        INTERVIEW = "interview", _("Interview")
        MEETING = "meeting", _("Meeting")
        MEASUREMENT = "measurement", _("Measurement")
        DOCUMENT = "document", _("Document")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="observations", verbose_name=_("project")
    )
    observed_on = models.DateField(_("date"))
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("area"),
    )
    value_stream = models.ForeignKey(
        "valuestreams.ValueStream",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("value stream"),
    )
    step = models.CharField(
        _("process step"),
        max_length=200,
        blank=True,
        help_text=_("The value-stream step where it was seen."),
    )
    observer = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("observer"),
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.FIELD_VISIT
    )
    description = models.TextField(_("factual description"))
    waste = models.CharField(_("waste"), max_length=20, choices=Waste.choices, blank=True)
    impact_time_s = models.FloatField(
        _("time lost (s)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    impact_quantity = models.FloatField(
        _("quantity affected"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    impact_eur = models.DecimalField(
        _("impact (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("field observation")
        verbose_name_plural = _("field observations")
        ordering = ["-observed_on", "-pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return reverse("gemba:detail", args=[self.project_id, self.pk])


class ObservationPhoto(models.Model):
    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="photos", verbose_name=_("observation")
    )
    image = models.ImageField(
        _("photo"), upload_to="observations/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name
