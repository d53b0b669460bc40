"""Requests raised in calls (p16.b4's note): the open ones of the customers the user sees — a supervisor
those reported to them first — and one request's page with its next step: study, report to the
supervisor, the solution found, the customer told (the same day: met or late)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import has_any_role, role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.forms import NoteForm, SolveForm, TellForm, now_local, show_problems
from fuwu.followup.models import CallRequest
from fuwu.followup.selectors.scoped import requests_visible_to
from fuwu.followup.services import complaints, requests
from fuwu.followup.services.requests import telling

ACTIONS = ("escalate", "study", "solve", "tell")


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def requests_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    shown = request.GET.get("state", "open")
    rows = requests_visible_to(user).select_related("customer", "call__by")
    if shown == "escalated":
        rows = rows.filter(state=CallRequest.State.ESCALATED)
    elif shown == "open":
        rows = rows.filter(state__in=CallRequest.OPEN_STATES)
    else:
        shown = "all"
    now = timezone.now()
    found = list(
        rows.order_by("due", "pk")[:200] if shown != "all" else rows.order_by("-raised_at", "-pk")[:200]
    )
    context = {
        "rows": [(row, telling(row, now)) for row in found],
        "shown": shown,
        "supervises": has_any_role(user, SUPERVISING_ROLES),
        "now": now,
    }
    return render(request, "followup/requests.html", context)


def _request(request: HttpRequest, pk: int) -> CallRequest:
    found = (
        requests_visible_to(signed_in_user(request))
        .select_related("customer", "site", "call__by", "escalated_by", "solved_by", "told_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _request(request, pk))


def _render(
    request: HttpRequest,
    row: CallRequest,
    forms: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    context = {
        "row": row,
        "telling": telling(row),
        "complaint_link": complaints.link(row.complaint_id),
        "note_form": forms.get("study") or NoteForm(initial={"note": row.study_note}),
        "solve_form": forms.get("solve") or SolveForm(),
        "tell_form": forms.get("tell") or TellForm(initial={"at": now_local(), "via": "call"}),
        "now": timezone.now(),
    }
    return render(request, "followup/request.html", context, status=status)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    user = signed_in_user(request)
    row = _request(request, pk)
    forms: dict[str, object] = {}
    try:
        if action == "escalate":
            requests.escalate(row, by=user)
            messages.success(request, gettext("Reported to the supervisor."))
        elif action == "study":
            form = NoteForm(request.POST)
            forms["study"] = form
            if not form.is_valid():
                return _render(request, row, forms, 422)
            requests.study(row, by=user, note=form.cleaned_data["note"])
            messages.success(request, gettext("Study notes saved."))
        elif action == "solve":
            solve = SolveForm(request.POST)
            forms["solve"] = solve
            if not solve.is_valid():
                return _render(request, row, forms, 422)
            requests.solve(row, by=user, solution=solve.cleaned_data["solution"])
            messages.success(request, gettext("Solution saved: tell the customer today."))
        else:
            tell = TellForm(request.POST)
            forms["tell"] = tell
            if not tell.is_valid():
                return _render(request, row, forms, 422)
            data = tell.cleaned_data
            requests.tell(row, by=user, via=data["via"], at=data["at"], note=data["note"])
            messages.success(request, gettext("The customer has been told."))
    except Invalid as error:
        target = forms.get(action)
        if isinstance(target, NoteForm | SolveForm | TellForm):
            show_problems(target, error)
            return _render(request, _request(request, pk), forms, 422)
        messages.error(request, "；".join(message for _loc, message in error.problems))
    except Conflict as conflict:
        messages.error(request, conflict.message)
    return redirect("followup:request", row.pk)
