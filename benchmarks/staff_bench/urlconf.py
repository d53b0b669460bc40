"""The site's URLs plus the baselines of the staff pages: bare views returning the same rows with
``values()`` and no more (no sign-in check, scoping, template or words), as JSON.

Imported as ROOT_URLCONF after ``django.setup()``, so a baseline goes through the same middleware as the
page it stands beside and differs only in the view.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Sum
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path

from fuwu import urls as site_urls
from fuwu.staff.models import Employee, LedgerEntry, PayrollLine

PER_PAGE = 100  # as the month view shows them


def _month(request: HttpRequest) -> dt.date:
    return dt.date.fromisoformat(f"{request.GET['month']}-01")


def _slice(request: HttpRequest) -> slice:
    first = (int(request.GET.get("page", "1")) - 1) * PER_PAGE
    return slice(first, first + PER_PAGE)


def ledger(request: HttpRequest) -> JsonResponse:
    """One person's entries of the month (?employee=<user id>&month=YYYY-MM), newest first."""
    rows = LedgerEntry.objects.filter(employee__user_id=int(request.GET["employee"]), month=_month(request))
    found = list(rows.order_by("-month", "-at", "-id").values())
    return JsonResponse({"results": found}, encoder=DjangoJSONEncoder)


def month_open(request: HttpRequest) -> JsonResponse:
    """A page of a site's people (?site=&month=&page=) by employee number, each with the month's sums by
    kind: the rows of the open month view."""
    month = _month(request)
    people = Employee.objects.filter(site_id=int(request.GET["site"])).order_by("user__employee_no", "pk")
    shown = list(people.values("pk", "user_id", "user__employee_no", "user__display_name")[_slice(request)])
    sums = (
        LedgerEntry.objects.filter(employee_id__in=[row["pk"] for row in shown], month=month)
        .values("employee_id", "kind")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    return JsonResponse({"results": shown, "sums": list(sums)}, encoder=DjangoJSONEncoder)


def month_closed(request: HttpRequest) -> JsonResponse:
    """A page of a closed month's payroll lines (?site=&month=&page=) by employee number, with the
    person's number and name: the rows of the closed month view."""
    lines = PayrollLine.objects.filter(close__site_id=int(request.GET["site"]), close__month=_month(request))
    found = list(
        lines.order_by("employee__user__employee_no", "employee_id").values(
            *[field.attname for field in PayrollLine._meta.concrete_fields],
            "employee__user_id",
            "employee__user__employee_no",
            "employee__user__display_name",
        )[_slice(request)]
    )
    return JsonResponse({"results": found}, encoder=DjangoJSONEncoder)


site_patterns: list[URLPattern | URLResolver] = site_urls.urlpatterns  # type: ignore[assignment]
urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/ledger/", ledger),
    path("bench/month-open/", month_open),
    path("bench/month-closed/", month_closed),
    *site_patterns,
]
