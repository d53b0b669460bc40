"""Staff pages: importing attendance, 我的奖惩 (an employee's ledger) and a site's month for HR."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from fuwu.core.access import role_required
from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.forms import ImportForm
from fuwu.staff.models import AttendanceImport, Employee, LedgerEntry
from fuwu.staff.months import month_named
from fuwu.staff.selectors import PAYROLL_ROLES, employees_visible_to, ledger_of
from fuwu.staff.services.attendance import ImportRefused, Problem, import_attendance
from fuwu.staff.services.ledger import taken

ZERO = Decimal("0.00")  # money shows its two places, even when nothing was taken


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required
    return user


def _month(request: HttpRequest) -> dt.date:
    """The month asked for (?month=YYYY-MM), this month when none or a bad one is given."""
    text = request.GET.get("month", "")
    if text:
        try:
            return month_named(text, loc=("query", "month"))
        except Invalid:
            pass
    return timezone.localdate().replace(day=1)


def _shifted(month: dt.date, by: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)


@login_required
@role_required(PAYROLL_ROLES)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """HR uploads an export as it came from the clock or the app; bad files are refused whole."""
    user = _user(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=user)
    problems: list[Problem] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                done = import_attendance(
                    site=form.cleaned_data["site"],
                    data=upload.read(),
                    filename=upload.name,
                    source=form.cleaned_data["source"] or None,
                    by=user,
                )
            except ImportRefused as refused:
                problems = refused.problems
            else:
                batch = done.batch
                messages.success(
                    request,
                    gettext(
                        "Imported %(rows)s shifts of %(people)s people (%(first)s to %(last)s): "
                        "%(added)s ledger entries added, %(reversed)s reversed."
                    )
                    % {
                        "rows": batch.rows,
                        "people": batch.employees,
                        "first": batch.first_day,
                        "last": batch.last_day,
                        "added": done.ledger.added,
                        "reversed": done.ledger.reversed,
                    },
                )
                return redirect("staff:import")
    recent = (
        AttendanceImport.objects.filter(site__in=sites_visible_to(user))
        .select_related("site", "by")
        .order_by("-at")[:10]
    )
    context = {"form": form, "problems": problems, "recent": recent}
    return render(request, "staff/import.html", context, status=status)


@login_required
@require_GET
def ledger_page(request: HttpRequest) -> HttpResponse:
    """我的奖惩: the month's entries of the signed-in person, or of someone they may see (?employee=)."""
    user = _user(request)
    month = _month(request)
    visible = employees_visible_to(user)
    asked = request.GET.get("employee", "")
    if asked:
        if not asked.isdigit():
            raise Http404
        person = visible.select_related("user", "site").filter(user_id=int(asked)).first()
    else:
        person = Employee.objects.select_related("user", "site").filter(user=user).first()
    if person is None:
        if asked:
            raise Http404
        return render(request, "staff/ledger.html", {"person": None, "month": month})
    entries = list(ledger_of(Employee.objects.filter(pk=person.pk), month))
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        by_kind[entry.kind] += entry.amount
    context = {
        "person": person,
        "month": month,
        "previous": _shifted(month, -1),
        "next": _shifted(month, 1),
        "entries": entries,
        "by_kind": [(LedgerEntry.Kind(kind).label, amount) for kind, amount in sorted(by_kind.items())],
        "net": taken(by_kind),
    }
    return render(request, "staff/ledger.html", context)


@login_required
@role_required(PAYROLL_ROLES)
@require_GET
def month_page(request: HttpRequest) -> HttpResponse:
    """A site's month for HR: each person's fines, deductions and rewards, and what they take in all."""
    user = _user(request)
    month = _month(request)
    sites = list(sites_visible_to(user).order_by("code"))
    site = next((s for s in sites if str(s.pk) == request.GET.get("site")), sites[0] if sites else None)
    lines: list[dict[str, object]] = []
    if site is not None:
        people = (
            employees_visible_to(user).filter(site=site).select_related("user").order_by("user__employee_no")
        )
        # The month's sums by person and kind, added up by the database.
        sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
        rows = LedgerEntry.objects.filter(site=site, month=month).values_list("employee_id", "kind")
        for employee_id, kind, amount in rows.annotate(amount=Sum("amount")).order_by():
            sums[employee_id][kind] = amount
        for person in people:
            kinds = sums.get(person.pk, {})
            lines.append(
                {
                    "person": person,
                    "fines": kinds.get("fine", ZERO),
                    "deductions": kinds.get("deduction", ZERO) + kinds.get("compensation", ZERO),
                    "rewards": kinds.get("reward", ZERO),
                    "net": taken(kinds),
                }
            )
    context = {
        "sites": sites,
        "site": site,
        "month": month,
        "previous": _shifted(month, -1),
        "next": _shifted(month, 1),
        "lines": lines,
    }
    return render(request, "staff/month.html", context)
