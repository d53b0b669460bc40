"""The KPI dashboard and the orders behind each of its figures."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.models import User
from fuwu.orders import labels
from fuwu.orders.selectors import technicians_of
from fuwu.reports import dashboard
from fuwu.reports.kpis import orders_behind, scope_of
from fuwu.reports.params import KPI_READERS, select

ORDERS_PER_PAGE = 50


@login_required
@role_required(KPI_READERS)
@require_GET
def kpis(request: HttpRequest) -> HttpResponse:
    """The month's KPIs of one site against their clauses' targets, six months of trend, per technician."""
    chosen = select(signed_in_user(request), request.GET, strict=False)
    board = dashboard.build(chosen.site, chosen.month, chosen.technician_id)
    context = {
        "board": board,
        "sites": chosen.sites,
        "technicians": list(technicians_of(chosen.site.pk)),
        "query": f"site={chosen.site.pk}&month={chosen.month}",
    }
    return render(request, "reports/kpis.html", context)


@login_required
@role_required(KPI_READERS)
@require_GET
def orders(request: HttpRequest, clause: str) -> HttpResponse:
    """The orders counted in a figure's numerator (hit=1) or in the rest of its denominator (hit=0)."""
    chosen = select(signed_in_user(request), request.GET, strict=True)
    hit = request.GET.get("hit", "1")
    if hit not in ("0", "1"):
        raise BadRequest("hit must be 0 or 1")
    scope = scope_of(chosen.site, chosen.month, chosen.technician_id)
    quota = next((q for q in scope.rules.quotas if q.clause == clause), None)
    if quota is None:
        raise Http404("no such quota clause in force")
    try:
        rows = orders_behind(scope, quota.metric, hit == "1")
    except ValueError as error:
        raise Http404("this clause is not counted over orders") from error
    rows = rows.select_related("technician", "household").order_by("-received_at", "-pk")
    page = Paginator(rows, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    technician = User.objects.filter(pk=chosen.technician_id).first() if chosen.technician_id else None
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "quota": quota,
        "hit": hit == "1",
        "site": chosen.site,
        "month": chosen.month,
        "technician": technician,
        "page": page,
        "filters": filters.urlencode(),
        "statuses": labels.STATUS,
    }
    return render(request, "reports/orders.html", context)
