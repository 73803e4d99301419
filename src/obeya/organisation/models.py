"""The company as the facilitator meets it: sites, areas, product families, processes, people.

A person need not have a login: most operators on a team never sign in, yet they own actions,
hold skills and sit on teams. A user account points to at most one person.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector of activity"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        permissions = [("manage_organisation", _("Can manage the organisation and its users"))]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="sites", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["company__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="site_unique_name_per_company")
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A workshop in production or a department in services: where the work is done."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SERVICE = "service", _("Service")

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="areas", verbose_name=_("site")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="area_unique_name_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.site.name} · {self.name}"


class ProductFamily(models.Model):
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="product_families",
        verbose_name=_("company"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("product family")
        verbose_name_plural = _("product families")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="product_family_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Process(models.Model):
    """A process delivering a product or a service, within an area."""

    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="processes", verbose_name=_("area")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="process_unique_name_per_area")
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A Lean method (5S, SMED, problem solving) or a trade of the area (welding, bending)."""

    class Kind(models.TextChoices):
        LEAN = "lean", _("Lean method")
        TRADE = "trade", _("Trade")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="skills", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRADE)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="skill_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="people", verbose_name=_("company")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=200, blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("area"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user"),
    )
    skills = models.ManyToManyField(
        Skill, through="PersonSkill", related_name="people", blank=True, verbose_name=_("skills")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PersonSkill(models.Model):
    """A person's level in a skill, on the ILUO scale used on shop-floor skills matrices."""

    class Level(models.IntegerChoices):
        NOT_TRAINED = 0, _("Not trained")
        IN_TRAINING = 1, _("In training")
        AUTONOMOUS = 2, _("Autonomous")
        CAN_TRAIN = 3, _("Can train others")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="skill_levels", verbose_name=_("person")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="person_levels", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Level.choices, default=Level.NOT_TRAINED
    )

    class Meta:
        verbose_name = _("skill level")
        verbose_name_plural = _("skill levels")
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.skill}: {self.get_level_display()}"
