"""An employee's shifts of a month — the clock times, the vendor's result and Fuwu's verdict on each — and
HR's corrections by hand: other times for a shift, or a shift the export lacks, always with a reason."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User
from fuwu.regulations.policies import in_force
from fuwu.staff.comparisons.verdicts import vendor_words
from fuwu.staff.facts import next_month
from fuwu.staff.forms import AddShiftForm, ClockForm
from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry
from fuwu.staff.months import month_asked, shifted
from fuwu.staff.selectors import PAYROLL_ROLES, employees_visible_to
from fuwu.staff.services.corrections import add_shift, clock_moment, correct_shift, may_correct


def _person(user: User, asked: str) -> Employee | None:
    """The person asked for (their user id) among those ``user`` may see, else ``user`` themself; Http404
    for anyone else."""
    rows = Employee.objects.select_related("user", "site", "shift")
    if asked:
        if not asked.isdigit():
            raise Http404
        person = rows.filter(pk__in=employees_visible_to(user), user_id=int(asked)).first()
        if person is None:
            raise Http404
        return person
    return rows.filter(user=user).first()


def _back(person: Employee, day: dt.date) -> str:
    query = urlencode({"employee": person.user_id, "month": f"{day:%Y-%m}"})
    return f"{reverse('staff:attendance')}?{query}"


@login_required
@require_GET
def shifts_page(request: HttpRequest) -> HttpResponse:
    """The month's shifts of the signed-in person, or of someone they may see (?employee=, their user id):
    a manager their team's, HR their sites'. HR of the person's site corrects them here."""
    user = signed_in_user(request)
    month = month_asked(request.GET.get("month", ""))
    person = _person(user, request.GET.get("employee", ""))
    people = list(
        employees_visible_to(user)
        .order_by("user__employee_no", "user__display_name")
        .values_list("user_id", "user__display_name", "user__employee_no")
    )
    # The chooser, for whoever sees more than their own (HR, a manager); HR need not be on a payroll.
    others = any(user_id != user.pk for user_id, _name, _number in people)
    context: dict[str, Any] = {"person": person, "month": month, "people": people if others else []}
    if person is None:
        return render(request, "staff/shifts.html", context)
    days = list(
        AttendanceDay.objects.filter(employee=person, day__gte=month, day__lt=next_month(month)).order_by(
            "day", "shift_start", "pk"
        )
    )
    verdicts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if days:
        entries = (
            LedgerEntry.objects.filter(
                employee=person, ref__in=[f"day:{d.pk}" for d in days], reverses__isnull=True
            )
            .values("ref", "kind", "amount", "because", "clause", "reversed_by")
            .order_by("pk")
        )
        for entry in entries:
            verdicts[entry["ref"]].append({**entry, "kind_label": LedgerEntry.Kind(entry["kind"]).label})
    context.update(
        {
            "rows": [(d, vendor_words(d.vendor_result), verdicts.get(f"day:{d.pk}", [])) for d in days],
            "previous": shifted(month, -1),
            "next": shifted(month, 1),
            "may_correct": may_correct(user, person),
        }
    )
    return render(request, "staff/shifts.html", context)


@login_required
@role_required(PAYROLL_ROLES)
@require_http_methods(["GET", "POST"])
def correct_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Other clock times for one shift, with the reason: inline in the shifts page (htmx), or as a page."""
    user = signed_in_user(request)
    day = AttendanceDay.objects.select_related("employee__user", "employee__site").filter(pk=pk).first()
    if day is None or not employees_visible_to(user).filter(pk=day.employee_id).exists():
        raise Http404
    if not may_correct(user, day.employee):
        raise PermissionDenied(gettext("Only HR of the person's site may correct their attendance."))
    zone = in_force(day.employee.site).zone
    initial = {
        "clock_in": day.clock_in.astimezone(zone).time() if day.clock_in else None,
        "clock_out": day.clock_out.astimezone(zone).time() if day.clock_out else None,
    }
    form = ClockForm(request.POST or None, initial=initial)
    htmx = request.headers.get("HX-Request") == "true"
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            clock_in = clock_moment(
                day.day, day.shift_start, day.shift_end, data["clock_in"], zone, after=None
            )
            clock_out = clock_moment(
                day.day, day.shift_start, day.shift_end, data["clock_out"], zone, after=data["clock_in"]
            )
            try:
                done = correct_shift(
                    day, clock_in=clock_in, clock_out=clock_out, reason=data["reason"], by=user
                )
            except Invalid as invalid:
                _add_errors(form, invalid)
            else:
                messages.success(request, _corrected(day, done.ledger.added, done.ledger.reversed))
                back = _back(day.employee, day.day)
                if htmx:  # the whole month again: one correction can move another day's verdict
                    return HttpResponse(status=204, headers={"HX-Redirect": back})
                return redirect(back)
    context = {"day": day, "form": form, "back": _back(day.employee, day.day)}
    if htmx:  # htmx swaps only 2xx answers: the form with its errors comes back as 200
        return render(request, "staff/partials/shift_correct.html", context)
    return render(request, "staff/shift_correct.html", context, status=status)


@login_required
@role_required(PAYROLL_ROLES)
@require_http_methods(["GET", "POST"])
def add_page(request: HttpRequest) -> HttpResponse:
    """A shift the export lacks (?employee=, their user id), with its times and the reason."""
    user = signed_in_user(request)
    asked = request.GET.get("employee", "")
    person = _person(user, asked) if asked else None
    if person is None:
        raise Http404
    if not may_correct(user, person):
        raise PermissionDenied(gettext("Only HR of the person's site may correct their attendance."))
    month = month_asked(request.GET.get("month", ""))
    initial = {"day": month, "shift_start": person.shift.start, "shift_end": person.shift.end}
    form = AddShiftForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            zone = in_force(person.site).zone
            start, end = data["shift_start"], data["shift_end"]
            clock_in = clock_moment(data["day"], start, end, data["clock_in"], zone, after=None)
            clock_out = clock_moment(data["day"], start, end, data["clock_out"], zone, after=data["clock_in"])
            try:
                done = add_shift(
                    person,
                    day=data["day"],
                    shift_start=start,
                    shift_end=end,
                    clock_in=clock_in,
                    clock_out=clock_out,
                    reason=data["reason"],
                    by=user,
                )
            except Invalid as invalid:
                _add_errors(form, invalid)
            except Conflict as conflict:
                form.add_error(None, conflict.message)
            else:
                messages.success(request, _corrected(done.day, done.ledger.added, done.ledger.reversed))
                return redirect(_back(person, data["day"]))
    context = {"person": person, "form": form, "back": _back(person, month)}
    return render(request, "staff/shift_add.html", context, status=status)


def _add_errors(form: ClockForm, invalid: Invalid) -> None:
    for loc, message in invalid.problems:
        field = str(loc[0]) if loc else ""
        form.add_error(field if field in form.fields else None, message)


def _corrected(day: AttendanceDay, added: int, reversed_: int) -> str:
    return gettext(
        "The shift of %(day)s is corrected: %(added)s ledger entries added, %(reversed)s reversed."
    ) % {"day": day.day, "added": added, "reversed": reversed_}
