"""Scope helpers for routers: a site named by a client must be one the user may see."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to


def visible_site(user: User, ref: str | int, *, loc: Sequence[str | int] = ("query", "site")) -> Site:
    """The site a client named by code or id, among the user's sites; otherwise Invalid (422) at `loc`.

    A site outside the user's scope is answered exactly like one that does not exist.
    """
    text = str(ref).strip()
    site = sites_visible_to(user).filter(site_named(text)).first()
    if site is None:
        raise Invalid.field(loc, gettext("No site '%(site)s' among the sites you can see.") % {"site": text})
    return site


def site_or_problems(
    user: User, ref: Maybe[str | int], *, loc: Sequence[str | int]
) -> tuple[Site | None, list[FieldProblem]]:
    """`visible_site` for a write that names every bad field at once: the site, or None with its problem
    (None and no problem when the value's shape was bad: that problem is named already)."""
    if ref is UNKNOWN:
        return None, []
    try:
        return visible_site(user, ref, loc=loc), []
    except Invalid as invalid:
        return None, invalid.problems


def site_named(ref: str | int, *, via: str = "") -> Q:
    """The site a client named by code or id, as a condition on Site (or on the relation `via`, such as
    "site" for an order's site), so a list can filter by it without looking the site up first."""
    text = str(ref).strip()
    # An id only when it fits a database integer: a longer number is just a code that does not exist.
    is_id = text.isascii() and text.isdigit() and len(text) <= 18
    prefix = f"{via}__" if via else ""
    match = Q(**{f"{prefix}code": text})
    return match | Q(**{f"{prefix}pk": int(text)}) if is_id else match
