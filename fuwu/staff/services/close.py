"""The monthly close (月结): a site's month judged by the engine once more, one payroll line per person with
the legal guardrail applied, and the month locked.

The guardrail, in the order the close applies it (decisions/0008, 0026):

- damage compensation is capped at 20 % of the month's wage by the engine itself; what is over is carried
  into later months as entries due there (reconcile lands them), so the close only adds up what counts;
- clauses that withhold all wages (p01.3.3's 不发放任何工资, p04.8, p04.11) are ``needs_review`` decisions:
  reviews for HR, never money;
- the pay left after fines, deductions and compensation is never below the site's minimum monthly wage:
  ``floor_relief`` gives back what was taken below it, and a ``floor`` review tells HR what was kept back.

A closed month is locked: reconcile lands anything of it that changes later in the next open month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from fuwu.core.errors import Conflict
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.core.services import audit, outbox
from fuwu.regulations.clauses import full_attendance_bonus
from fuwu.regulations.policies import in_force
from fuwu.staff import bulk
from fuwu.staff.facts import next_month
from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry, MonthClose, PayrollLine, Review
from fuwu.staff.month_data import listed
from fuwu.staff.selectors import payroll_people
from fuwu.staff.services.reconcile import collector_paused, reconcile_months

CHUNK = 500  # employees reconciled and paid together: a few queries each
ZERO = Decimal("0.00")
Progress = Callable[[int, int], None]  # (employees done, of)
# The payroll line's money columns, in the order of the totals and the export.
COLUMNS = ("wage", "bonus", "rewards", "fines", "deductions", "compensation", "floor_relief", "net")
FLOOR = "floor"  # the kind of the review the minimum-wage floor opens
FLOOR_CLAUSE = "minimum_wage"  # no pack clause: the law (最低工资规定), shown by its own label


def month_label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def previous_month(month: dt.date) -> dt.date:
    return (month - dt.timedelta(days=1)).replace(day=1)


def may_close(user: User, site: Site) -> bool:
    """HR / finance of the site, or the general manager: who closes its months and decides its reviews."""
    if user.is_superuser or user.has_role(Role.GENERAL_MANAGER):
        return True
    return user.has_role(Role.HR_FINANCE) and sites_visible_to(user).filter(pk=site.pk).exists()


def close_problems(site: Site, month: dt.date, *, by: User) -> None:
    """Raise why ``by`` may not close ``site``'s ``month`` now: PermissionDenied (not HR of the site) or
    Conflict (the month has not ended, is closed already, or the month before is still open with entries
    in it); nothing when it may."""
    if not may_close(by, site):
        raise PermissionDenied(gettext("Only HR of the site or the general manager may close its months."))
    end = next_month(month)
    if timezone.localdate(timezone=in_force(site).zone) < end:
        raise Conflict(
            gettext("%(month)s can be closed from %(day)s, once the month has ended.")
            % {"month": month_label(month), "day": date_format(end, "DATE_FORMAT")}
        )
    if MonthClose.objects.filter(site=site, month=month).exists():
        raise _closed_already(site, month)
    before = previous_month(month)
    still_open = not MonthClose.objects.filter(site=site, month=before).exists()
    if still_open and LedgerEntry.objects.filter(site=site, month=before).exists():
        raise Conflict(
            gettext("Close %(previous)s first: it is still open and has entries counted in it.")
            % {"previous": month_label(before)}
        )


def _closed_already(site: Site, month: dt.date) -> Conflict:
    return Conflict(
        gettext("%(site)s %(month)s is closed already: a month is closed once.")
        % {"site": site.name, "month": month_label(month)}
    )


def payroll_employees(site: Site, month: dt.date) -> QuerySet[Employee]:
    """The site's people paid for ``month``: hired before it ends, and either still active or (having left
    since) with shifts or entries in it."""
    end = next_month(month)
    shifts = AttendanceDay.objects.filter(employee=OuterRef("pk"), day__gte=month, day__lt=end)
    entries = LedgerEntry.objects.filter(employee=OuterRef("pk"), month=month)
    return (
        Employee.objects.filter(site=site, hired_on__lt=end)
        .filter(Q(status=Employee.Status.ACTIVE) | Exists(shifts) | Exists(entries))
        .select_related("user", "site")
        .order_by("pk")
    )


def _employees(site: Site, ids: Sequence[int]) -> list[Employee]:
    """A chunk's people, read when it is closed, with the site they share.

    Not all 10,000 read at the start, nor with their users (a user read along refers back to its
    employee): either way the people stayed in memory long after their chunk, and Python's garbage
    collector went through them again and again — a quarter of the engine's time. Nothing of a close
    needs the user but the name in a new review's message, read then."""
    found = list(Employee.objects.filter(pk__in=listed(ids)).order_by("pk"))
    for employee in found:
        employee.site = site
    return found


