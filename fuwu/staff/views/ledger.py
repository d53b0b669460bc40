"""我的奖惩: an employee's ledger of a month (importing is in ``views.imports``, the month views in
``views.months``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from fuwu.core.access import signed_in_user
from fuwu.staff.models import Employee, LedgerEntry, MonthClose, PayrollLine
from fuwu.staff.months import month_asked, shifted
from fuwu.staff.selectors import employees_visible_to, ledger_of, may_import
from fuwu.staff.selectors.appeals import appeal_marks
from fuwu.staff.services.ledger import taken


@login_required
@require_GET
def ledger_page(request: HttpRequest) -> HttpResponse:
    """我的奖惩: the month's entries of the signed-in person, or of someone they may see (?employee=), whether
    the month is closed, and for an entry of an earlier month's facts which month it belongs to."""
    user = signed_in_user(request)
    month = month_asked(request.GET.get("month", ""))
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
    marks = appeal_marks(entries) if person.user_id == user.pk else {}
    by_kind: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        by_kind[entry.kind] += entry.amount
    periods = {entry.period for entry in entries} | {month}
    closes = {
        close.month: close
        for close in MonthClose.objects.filter(site_id=person.site_id, month__in=periods).select_related(
            "closed_by"
        )
    }
    close = closes.get(month)
    # The pay itself is the person's and HR's to see, not their manager's.
    sees_pay = close is not None and (person.user_id == user.pk or may_import(user))
    context = {
        "person": person,
        "month": month,
        "previous": shifted(month, -1),
        "next": shifted(month, 1),
        "close": close,
        "pay": PayrollLine.objects.filter(close=close, employee=person).first() if sees_pay else None,
        "entries": entries,
        # The person's own charges from the clock: where to appeal each, or its appeal (two queries at most).
        "rows": [(entry, _landed(entry, closes), marks.get(entry.pk)) for entry in entries],
        "by_kind": [(LedgerEntry.Kind(kind).label, amount) for kind, amount in sorted(by_kind.items())],
        "net": taken(by_kind),
    }
    return render(request, "staff/ledger.html", context)


def _landed(entry: LedgerEntry, closes: dict[dt.date, MonthClose]) -> str:
    """For an entry counted in a later payroll month than its facts', which month it belongs to and why it
    counts in this one: a correction made after that month was closed, or (compensation carried over the
    20 % cap) an amount due later. '' for an entry of the month itself."""
    if entry.period == entry.month:
        return ""
    names = {"period": f"{entry.period:%Y-%m}", "month": f"{entry.month:%Y-%m}"}
    closed = closes.get(entry.period)
    if closed is not None and entry.at >= closed.closed_at:
        return gettext("A correction of %(period)s, counted in %(month)s") % names
    return gettext("Of %(period)s, counted in %(month)s") % names
