"""Reads of households, scoped to the sites the user may see."""

from __future__ import annotations

import re

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length

from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.lookup.keys import parse_address, place_key
from fuwu.customers.models import Household, Residence

# "3栋2单元501", "3栋501", "3栋": the way an address is written on the page is also how it is searched.
ADDRESS = re.compile(
    r"^(?P<building>[0-9A-Za-z-]+)\s*栋\s*(?:(?P<unit>[0-9A-Za-z-]+)\s*单元)?\s*(?P<room>[0-9A-Za-z-]*)$"
)


def households_visible_to(user: User, *, site: Site | None = None, search: str = "") -> QuerySet[Household]:
    """Households of the user's sites, each with its residents (owner first), filtered by site and search."""
    residents = Residence.objects.select_related("owner").order_by(
        Case(
            When(relation=Residence.Relation.OWNER, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "id",
    )
    households = (
        Household.objects.filter(site__in=sites_visible_to(user))
        .select_related("site")
        .prefetch_related(Prefetch("residence_set", queryset=residents))
        # Numbers are text ("10栋" after "9栋"): shorter first, then alphabetical, reads as numeric order.
        .order_by(
            "site__code",
            "community",
            *(key for name in ("building", "unit", "room") for key in (Length(name), name)),
        )
    )
    if site is not None:
        households = households.filter(site=site)
    search = search.strip()
    if search:
        households = households.filter(_matches(search))
    return households


def _matches(search: str) -> Q:
    address = ADDRESS.match(search)
    if address:
        q = Q(building=address["building"])
        if address["unit"]:
            q &= Q(unit=address["unit"])
        if address["room"]:
            q &= Q(room=address["room"])
        return q
    by_owner = Residence.objects.filter(owner__name__icontains=search).values("household_id")
    return (
        Q(building=search) | Q(room__icontains=search) | Q(community__icontains=search) | Q(pk__in=by_owner)
    )


def household_at(site: Site, address: str) -> Household | None:
    """The site's household at the flat ``address`` names (滨江花苑 5栋1单元1201, 5-1-1201), when there is
    exactly one; its community, when written, must be the household's (or, for a community's own flats,
    the site's name)."""
    flat = parse_address(address) if address.strip() else None
    if flat is None:
        return None
    rows = Household.objects.filter(site=site, building=flat.building, room=flat.room)
    if flat.unit:
        rows = rows.filter(unit=flat.unit)
    found = [
        home for home in rows[:5] if not flat.place or place_key(home.community or site.name) == flat.place
    ]
    return found[0] if len(found) == 1 else None