class Paid(NamedTuple):
    """One person's line as the close computes it, before the close row exists (values, not a model
    instance: 10,000 of them wait for the close's row, and the garbage collector goes through whatever
    waits), and the review of the minimum-wage floor it opens, if any."""

    employee_id: int
    wage: Decimal
    bonus: Decimal
    fines: Decimal
    deductions: Decimal
    compensation: Decimal
    rewards: Decimal
    floor_relief: Decimal
    net: Decimal
    needs_review: int
    floor: Review | None


# The payroll line's columns after its id and close, in the model's order, as ``Paid`` begins with them.
LINE_FIELDS = tuple(field.attname for field in PayrollLine._meta.concrete_fields[2:])
assert Paid._fields[: len(LINE_FIELDS)] == LINE_FIELDS
AUDIT_BATCH = 2000  # lines made and audited together


def close_month(site: Site, month: dt.date, *, by: User, progress: Progress | None = None) -> MonthClose:
    """Close ``site``'s ``month`` (its first day) in one transaction: every person's month judged again by
    the engine (the ledger follows), one payroll line each with the guardrail applied, the month locked.

    Exactly one of two closes at once succeeds; the other raises Conflict, as does a close of a month not
    yet ended or whose month before is still open with entries (``close_problems``)."""
    with transaction.atomic():
        # Closes of one site queue here (PostgreSQL; SQLite's IMMEDIATE transactions queue all writers), so
        # the second finds the first's row and says so before doing the work again.
        list(Site.objects.select_for_update().filter(pk=site.pk).values_list("pk"))
        close_problems(site, month, by=by)
        people = list(payroll_employees(site, month).values_list("pk", flat=True))
        default_bonus = full_attendance_bonus(site, month) or ZERO
        now = timezone.now()
        paid: list[Paid] = []
        for start in range(0, len(people), CHUNK):
            with collector_paused():
                chunk = _employees(site, people[start : start + CHUNK])
                # The month's facts judged now: whatever an import, leave or incident has not yet brought.
                reconcile_months([(employee, month) for employee in chunk], by=by)
                paid.extend(_pay(chunk, site, month, default_bonus, now))
            if progress is not None:
                progress(start + len(chunk), len(people))
        totals = {name: sum((getattr(p, name) for p in paid), ZERO) for name in COLUMNS}
        # The close's row comes after the reconcile: while it stands, reconcile lands the month's changes in
        # the next month. The unique (site, month) is what makes two closes at once give exactly one.
        close = MonthClose(
            site=site,
            month=month,
            closed_by=by,
            closed_at=now,
            employees=len(paid),
            totals={name: f"{amount:.2f}" for name, amount in totals.items()},
            needs_review=sum(p.needs_review for p in paid),
        )
        try:
            with transaction.atomic():
                close.save()
        except IntegrityError:
            raise _closed_already(site, month) from None
        audit.record_created(close, actor=by, action="month.close", site=site)
        _insert_lines(close, paid, by=by)
        floors = Review.objects.bulk_create([p.floor for p in paid if p.floor is not None])
        audit.record_many(
            [
                audit.Entry("review.open", row, None, audit.snapshot(row), actor=by, site=site)
                for row in floors
            ]
        )
        _tell(close, by=by)
    return close


def _insert_lines(close: MonthClose, paid: Sequence[Paid], *, by: User) -> None:
    """Insert the close's lines, each with its audit entry. ``bulk.insert`` adapts each distinct amount
    once (``bulk_create`` compiled every one of 10,000 × 8 amounts on its own); the lines are made as
    model instances, with the ids the database gave them, only for their audit entries, a few thousand
    at a time."""
    width = len(LINE_FIELDS)
    bulk.insert(PayrollLine, ("close_id", *LINE_FIELDS), ([close.pk, *p[:width]] for p in paid))
    ids = dict(PayrollLine.objects.filter(close=close).values_list("employee_id", "pk"))
    for start in range(0, len(paid), AUDIT_BATCH):
        with collector_paused():
            # Every field's value in the model's order (id, close, then as Paid has them): the quick way in.
            rows: list[list[Any]] = [
                [ids[p.employee_id], close.pk, *p[:width]] for p in paid[start : start + AUDIT_BATCH]
            ]
            lines = [PayrollLine(*row) for row in rows]
            audit.record_many(
                [
                    audit.Entry("payroll.line", line, None, audit.snapshot(line), actor=by, site=close.site)
                    for line in lines
                ]
            )


