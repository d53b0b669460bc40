"""GET /kpis: one row per order quota clause in force at a site, for a local month (contract: KPIs).

Mounted by fuwu.api (ROUTERS). Values and targets are decimal strings with 4 places ("0.9650") or null;
a malformed month or a site that does not exist answers 422 naming the field; a site outside the caller's
sites answers 404; roles other than the KPI readers answer 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema
from pydantic import Field

from fuwu.core.access import has_any_role
from fuwu.core.api.auth import current_user
from fuwu.core.api.formats import rate
from fuwu.core.api.schemas import FIRST_YEAR, LAST_YEAR, ObjectId
from fuwu.core.errors import Invalid
from fuwu.core.models import Site
from fuwu.core.scoping import sites_visible_to
from fuwu.reports.kpis import KpiFigure, kpis
from fuwu.reports.months import Month
from fuwu.reports.params import KPI_READERS

router = Router(tags=["KPIs"])


class KpiFilters(Schema):
    site: str = Field(description="The site, by code or id.")
    month: str = Field(description="The month, YYYY-MM, in the site's local time (Asia/Shanghai).")
    technician: ObjectId | None = Field(None, description="Only the orders of this technician (user id).")


class KpiOut(Schema):
    clause: str = Field(description="The quota clause (p10.3.2b …).")
    name: str = Field(description="The metric's name: 及时率, 返修率, 满意率, 回访率.")
    value: str | None = Field(description='The rate with 4 places ("0.9650"); null when nothing was counted.')
    target: str | None = Field(description="The clause's target with 4 places.")
    holds: bool | None = Field(
        description="Whether the value meets the target; null when nothing was counted."
    )
    numerator: int
    denominator: int


class KpiList(Schema):
    results: list[KpiOut]


def _out(figure: KpiFigure) -> KpiOut:
    return KpiOut(
        clause=figure.clause,
        name=figure.name,
        value=None if figure.value is None else rate(figure.value),
        target=None if figure.target is None else rate(figure.target),
        holds=figure.holds,
        numerator=figure.numerator,
        denominator=figure.denominator,
    )


@router.get("/kpis", response=KpiList, summary="KPIs of a site for a month")
def list_kpis(request: HttpRequest, filters: Query[KpiFilters]) -> KpiList:
    """On-time rate, rework rate, satisfaction and visit coverage (p10.3.2b–d, p15.r1), one row per quota
    clause in force, counted over the stored orders, deadlines and visits; equal to the engine's `kpi`
    decisions over the same facts."""
    user = current_user(request)
    if not has_any_role(user, KPI_READERS):
        raise PermissionDenied(
            gettext("Only the general manager, supervisors, dispatchers and visit agents see KPIs.")
        )
    problems: list[tuple[tuple[str, str], str]] = []
    month: Month | None = None
    try:
        month = Month.parse(filters.month)
    except ValueError:
        wrong = gettext("Write the month as YYYY-MM, not '%(month)s'.") % {"month": filters.month}
        problems.append((("query", "month"), wrong))
    else:
        if not FIRST_YEAR <= month.year <= LAST_YEAR:
            between = gettext("Give a month between %(first)s-01 and %(last)s-12.")
            problems.append((("query", "month"), between % {"first": FIRST_YEAR, "last": LAST_YEAR}))
            month = None
    text = filters.site.strip()
    # An id only in ASCII digits ("²" is a digit to str.isdigit, but not to int()).
    named = Q(code=text) | Q(pk=int(text)) if text.isascii() and text.isdigit() else Q(code=text)
    site = Site.objects.filter(named).first()
    if site is None:
        problems.append((("query", "site"), gettext("No site '%(site)s'.") % {"site": text}))
    if problems:
        raise Invalid(problems)
    assert site is not None and month is not None
    if not sites_visible_to(user).filter(pk=site.pk).exists():
        raise Http404("site outside the caller's sites")
    return KpiList(results=[_out(figure) for figure in kpis(site, month, filters.technician)])
