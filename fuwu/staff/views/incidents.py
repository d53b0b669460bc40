"""Incident pages: the list (what waits for a decision first), recording one by its clause, and the
incident's page with its proposed entries, approval, the employee's appeal and its decision (decided
through views.appeals.appeal_decide, as a shift's appeal is)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fuwu.core.access import signed_in_user
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid
from fuwu.core.models import User
from fuwu.regulations.clauses import incident_clause
from fuwu.staff.facts import subject_of
from fuwu.staff.forms.incidents import AppealForm, DecisionNoteForm, IncidentForm, needs
from fuwu.staff.models import Appeal, Incident, LedgerEntry
from fuwu.staff.selectors.incidents import (
    entries_of,
    incidents_visible_to,
    may_decide,
    may_record,
    sees_whole,
    waiting_first,
)
from fuwu.staff.services import appeals
from fuwu.staff.services import incidents as services
from fuwu.staff.services.incident_effects import local_day

PAGE_SIZE = 50
# The list's filters: the incident's state, or an appeal awaiting its decision.
FILTERS = {**{state: {"state": state} for state in Incident.State.values}, "appealed": {}}


@login_required
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    """Incidents the user may see; those awaiting approval or an appeal's decision first."""
    user = signed_in_user(request)
    rows = incidents_visible_to(user).select_related("employee__user", "site", "appeal")
    state = request.GET.get("state", "")
    if state == "appealed":
        rows = rows.filter(appeal__state=Appeal.State.PENDING)
    elif state in Incident.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    page = Paginator(waiting_first(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    lines = [{"incident": i, "amounts": _amounts(i), "waiting": _waiting(i)} for i in page]
    context = {
        "page": page,
        "lines": lines,
        "state": state,
        "states": [("", gettext("All")), *Incident.State.choices, ("appealed", gettext("Appeal to decide"))],
        "may_record": may_record(user),
    }
    return render(request, "staff/incidents.html", context)


def _amounts(incident: Incident) -> list[str]:
    """What the incident gives its employee, as proposed: 罚款 10.00 元 …"""
    kinds = dict(LedgerEntry.Kind.choices)
    return [
        f"{kinds.get(p.get('kind', ''), '')} {p['amount']} 元"
        for p in incident.proposed
        if isinstance(p, dict) and p.get("employee") == incident.employee.user_id and p.get("amount")
    ]


def _waiting(incident: Incident) -> bool:
    if incident.state == Incident.State.RECORDED:
        return True
    appeal: Appeal | None = getattr(incident, "appeal", None)
    return appeal is not None and appeal.state == Appeal.State.PENDING


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest) -> HttpResponse:
    """Record an incident by its clause; the engine's entries wait for the approver."""
    user = signed_in_user(request)
    if not may_record(user):
        raise PermissionDenied
    form = IncidentForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                incident = services.record_incident(
                    employee=data["employee"], clause=data["clause"], at=data["at"], note=data["note"],
                    amount=data["amount"], cost=data["cost"], concealed=data["concealed"],
                    manager_on_duty=data["manager_on_duty"], by=user,
                )  # fmt: skip
            except Invalid as error:
                _show(form, error.problems)
            else:
                messages.success(request, gettext("Recorded: the approver has been told."))
                return redirect("staff:incident", pk=incident.pk)
        elif "employee" in form.cleaned_data:
            # Every problem at once: the service's checks of the fields the form could read too.
            data = form.cleaned_data
            known = {name: data.get(name, UNKNOWN) for name in SERVICE_FIELDS}
            _show(form, services.incident_problems(data["employee"], by=user, **known))
    context = {"form": form, **_clause_part(form)}
    return render(request, "staff/incident_new.html", context, status=status)


SERVICE_FIELDS = ("clause", "at", "amount", "cost", "concealed", "manager_on_duty", "note")


def _show(form: IncidentForm, problems: list[FieldProblem]) -> None:
    """The service's problems on the form's fields (each field's first problem only)."""
    for loc, message in problems:
        name = str(loc[-1])
        if name not in form.fields:
            form.add_error(None, message)
        elif name not in form.errors:
            form.add_error(name, message)


@login_required
@require_GET
def incident_fields(request: HttpRequest) -> HttpResponse:
    """The part of the form that follows the person and the clause chosen (htmx swaps it in)."""
    user = signed_in_user(request)
    if not may_record(user):
        raise PermissionDenied
    form = IncidentForm(initial=request.GET.dict(), user=user)
    return render(request, "staff/incident_clause.html", {"form": form, **_clause_part(form)})


def _clause_part(form: IncidentForm) -> dict[str, Any]:
    """The chosen clause, what it asks, and which of its fields to show: those it needs (all of them
    before a clause is chosen, for a browser without JavaScript), and any the person filled in wrongly."""
    clause = form.chosen_clause()
    needed = {
        "amount": clause is None or clause.pricing == "recorded",
        "cost": clause is None or clause.pricing == "damage",
        "manager_on_duty": clause is None or clause.joint_liability == "manager_on_duty",
    }
    wrong = set(form.errors) if form.is_bound else set()
    if "concealed" in wrong:
        wrong.add("cost")  # shown together
    return {
        "clause": clause,
        "needs": needs(clause) if clause is not None else [],
        "shows": {name: shown or name in wrong for name, shown in needed.items()},
    }


def _visible(user: User, pk: int) -> Incident:
    found = (
        incidents_visible_to(user)
        .select_related("employee__user", "employee__site", "site", "recorded_by", "decided_by")
        .select_related("manager_on_duty__user", "appeal__decided_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def incident_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    incident = _visible(user, pk)
    whole = sees_whole(user, incident)
    mine = [p for p in incident.proposed if isinstance(p, dict) and (whole or p.get("employee") == user.pk)]
    entries = entries_of([incident])[incident.pk]
    if not whole:
        entries = [e for e in entries if e.employee.user_id == user.pk]
    # The engine names people by their subject id (连带责任:employee:12违规); the page says who.
    subject, name = subject_of(incident.employee_id), str(incident.employee.user)
    proposed = [{**p, "because": str(p.get("because", "")).replace(subject, name)} for p in mine]
    shown = [(e, e.because.replace(subject, name)) for e in entries]
    appeal: Appeal | None = getattr(incident, "appeal", None)
    deciding = may_decide(user, incident)
    day = local_day(incident.site, incident.at)
    context = {
        "incident": incident,
        "cited": incident_clause(incident.site, incident.clause, day),
        "proposed": proposed,
        "entries": shown,
        "appeal": appeal,
        "may_approve": deciding and incident.state == Incident.State.RECORDED,
        "may_appeal": user.pk == incident.employee.user_id
        and incident.state == Incident.State.APPROVED
        and appeal is None,
        "may_decide_appeal": deciding and appeal is not None and appeal.state == Appeal.State.PENDING,
        "appeal_form": AppealForm(),
        "note_form": DecisionNoteForm(),
    }
    return render(request, "staff/incident.html", context)


def _done(request: HttpRequest, pk: int, act: Callable[[], object], success: str) -> HttpResponse:
    """Run a decision; a refused one is told on the incident's page (403 for someone who may not)."""
    try:
        act()
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except Invalid as error:
        messages.error(request, " ".join(message for _loc, message in error.problems))
    else:
        messages.success(request, success)
    return redirect("staff:incident", pk=pk)


@login_required
@require_POST
def incident_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (approve=1) or reject (approve=0, with a note)."""
    user = signed_in_user(request)
    incident = _visible(user, pk)
    note = request.POST.get("note", "")
    if request.POST.get("approve") == "1":
        act = partial(services.approve_incident, incident, by=user)
        success = gettext("Approved: the ledger has it, and the person has been told.")
    else:
        act = partial(services.reject_incident, incident, by=user, note=note)
        success = gettext("Not approved: the recorder has been told.")
    return _done(request, pk, act, success)


@login_required
@require_POST
def incident_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's one appeal."""
    user = signed_in_user(request)
    incident = _visible(user, pk)
    reason = request.POST.get("reason", "")
    act = partial(appeals.appeal_incident, incident, reason=reason, by=user)
    return _done(request, pk, act, gettext("Appealed: the approver has been told."))
