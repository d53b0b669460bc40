"""The reports' pages: each report of a site and period on screen, as a printable A4 page and as Excel,
with when the regulations want it (the duty's due time and clause, from the door)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from fuwu.aftersales.exports import feedback_sheets, parts_cost_sheets, response, summary_sheets
from fuwu.aftersales.reports.duties import FEEDBACK, PARTS_COST, SUMMARY, duties_in
from fuwu.aftersales.reports.feedback import weekly_feedback
from fuwu.aftersales.reports.parts_cost import COLUMNS, parts_cost
from fuwu.aftersales.reports.summary import monthly_summary
from fuwu.aftersales.selectors.access import REPORT_ROLES
from fuwu.aftersales.views.common import chosen_month, chosen_site, month_bounds, week_of
from fuwu.core.access import has_any_role, signed_in_user
from fuwu.core.models import Site, User
from fuwu.core.scoping import site_choices

REPORTS = ("parts-cost", "feedback", "summary")


def _reader(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not has_any_role(user, REPORT_ROLES):
        raise PermissionDenied
    return user


@login_required
@require_GET
def reports_page(request: HttpRequest) -> HttpResponse:
    """The three reports of the site, with this month's and this week's due times."""
    user = _reader(request)
    site = chosen_site(request, user)
    month = chosen_month(request, site)
    start, end = month_bounds(site, month)
    week_start, week_end = week_of(request, site)
    due = duties_in(site, start, end)
    weekly = duties_in(site, week_start, week_end)
    context = {
        "site": site,
        "sites": site_choices(user),
        "month": month,
        "week": week_start.date(),
        "parts_due": due.get(PARTS_COST),
        "summary_due": due.get(SUMMARY),
        "feedback_due": weekly.get(FEEDBACK),
    }
    return render(request, "aftersales/reports.html", context)


def _report(request: HttpRequest, slug: str) -> tuple[Site, dict[str, Any]]:
    user = _reader(request)
    if slug not in REPORTS:
        raise Http404
    site = chosen_site(request, user)
    if slug == "feedback":
        start, end = week_of(request, site)
        label = f"{start.date()} – {(end - dt.timedelta(days=1)).date()}"
        query = f"site={site.code}&week={start.date()}"
        data: dict[str, Any] = {"feedback": weekly_feedback(site, start, end)}
        what = FEEDBACK
    else:
        month = chosen_month(request, site)
        start, end = month_bounds(site, month)
        label, query = str(month), f"site={site.code}&month={month}"
        if slug == "parts-cost":
            data = {"report": parts_cost(site, start, end), "columns": COLUMNS}
            what = PARTS_COST
        else:
            data = {"summary": monthly_summary(site, start, end)}
            what = SUMMARY
    context = {
        "slug": slug,
        "site": site,
        "sites": site_choices(user),
        "label": label,
        "query": query,
        "due": duties_in(site, start, end).get(what),
        "printed_at": timezone.now(),
        **data,
    }
    return site, context


@login_required
@require_GET
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    _site, context = _report(request, slug)
    return render(request, "aftersales/report.html", context)


@login_required
@require_GET
def report_print(request: HttpRequest, slug: str) -> HttpResponse:
    _site, context = _report(request, slug)
    return render(request, "aftersales/report_print.html", context)


@login_required
@require_GET
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponseBase:
    site, context = _report(request, slug)
    label = context["label"]
    if slug == "parts-cost":
        sheets = parts_cost_sheets(context["report"], label)
    elif slug == "feedback":
        sheets = feedback_sheets(context["feedback"], label)
    else:
        sheets = summary_sheets(context["summary"], label)
    return response(sheets, f"{slug}-{site.code}-{label.replace(' ', '')}.xlsx")
