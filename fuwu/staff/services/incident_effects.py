"""What an incident gives, and whose months it touches: the engine's entries proposed when it is recorded,
and the (employee, month) pairs to reconcile when it binds or is withdrawn."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from fuwu.core.models import Site
from fuwu.regulations.policies import in_force
from fuwu.regulations.services import Decision
from fuwu.staff.facts import next_month, subject_of
from fuwu.staff.models import Employee, Incident, LedgerEntry, MonthClose
from fuwu.staff.selectors.incidents import ref_of
from fuwu.staff.services.reconcile import evaluate_month

# The decisions an incident may give: money for the ledger, and what HR reviews.
SHOWN_KINDS = frozenset({"fine", "reward", "compensation", "deduction", "status", "needs_review"})


def local_day(site: Site, moment: dt.datetime) -> dt.date:
    """The day ``moment`` falls on in the site's zone (the day the regulations judge it on)."""
    return moment.astimezone(in_force(site).zone).date()


def month_of(incident: Incident) -> dt.date:
    """The first day of the month of the incident's facts (the site's local month of ``at``)."""
    return local_day(incident.site, incident.at).replace(day=1)


def proposal(incident: Incident) -> list[dict[str, Any]]:
    """The engine's decisions on the incident as if approved — the employee's and anyone answering for
    it jointly — as ``Incident.proposed`` keeps them. ``incident`` must be saved: its ref is its own."""
    month = month_of(incident)
    judged = evaluate_month(incident.employee, month, extra=[incident])
    ref = ref_of(incident)
    mine = [d for d in judged.decisions if d.ref == ref and d.kind in SHOWN_KINDS]
    ids = {_employee_id(d.subject) for d in mine}
    people = {e.pk: e for e in Employee.objects.filter(pk__in=ids).select_related("user")}
    closed = set(
        MonthClose.objects.filter(site_id=incident.site_id, month__gte=month).values_list("month", flat=True)
    )
    return [_proposed(d, people.get(_employee_id(d.subject)), month, closed) for d in mine]


def _employee_id(subject: str) -> int:
    prefix = subject_of(0)[:-1]  # "employee:"
    return int(subject.removeprefix(prefix)) if subject.startswith(prefix) else 0


def _proposed(
    decision: Decision, person: Employee | None, month: dt.date, closed: set[dt.date]
) -> dict[str, Any]:
    counts_in = max(decision.due.date().replace(day=1), month) if decision.due is not None else month
    while counts_in in closed:  # a closed month's entries land in the next open one (reconcile does so)
        counts_in = next_month(counts_in)
    return {
        "kind": decision.kind,
        "employee": person.user_id if person is not None else None,
        "subject": str(person.user) if person is not None else decision.subject,
        "amount": str(decision.amount) if decision.amount is not None else None,
        "clause": decision.clause,
        "pack_version": decision.version,
        "because": decision.because,
        "status": decision.status,
        "month": f"{counts_in:%Y-%m}",
    }


def touched(incident: Incident) -> list[tuple[Employee, dt.date]]:
    """The (employee, month) pairs whose ledger an incident's approval or withdrawal changes: the month
    of its facts for the employee and everyone who may answer for it jointly or holds an entry of it,
    and the employee's later months with approved incidents of the same clause (their counts change:
    p04.8's escalation)."""
    month = month_of(incident)
    employee = incident.employee
    ids = {employee.pk}
    if incident.manager_on_duty_id is not None:
        ids.add(incident.manager_on_duty_id)
    ids.update(LedgerEntry.objects.filter(ref=ref_of(incident)).values_list("employee_id", flat=True))
    named = [p["employee"] for p in incident.proposed if isinstance(p, dict) and p.get("employee")]
    managers = [employee.manager_id] if employee.manager_id is not None else []
    people = _people(ids, [*named, *managers])
    pairs = [(person, month) for person in people.values()]
    later = Incident.objects.filter(
        employee=employee, clause=incident.clause, state=Incident.State.APPROVED, at__gt=incident.at
    ).exclude(pk=incident.pk)
    months = {local_day(incident.site, at).replace(day=1) for at in later.values_list("at", flat=True)}
    pairs.extend((people[employee.pk], later_month) for later_month in sorted(months - {month}))
    return pairs


def _people(ids: set[int], user_ids: list[int]) -> dict[int, Employee]:
    """The employees by id, and those who are the users ``user_ids``, in one query."""
    rows = Employee.objects.filter(Q(pk__in=ids) | Q(user_id__in=user_ids)).select_related("site", "user")
    return {e.pk: e for e in rows}
