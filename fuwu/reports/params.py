"""Which site, month and technician a reports request asks for, among what the user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict
from django.utils import timezone

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.regulations.policies import in_force
from fuwu.reports.months import Month

# Roles that answer for the figures: the menu, the pages and the exports share this set.
KPI_READERS: frozenset[Role] = frozenset(
    {Role.GENERAL_MANAGER, Role.SUPERVISOR, Role.DISPATCHER, Role.VISITOR_AGENT}
)


@dataclass(frozen=True)
class Selection:
    site: Site
    month: Month
    technician_id: int | None
    sites: list[Site]


def current_month(site: Site) -> Month:
    return Month.containing(timezone.now(), in_force(site).zone)


def select(user: User, query: QueryDict, *, strict: bool) -> Selection:
    """Read ``site`` (id or code), ``month`` (YYYY-MM) and ``technician`` (id) from the query.

    Lenient (a page's filters): a bad or foreign value falls back to the default — the first of the
    user's sites, the current local month, every technician. Strict (drill-down, exports): a site
    outside the user's sites is 404, a malformed month or technician is 400. A user with no site is 404.
    """
    sites = list(sites_visible_to(user).order_by("name", "pk"))
    if not sites:
        raise Http404("no site")
    wanted = (query.get("site") or "").strip()
    site = next((s for s in sites if wanted in (str(s.pk), s.code)), None) if wanted else None
    if site is None:
        if strict and wanted:
            raise Http404("site outside the user's sites")
        site = sites[0]
    try:
        written = str(query.get("month") or "")
        month = Month.parse(written) if written else current_month(site)
    except ValueError as error:
        if strict:
            raise BadRequest(str(error)) from error
        month = current_month(site)
    technician = (query.get("technician") or "").strip()
    if technician and not technician.isdigit():
        if strict:
            raise BadRequest("technician must be a user id")
        technician = ""
    return Selection(site, month, int(technician) if technician else None, sites)
