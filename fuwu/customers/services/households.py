"""Writes to households and owners. Every function runs in one transaction and records audit entries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction

from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.customers.models import Household, Owner, Residence


def household_create(
    *,
    site: Site,
    building: str,
    unit: str,
    room: str,
    community: str = "",
    area: Decimal | None = None,
    moved_in_on: date | None = None,
    by: User | None,
) -> Household:
    """Create a household at a site and record it; a duplicate address is refused by validation."""
    with transaction.atomic():
        household = Household(
            site=site,
            community=community,
            building=building,
            unit=unit,
            room=room,
            area=area,
            moved_in_on=moved_in_on,
        )
        household.full_clean()
        household.save()
        audit.record_created(
            household,
            actor=by,
            action="household.create",
            site=site,
        )
        return household


def owner_register(
    *,
    name: str,
    phone: str = "",
    households: Iterable[Household],
    relation: Residence.Relation = Residence.Relation.OWNER,
    since: date | None = None,
    by: User | None,
) -> Owner:
    """Register a person and how they belong to each household (since defaults to its move-in date)."""
    homes = list(households)
    with transaction.atomic():
        owner = Owner(name=name, phone=phone)
        owner.full_clean()
        owner.save()
        site_ids = {home.site_id for home in homes}
        audit.record_created(
            owner,
            actor=by,
            action="owner.register",
            # An owner of homes at two sites belongs to neither alone.
            site=homes[0].site if len(site_ids) == 1 else None,
            extra={"households": [home.pk for home in homes]},
        )
        for home in homes:
            residence = Residence(
                owner=owner, household=home, relation=relation, since=since or home.moved_in_on
            )
            residence.full_clean()
            residence.save()
            audit.record_created(
                residence,
                actor=by,
                action="residence.create",
                site=home.site,
            )
        return owner
