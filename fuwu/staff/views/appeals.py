"""Appeal pages: the employee's appeal of a shift's clock times (from 我的奖惩), an appeal's page with its
decision, the deciders' list of appeals of both kinds, and deciding an appeal (an incident's is decided
on the incident's page, which is its page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fuwu.core.access import signed_in_user
from fuwu.core.errors import UNKNOWN, Conflict, Invalid
from fuwu.core.models import User
from fuwu.regulations.policies import in_force
from fuwu.staff.forms.appeals import ShiftAppealForm
from fuwu.staff.forms.incidents import DecisionNoteForm
from fuwu.staff.models import Appeal, AttendanceDay
from fuwu.staff.selectors import employees_visible_to
from fuwu.staff.selectors.appeals import (
    appeals_visible_to,
    day_ref,
    may_decide_appeal,
    pending_first,
    subject_entries,
    with_subjects,
)
from fuwu.staff.selectors.incidents import entries_by_ref
from fuwu.staff.services import appeals as services
from fuwu.staff.services.corrections import clock_moment

PAGE_SIZE = 50


def _page_of(appeal: Appeal) -> str:
    """Where an appeal is shown: an incident's on the incident's page, a shift's on its own."""
    if appeal.incident_id is not None:
        return reverse("staff:incident", args=[appeal.incident_id]) + "#appeal"
    return reverse("staff:appeal", args=[appeal.pk])


def _claimed(
    day: AttendanceDay, form_time: dt.time | None, kept: dt.datetime | None, *, after: dt.time | None
) -> dt.datetime | None:
    """The moment a time typed on the form claims; None when it is empty or the clock's own (to the
    minute): the clock's time stands."""
    zone = in_force(day.employee.site).zone
    moment = clock_moment(day.day, day.shift_start, day.shift_end, form_time, zone, after=after)
    if moment is None or (kept is not None and moment == kept.replace(second=0, microsecond=0)):
        return None
    return moment


@login_required
@require_http_methods(["GET", "POST"])
def shift_appeal_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's appeal of a shift the ledger charges: the shift, what it gave with the clause, and
    the times they say are right. Someone who sees the shift but whose it is not: 403; anyone else: 404."""
    user = signed_in_user(request)
    day = (
        AttendanceDay.objects.select_related("employee__user", "employee__site")
        .filter(pk=pk, employee__in=employees_visible_to(user))
        .first()
    )
    if day is None:
        raise Http404
    appeal = Appeal.objects.filter(shift_id=day.pk).first()
    if appeal is not None:
        return redirect("staff:appeal", pk=appeal.pk)
    zone = in_force(day.employee.site).zone
    local_in = day.clock_in.astimezone(zone) if day.clock_in else None
    local_out = day.clock_out.astimezone(zone) if day.clock_out else None
    initial = {
        "clock_in": local_in.time() if local_in else None,
        "clock_out": local_out.time() if local_out else None,
    }
    form = ShiftAppealForm(request.POST or None, initial=initial)
    refused = ""
    status = 200
    try:
        services.shift_appeal_problems(day, by=user, reason=UNKNOWN, clock_in=UNKNOWN, clock_out=UNKNOWN)
    except Conflict as conflict:  # nothing to appeal: said on the page, without the form
        refused, status = conflict.message, 409 if request.method == "POST" else 200
    if request.method == "POST" and not refused:
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            clock_in = _claimed(day, data["clock_in"], day.clock_in, after=None)
            after = data["clock_in"] or (local_in.time() if local_in else None)
            clock_out = _claimed(day, data["clock_out"], day.clock_out, after=after)
            try:
                appeal = services.appeal_shift(
                    day, reason=data["reason"], clock_in=clock_in, clock_out=clock_out, by=user
                )
            except Invalid as invalid:
                for loc, message in invalid.problems:
                    name = str(loc[-1])
                    if name not in form.fields:
                        form.add_error(None, message)
                    elif name not in form.errors:  # each field's first problem
                        form.add_error(name, message)
            except Conflict as conflict:
                refused, status = conflict.message, 409
            else:
                messages.success(request, gettext("Appealed: your manager has been told."))
                return redirect("staff:appeal", pk=appeal.pk)
    context = {
        "day": day,
        "entries": entries_by_ref([day_ref(day)])[day_ref(day)],
        "form": form,
        "refused": refused,
    }
    return render(request, "staff/shift_appeal.html", context, status=status)


@login_required
@require_GET
def appeal_list(request: HttpRequest) -> HttpResponse:
    """The appeals the user may see, of incidents and of shifts together, those awaiting a decision
    first; each links to its page."""
    user = signed_in_user(request)
    rows = with_subjects(appeals_visible_to(user))
    state = request.GET.get("state", "")
    if state in Appeal.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    page = Paginator(pending_first(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "lines": [(appeal, _page_of(appeal)) for appeal in page],
        "state": state,
        "states": [("", gettext("All")), *Appeal.State.choices],
    }
    return render(request, "staff/appeals.html", context)


def _visible(user: User, pk: int) -> Appeal:
    found = with_subjects(appeals_visible_to(user)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def appeal_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A shift's appeal: what the clock said and what is claimed, the shift's entries (reversals too once
    upheld), the decision; the decide form for a decider. An incident's appeal is on its incident's page."""
    user = signed_in_user(request)
    appeal = _visible(user, pk)
    if appeal.shift is None:
        return redirect(_page_of(appeal))
    day = appeal.shift
    context: dict[str, Any] = {
        "appeal": appeal,
        "day": day,
        "entries": subject_entries([appeal], user)[appeal.pk],
        "may_decide": appeal.state == Appeal.State.PENDING and may_decide_appeal(user, appeal),
        "note_form": DecisionNoteForm(),
    }
    return render(request, "staff/appeal.html", context)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Uphold (upheld=1: the entries are reversed) or dismiss (upheld=0, with a note) an appeal of either
    kind; back to its page with what happened, or why not (403 for someone who may not decide)."""
    user = signed_in_user(request)
    appeal = _visible(user, pk)
    upheld = request.POST.get("upheld") == "1"
    try:  # PermissionDenied: 403
        services.decide_appeal(appeal, upheld=upheld, note=request.POST.get("note", ""), by=user)
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except Invalid as error:
        messages.error(request, " ".join(message for _loc, message in error.problems))
    else:
        if appeal.incident_id is not None:
            done = (
                gettext("Upheld: the incident is withdrawn and its entries reversed.")
                if upheld
                else gettext("Dismissed: the incident stands.")
            )
        else:
            done = (
                gettext("Upheld: the shift has the times claimed, and the ledger has followed.")
                if upheld
                else gettext("Dismissed: the clock's times stand.")
            )
        messages.success(request, done)
    return redirect(_page_of(appeal))
