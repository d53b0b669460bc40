"""Who decides and sees appeals (申诉) — of an incident, or of what the clock said on a shift — and what
the ledger did about their subjects.

An incident's appeal is decided by whoever approves the incident (``selectors_incidents.may_decide``). A
shift's appeal by the employee's manager, the supervisors of the employee's site, or the general
manager; never by the employee. An appeal is seen by whoever sees its subject: the incident (its
scope), or the person's attendance (the employee, their manager, HR of the site) and the supervisors of
the site, who decide it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.models import Appeal, AttendanceDay, Employee, LedgerEntry
from fuwu.staff.selectors import employees_visible_to
from fuwu.staff.selectors.incidents import (
    entries_by_ref,
    incidents_visible_to,
    may_decide,
    ref_of,
    sees_whole,
)

# The kinds of entry that take money for a shift: what an appeal of its clock times is about.
CHARGES = (LedgerEntry.Kind.FINE, LedgerEntry.Kind.DEDUCTION, LedgerEntry.Kind.COMPENSATION)
# Roles that decide appeals (the menu's entry): supervisors at their sites, the general manager anywhere.
DECIDER_ROLES: frozenset[Role] = frozenset({Role.SUPERVISOR, Role.GENERAL_MANAGER})


def _sees_everything(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.GENERAL_MANAGER)


def day_ref(day: AttendanceDay | int) -> str:
    """The ledger's ``ref`` of what a shift gave (the engine's ref of its clock times)."""
    return f"day:{day if isinstance(day, int) else day.pk}"


def subject_ref(appeal: Appeal) -> str:
    """The ledger's ``ref`` of the appeal's subject: its incident's or its shift's."""
    if appeal.incident_id is not None:
        return ref_of(appeal.incident_id)
    assert appeal.shift_id is not None  # exactly one of the two (the table's check)
    return day_ref(appeal.shift_id)


def standing_charges(day: AttendanceDay) -> QuerySet[LedgerEntry]:
    """The fines, deductions and compensation the shift gave that stand (neither reversals nor reversed)."""
    return LedgerEntry.objects.filter(
        ref=day_ref(day), kind__in=CHARGES, reverses__isnull=True, reversed_by__isnull=True
    )


def may_decide_shift(user: User, employee: Employee) -> bool:
    """Whether ``user`` decides an appeal of ``employee``'s clock times: their manager, a supervisor of
    their site, or the general manager; never the employee themself."""
    if not user.is_active or user.pk == employee.user_id:
        return False
    if _sees_everything(user) or user.pk == employee.manager_id:
        return True
    return user.has_role(Role.SUPERVISOR) and sites_visible_to(user).filter(pk=employee.site_id).exists()


def may_decide_appeal(user: User, appeal: Appeal) -> bool:
    """Whether ``user`` decides ``appeal``: an incident's as its approver, a shift's as ``may_decide_shift``
    says. The appeal's subject is read (incident or shift with its employee)."""
    if appeal.incident is not None:
        return may_decide(user, appeal.incident)
    assert appeal.shift is not None
    return may_decide_shift(user, appeal.shift.employee)


def shift_deciders(employee: Employee) -> list[User]:
    """Who is told that an appeal of ``employee``'s clock times waits: their manager and the supervisors
    of their site; the general managers when there is nobody else. Never the employee."""
    supervisors = Q(groups__name=Role.SUPERVISOR.group_name, sites=employee.site_id)
    manager = Q(pk=employee.manager_id) if employee.manager_id is not None else Q(pk__in=[])
    found = list(
        User.objects.filter(supervisors | manager, is_active=True).exclude(pk=employee.user_id).distinct()
    )
    if not found:
        managers = Role.GENERAL_MANAGER.group_name
        rows = User.objects.filter(is_active=True, groups__name=managers).exclude(pk=employee.user_id)
        found = list(rows.distinct())
    return found


def appeals_visible_to(user: User) -> QuerySet[Appeal]:
    """The appeals ``user`` may see (any other is answered as if it did not exist)."""
    rows = Appeal.objects.all()
    if _sees_everything(user):
        return rows
    seen = Q(incident__in=incidents_visible_to(user).values("pk"))
    seen |= Q(shift__employee__in=employees_visible_to(user).values("pk"))
    if user.has_role(Role.SUPERVISOR):
        seen |= Q(shift__employee__site__in=sites_visible_to(user))
    return rows.filter(seen)


def with_subjects(rows: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """The appeals with what a list or page shows of them, read in the same query."""
    return rows.select_related(
        "incident__employee__user",
        "incident__site",
        "shift__employee__user",
        "shift__employee__site",
        "by",
        "decided_by",
    )


def pending_first(rows: QuerySet[Appeal]) -> QuerySet[Appeal]:
    """Appeals awaiting a decision first, then the newest."""
    waiting = Case(
        When(state=Appeal.State.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return rows.annotate(waiting=waiting).order_by("waiting", "-at", "-id")


def subject_entries(appeals: Iterable[Appeal], user: User) -> dict[int, list[LedgerEntry]]:
    """The ledger entries of each appeal's subject (reversals too), by appeal id, oldest first, each
    knowing whether its month is ``closed``: a shift's all (they are the employee's), an incident's those
    ``user`` sees (a manager's joint fine is not the employee's business). One query. The appeals must
    have their incident read (``with_subjects``)."""
    appeals = list(appeals)
    found = entries_by_ref(subject_ref(appeal) for appeal in appeals)
    result: dict[int, list[LedgerEntry]] = {}
    for appeal in appeals:
        entries = found[subject_ref(appeal)]
        if appeal.incident is not None and not sees_whole(user, appeal.incident):
            entries = [entry for entry in entries if entry.employee.user_id == user.pk]
        result[appeal.pk] = entries
    return result


@dataclass(frozen=True)
class AppealMark:
    """What 我的奖惩 shows beside a charge a shift gave: where to appeal it, or its appeal."""

    shift: int
    appeal: Appeal | None


def appeal_marks(entries: Iterable[LedgerEntry]) -> dict[int, AppealMark]:
    """For the employee's own ledger: each standing charge that a shift gave (by entry id), with that
    shift's appeal when one was made. Two queries whatever the number of entries (none without such
    entries): the reversals made elsewhere, and the appeals."""
    candidates = {
        entry.pk: int(entry.ref.removeprefix("day:"))
        for entry in entries
        if entry.reverses_id is None
        and entry.kind in CHARGES
        and entry.ref.startswith("day:")
        and entry.ref.removeprefix("day:").isdigit()
    }
    if not candidates:
        return {}
    reversed_ = set(
        LedgerEntry.objects.filter(reverses_id__in=candidates).values_list("reverses_id", flat=True)
    )
    appeals = {
        appeal.shift_id: appeal
        for appeal in Appeal.objects.filter(shift_id__in=set(candidates.values())).only(
            "pk", "shift_id", "state"
        )
    }
    return {
        pk: AppealMark(shift, appeals.get(shift))
        for pk, shift in candidates.items()
        if pk not in reversed_ or shift in appeals
    }
