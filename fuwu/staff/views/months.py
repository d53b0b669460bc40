"""A site's month for HR (its state, the close with its progress, the payroll and its export) and a
manager's team month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.regulations.policies import in_force
from fuwu.staff.exports import payroll_response
from fuwu.staff.facts import next_month
from fuwu.staff.models import Employee, Job, LedgerEntry, MonthClose, PayrollLine
from fuwu.staff.months import month_asked, month_named, shifted
from fuwu.staff.selectors import PAYROLL_ROLES, employees_visible_to
from fuwu.staff.services import close_jobs
from fuwu.staff.services.close import may_close, month_label
from fuwu.staff.services.ledger import taken
from fuwu.staff.tasks import close_month_job
from fuwu.staff.views.month_rows import PAYROLL_VALUES, PERSON_VALUES, payroll_table, people_table

ZERO = Decimal("0.00")
PER_PAGE = 100


def site_and_month(user: User, code: str, month: str) -> tuple[Site, dt.date]:
    """The site (by code, among the user's) and month of a page address; 404 for either unknown."""
    site = sites_visible_to(user).filter(code=code).first()
    if site is None:
        raise Http404
    try:
        return site, month_named(month, loc=("path", "month"))
    except Invalid:
        raise Http404 from None


def person_sums(ids: list[int], month: dt.date) -> dict[int, dict[str, Decimal]]:
    """The month's entries of these people added up by the database, by person and kind (one query)."""
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = LedgerEntry.objects.filter(employee_id__in=ids, month=month).values_list("employee_id", "kind")
    for employee_id, kind, amount in rows.annotate(amount=Sum("amount")).order_by():
        # SQLite adds decimals up as floating point: back to the cent the entries are kept in.
        sums[employee_id][kind] = Decimal(amount).quantize(ZERO, ROUND_HALF_UP)
    return sums


def _sums_line(kinds: dict[str, Decimal]) -> dict[str, Decimal]:
    """A person's fines, deductions (with compensation), rewards and what they take in all."""
    return {
        "fines": kinds.get("fine", ZERO),
        "deductions": kinds.get("deduction", ZERO) + kinds.get("compensation", ZERO),
        "rewards": kinds.get("reward", ZERO),
        "net": taken(kinds),
    }


def ledger_sums(people: QuerySet[Employee] | list[Employee], month: dt.date) -> list[dict[str, Any]]:
    """Each person's fines, deductions (with compensation), rewards and what they take in all for the
    month: the sums added up by the database, two queries whatever the number of people or entries."""
    chosen = (
        people
        if isinstance(people, list)
        else list(people.select_related("user").order_by("user__employee_no", "pk"))
    )
    sums = person_sums([person.pk for person in chosen], month)
    return [{"person": person, **_sums_line(sums.get(person.pk, {}))} for person in chosen]


def _page(request: HttpRequest, rows: QuerySet[Any]) -> Page[Any]:
    """The page asked for (?page=N) of ``rows``, ``PER_PAGE`` a page: a site's ten thousand people are
    read a hundred at a time. ``rows`` are the ids in order, and the page's rows are read by them in the
    same statement (``pk__in`` the page): sorting ten thousand whole rows, people and users, to skip all
    but a hundred took a deep page's time."""
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def _person_matches(search: str, via: str) -> Q:
    """People whose employee number or name holds ``search``."""
    return Q(**{f"{via}user__employee_no__icontains": search}) | Q(
        **{f"{via}user__display_name__icontains": search}
    )


def _month_sums(site: Site, month: dt.date) -> dict[str, Decimal]:
    """The site's month in all, by kind (one query): what the open month takes so far.

    Each kind's sum is a filtered aggregate in one pass over the entries, not a ``GROUP BY kind``: SQLite
    sorted the 44,000 entries of a site of 10,000 people by kind first, half of the statement's time."""
    rows = LedgerEntry.objects.filter(site=site, month=month).aggregate(
        **{kind: Sum("amount", filter=Q(kind=kind)) for kind in LedgerEntry.Kind.values}
    )
    # SQLite adds decimals up as floating point: back to the cent the entries are kept in.
    sums = {
        kind: Decimal(amount).quantize(ZERO, ROUND_HALF_UP)
        for kind, amount in rows.items()
        if amount is not None
    }
    return {
        "fines": sums.get("fine", ZERO),
        "deductions": sums.get("deduction", ZERO) + sums.get("compensation", ZERO),
        "rewards": sums.get("reward", ZERO),
        "net": taken(sums),
    }


def _has_ended(site: Site, month: dt.date) -> bool:
    return timezone.localdate(timezone=in_force(site).zone) >= next_month(month)


@login_required
@role_required(PAYROLL_ROLES)
@require_GET
def month_page(request: HttpRequest) -> HttpResponse:
    """A site's month for HR: open or closed (by whom, when); open, each person's ledger sums and the close
    button; closing, its progress; closed, the payroll lines, their totals and the Excel export."""
    user = signed_in_user(request)
    month = month_asked(request.GET.get("month", ""))
    sites = list(sites_visible_to(user).order_by("code"))
    site = next((s for s in sites if str(s.pk) == request.GET.get("site")), sites[0] if sites else None)
    context: dict[str, Any] = {
        "sites": sites,
        "site": site,
        "month": month,
        "label": month_label(month),
        "previous": shifted(month, -1),
        "next": shifted(month, 1),
        "lines": [],
        "close": None,
    }
    if site is not None:
        close = MonthClose.objects.filter(site=site, month=month).select_related("closed_by").first()
        job = (
            Job.objects.filter(kind=Job.Kind.CLOSE, site=site, month=month)
            .order_by("-created_at", "-pk")
            .first()
        )
        context["close"] = close
        search = request.GET.get("q", "").strip()[:50]
        context["q"] = search
        label = month_label(month)
        if close is not None:
            payroll = PayrollLine.objects.filter(close=close)
            if search:
                payroll = payroll.filter(_person_matches(search, "employee__"))
            order = ("employee__user__employee_no", "employee_id")
            context["page"] = page = _page(request, payroll.order_by(*order).values_list("pk", flat=True))
            paid = PayrollLine.objects.filter(pk__in=page.object_list).order_by(*order)
            reviews = f"{reverse('staff:reviews')}?site={site.pk}"
            context["payroll_table"] = payroll_table(paid.values(*PAYROLL_VALUES), label, reviews)
        else:
            people = employees_visible_to(user).filter(site=site)
            if search:
                people = people.filter(_person_matches(search, ""))
            order = ("user__employee_no", "pk")
            context["page"] = page = _page(request, people.order_by(*order).values_list("pk", flat=True))
            shown = Employee.objects.filter(pk__in=page.object_list).order_by(*order).values(*PERSON_VALUES)
            rows = list(shown)
            sums = person_sums([row["pk"] for row in rows], month)
            context["lines"] = lines = [{**row, **_sums_line(sums.get(row["pk"], {}))} for row in rows]
            context["people_table"] = people_table(lines, label)
            context["month_sums"] = _month_sums(site, month)
        running = job is not None and job.state in close_jobs.RUNNING and not close_jobs.is_stale(job)
        context["job"] = job if running else None
        if running and job is not None:
            context["done"], context["of"] = close_jobs.progress_of(job)
        context["refused"] = (
            job if (close is None and job is not None and job.state == Job.State.REFUSED) else None
        )
        context["may_close"] = (
            close is None and not running and may_close(user, site) and _has_ended(site, month)
        )
        context["ended"] = _has_ended(site, month)
    return render(request, "staff/month.html", context)


@login_required
@role_required(PAYROLL_ROLES)
@require_POST
def close_start(request: HttpRequest, site: str, month: str) -> HttpResponse:
    """Queue the month's close for the worker (the page then shows its progress)."""
    user = signed_in_user(request)
    chosen, first = site_and_month(user, site, month)
    back = f"{reverse('staff:month')}?site={chosen.pk}&month={month_label(first)}"
    try:
        job = close_jobs.start_close(chosen, first, by=user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return redirect(back)
    transaction.on_commit(lambda: close_month_job(job.pk))
    return redirect(back)


@login_required
@role_required(PAYROLL_ROLES)
@require_GET
def close_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The running close's progress bar (polled by htmx); once it has finished, the month page again."""
    user = signed_in_user(request)
    job = get_object_or_404(Job.objects.filter(kind=Job.Kind.CLOSE, site__in=sites_visible_to(user)), pk=pk)
    assert job.month is not None
    back = f"{reverse('staff:month')}?site={job.site_id}&month={month_label(job.month)}"
    if job.state not in close_jobs.RUNNING or close_jobs.is_stale(job):
        response = HttpResponse() if request.headers.get("HX-Request") else redirect(back)
        response["HX-Redirect"] = back
        return response
    done, of = close_jobs.progress_of(job)
    return render(request, "staff/close_progress.html", {"job": job, "done": done, "of": of})


@login_required
@role_required(PAYROLL_ROLES)
@require_GET
def payroll_download(request: HttpRequest, site: str, month: str) -> HttpResponseBase:
    """The payroll workbook of a closed month; 409 with a sentence while it is open."""
    user = signed_in_user(request)
    chosen, first = site_and_month(user, site, month)
    if not may_close(user, chosen):
        raise PermissionDenied
    close = MonthClose.objects.filter(site=chosen, month=first).select_related("site").first()
    if close is None:
        context = {"site": chosen, "month": first, "label": month_label(first)}
        return render(request, "staff/payroll_open.html", context, status=409)
    return payroll_response(close)


@login_required
@require_GET
def team_page(request: HttpRequest) -> HttpResponse:
    """A manager's team month: the people they manage, each with the month's ledger sums, and whether the
    month is closed at their sites. Someone who manages nobody sees that."""
    user = signed_in_user(request)
    month = month_asked(request.GET.get("month", ""))
    team = Employee.objects.filter(manager=user)
    lines = ledger_sums(team, month)
    sites = {line["person"].site_id for line in lines}
    closes = (
        list(MonthClose.objects.filter(site_id__in=sites, month=month).select_related("site", "closed_by"))
        if sites
        else []
    )
    context = {
        "month": month,
        "label": month_label(month),
        "previous": shifted(month, -1),
        "next": shifted(month, 1),
        "lines": lines,
        "closes": closes,
        "open_sites": len(sites) - len(closes),
    }
    return render(request, "staff/team.html", context)