def _pay(
    chunk: Sequence[Employee], site: Site, month: dt.date, default_bonus: Decimal, now: dt.datetime
) -> list[Paid]:
    """The chunk's lines: the month's entries added up by the database, the bonus, the floor."""
    ids = listed([employee.pk for employee in chunk])
    sums: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rows = LedgerEntry.objects.filter(employee_id__in=ids, month=month).values_list("employee_id", "kind")
    for employee_id, kind, amount in rows.annotate(amount=Sum("amount")).order_by():
        # SQLite adds decimals up as floating point: back to the cent the entries are kept in.
        sums[employee_id][kind] = Decimal(amount).quantize(ZERO, ROUND_HALF_UP)
    waiting = dict(
        Review.objects.filter(employee_id__in=ids, month=month, state=Review.State.OPEN)
        .values_list("employee_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    minimum = site.minimum_monthly_wage
    paid: list[Paid] = []
    for employee in chunk:
        kinds = sums.get(employee.pk, {})
        wage = employee.monthly_wage
        bonus = (
            employee.full_attendance_bonus if employee.full_attendance_bonus is not None else default_bonus
        )
        fines = kinds.get(LedgerEntry.Kind.FINE, ZERO)
        deductions = kinds.get(LedgerEntry.Kind.DEDUCTION, ZERO)
        compensation = kinds.get(LedgerEntry.Kind.COMPENSATION, ZERO)
        rewards = kinds.get(LedgerEntry.Kind.REWARD, ZERO)
        taken = fines + deductions + compensation
        left = wage + bonus + rewards - taken
        # Only what was taken is given back: a wage set below the minimum is HR's to correct, not the floor's.
        relief = max(ZERO, min(minimum - left, taken))
        floor = _floor_review(employee, month, left, minimum, relief, now) if relief > 0 else None
        paid.append(
            Paid(
                employee_id=employee.pk,
                wage=wage,
                bonus=bonus,
                rewards=rewards,
                fines=fines,
                deductions=deductions,
                compensation=compensation,
                floor_relief=relief,
                net=left + relief,
                needs_review=waiting.get(employee.pk, 0) + (1 if floor is not None else 0),
                floor=floor,
            )
        )
    return paid


def _floor_review(
    employee: Employee, month: dt.date, left: Decimal, minimum: Decimal, relief: Decimal, now: dt.datetime
) -> Review:
    because = gettext(
        "Pay after fines, deductions and compensation would be %(left)s yuan, below the minimum wage of "
        "%(minimum)s yuan: %(relief)s yuan of them was not taken."
    ) % {"left": f"{left:.2f}", "minimum": f"{minimum:.2f}", "relief": f"{relief:.2f}"}
    return Review(
        employee=employee,
        site_id=employee.site_id,
        month=month,
        kind=FLOOR,
        clause=FLOOR_CLAUSE,
        because=because[:300],
        key=f"floor|employee:{employee.pk}|{month_label(month)}",
        created_at=now,
    )


def _tell(close: MonthClose, *, by: User) -> None:
    """The site's HR and the general manager hear of the close once, with what waits for review."""
    site = close.site
    people = {user.pk: user for user in payroll_people(site)}
    managers = User.objects.filter(is_active=True, groups__name=Role.GENERAL_MANAGER.group_name)
    people.update((user.pk, user) for user in managers)
    if not people:
        return
    label = month_label(close.month)
    outbox.notify(
        targets=[outbox.in_app(user) for user in people.values()],
        subject=gettext("%(site)s %(month)s is closed") % {"site": site.name, "month": label},
        body=gettext("%(employees)s people, pay %(net)s yuan in all; %(reviews)s to review.")
        % {"employees": close.employees, "net": close.totals["net"], "reviews": close.needs_review},
        url=f"/staff/months/?site={site.pk}&month={label}",
        key=f"month:{site.pk}:{label}:closed",
        site=site,
        by=by,
    )
