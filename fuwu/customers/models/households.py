"""Owners and the homes they live in: the households a site serves."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site


class Household(models.Model):
    """One home (房屋) served by a site: a flat in the site's own community, or a customer's home."""

    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="households", verbose_name=_("site")
    )
    # Blank for a community site's own flats; a store's customers live in communities of their own.
    community = models.CharField(_("residential community"), max_length=100, blank=True)
    building = models.CharField(_("building"), max_length=20)
    unit = models.CharField(_("unit"), max_length=20)
    room = models.CharField(_("room"), max_length=20)
    area = models.DecimalField(_("floor area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    residents: models.ManyToManyField[Owner, Residence] = models.ManyToManyField(
        "Owner", through="Residence", related_name="households", verbose_name=_("residents")
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering: ClassVar[list[str]] = ["site__code", "community", "building", "unit", "room"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["site", "community", "building", "unit", "room"],
                name="customers_household_unique_address",
            )
        ]

    def __str__(self) -> str:
        return self.address_of(self.community, self.building, self.unit, self.room)

    @staticmethod
    def address_of(community: str, building: str, unit: str, room: str) -> str:
        """The address as people write it: 3栋2单元1201, with the community first for a store's customer."""
        address = f"{building}栋{unit}单元{room}"
        return f"{community} {address}" if community else address


class Owner(models.Model):
    """A person who lives in or owns a household. No identity-card number is kept."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering: ClassVar[list[str]] = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Residence(models.Model):
    """How a person belongs to a household: as its owner, a tenant or a family member."""

    class Relation(models.TextChoices):
        OWNER = "owner", _("Owner")
        TENANT = "tenant", _("Tenant")
        FAMILY = "family", _("Family member")

    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, verbose_name=_("owner"))
    household = models.ForeignKey(Household, on_delete=models.CASCADE, verbose_name=_("household"))
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        ordering: ClassVar[list[str]] = ["household", "id"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["owner", "household"], name="customers_residence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.owner} · {self.household} ({self.get_relation_display()})"
