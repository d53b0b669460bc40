"""Everything some employees' months need to be judged and reconciled, read in a few queries.

For a chunk of employees and the months asked: their shifts (and the last weeks before, for the run of
absences a month opens with), approved leave, approved incidents (their own, the earlier ones counted
for escalation, and others' that they may answer for jointly), the people those incidents name, the
entries and reviews that stand, the compensation carried into each month, and which months are closed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import partial
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import IntegerField, Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from fuwu.regulations.calendars import WorkCalendar
from fuwu.regulations.policies import InForce, in_force
from fuwu.staff.facts import Openings, StoredIncident, next_month
from fuwu.staff.leave_facts import LONGEST, covered_days
from fuwu.staff.models import AttendanceDay, Employee, Incident, Leave, LedgerEntry, MonthClose, Review

# How far back the month before is read for the run of absences it ends with: more shifts than any run a
# clause counts (three days), across the longest official holiday (nine days at the Spring Festival).
TAIL_DAYS = 21
TAIL_SHIFTS = 10


class ShiftRow(NamedTuple):
    """A stored shift as the facts need it (read as values, not model instances: an import reads many)."""

    pk: int
    employee_id: int
    day: dt.date
    shift_start: dt.time
    shift_end: dt.time
    clock_in: dt.datetime | None
    clock_out: dt.datetime | None


class Standing(NamedTuple):
    """A ledger entry that stands (not a reversal, not reversed), as reconcile compares it with the engine's
    decision of its key (read as values: a close reads every entry of the month and reverses few)."""

    pk: int
    employee_id: int
    period: dt.date
    month: dt.date
    key: str
    kind: str
    amount: Decimal
    clause: str
    pack_version: int
    because: str


class IncidentRow(NamedTuple):
    """An approved incident as the facts need it (``facts.StoredIncident``), read as values."""

    pk: int
    employee_id: int
    clause: str
    at: dt.datetime
    amount: Decimal | None
    cost: Decimal | None
    concealed: bool
    manager_on_duty_id: int | None
    quantity: int


def _day(row: ShiftRow) -> dt.date:
    return row.day


_T = TypeVar("_T")


class _Parsed(dict[str, _T]):
    """Stored values as text, each distinct one parsed once (a month repeats its days and shift times)."""

    def __init__(self, parse: Callable[[str], _T]) -> None:
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str) -> _T:
        value = self[text] = self.parse(text)
        return value


def _moment(zone: dt.tzinfo, text: str) -> dt.datetime:
    """A stored moment: PostgreSQL's text gives its offset; SQLite keeps it without one, in the
    connection's time zone (UTC), as Django's own conversion reads it."""
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


def _standing(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Of ledger rows (the primary key first, ``reverses_id`` last), those that stand — neither a reversal
    nor reversed by another of them — without ``reverses_id``.

    A reversal keeps its entry's employee, kind and period and counts in the same payroll month or a later
    one, so the rows of some employees' periods (or of their compensation counted from a month on) hold
    the reversals of theirs. Worked out here, not by the query: SQLite chose the ``reverses`` index for
    ``reverses IS NULL`` and read every entry of the ledger for each 500 people."""
    found = list(rows)
    reversed_ = {row[-1] for row in found if row[-1] is not None}
    return [row[:-1] for row in found if row[-1] is None and row[0] not in reversed_]


def listed(ids: Sequence[int]) -> Sequence[int] | RawSQL:
    """``ids`` for an ``__in`` lookup, as they are: Django prepares each value of an ``__in`` list through
    the field, twice (a millisecond for 500 ids; a chunk's reads and sums name its people a dozen times).
    The ids are ints already; they go into the statement as parameters all the same."""
    if not ids:
        return ids  # Django's own list: an empty one matches nothing
    return RawSQL(", ".join(["%s"] * len(ids)), tuple(ids), output_field=IntegerField())


def _text(column: str) -> Cast:
    return Cast(column, output_field=TextField())


def read_shifts(employee_ids: Sequence[int], since: dt.date, end: dt.date) -> Iterator[ShiftRow]:
    """The employees' stored shifts of [since, end), by employee, day and start.

    The dates, times and clock moments are read as text and parsed here, each distinct one once: the
    database driver's and Django's conversions per value were most of the time a close spent reading
    310,000 shifts."""
    rows = (
        AttendanceDay.objects.filter(employee_id__in=listed(employee_ids), day__gte=since, day__lt=end)
        .order_by("employee_id", "day", "shift_start")
        .values_list(
            "pk",
            "employee_id",
            _text("day"),
            _text("shift_start"),
            _text("shift_end"),
            _text("clock_in"),
            _text("clock_out"),
        )
    )
    days = _Parsed(dt.date.fromisoformat)
    times = _Parsed(dt.time.fromisoformat)
    connection = connections[rows.db]
    moments = _Parsed(partial(_moment, connection.timezone or dt.UTC))
    # The statement as Django writes it, its rows as the driver gives them: text needs no converting.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    for pk, employee_id, day, start, finish, came, left in found:
        yield ShiftRow(
            pk,
            employee_id,
            days[day],
            times[start],
            times[finish],
            None if came is None else moments[came],
            None if left is None else moments[left],
        )


class MonthsLoaded:
    """The stored facts of ``employees``' ``months``; ``extra`` incidents are judged as if approved."""

    def __init__(
        self,
        employees: Sequence[Employee],
        months: set[dt.date],
        calendar: WorkCalendar,
        *,
        extra: Sequence[Incident] = (),
    ) -> None:
        self.calendar = calendar
        self.employees = {e.pk: e for e in employees}
        ids = listed(list(self.employees))  # for every query here: the chunk's people
        first, end = min(months), next_month(max(months))
        self.first, self.end = first, end
        self._policies: dict[int, InForce] = {}
        self.carried: dict[int, list[tuple[dt.date, dt.date, Decimal]]] = defaultdict(list)
        self.days: dict[int, list[ShiftRow]] = defaultdict(list)
        shifts = read_shifts(list(self.employees), first - dt.timedelta(days=TAIL_DAYS), end)
        for employee_id, theirs in groupby(shifts, key=attrgetter("employee_id")):
            self.days[employee_id] = list(theirs)
        self._covered: dict[int, list[dt.date]] = {}
        self.leave: dict[int, list[Leave]] = defaultdict(list)
        for leave in Leave.objects.filter(
            employee_id__in=ids,
            status=Leave.Status.APPROVED,
            start__lt=end,
            start__gte=first - dt.timedelta(days=LONGEST + TAIL_DAYS),
        ).order_by("start", "pk"):
            self.leave[leave.employee_id].append(leave)
        self._load_incidents(ids, extra)
        self.standing: dict[tuple[int, dt.date], dict[str, Standing]] = defaultdict(dict)
        entries = LedgerEntry.objects.filter(employee_id__in=ids, period__in=months)
        for row in _standing(entries.values_list(*Standing._fields, "reverses_id")):
            entry = Standing(*row)
            self.standing[(entry.employee_id, entry.period)][entry.key] = entry
        carried = LedgerEntry.objects.filter(
            employee_id__in=ids, kind=LedgerEntry.Kind.COMPENSATION, period__lt=max(months), month__gte=first
        )
        fields = ("pk", "employee_id", "period", "month", "amount", "reverses_id")
        for _pk, who, period, lands, amount in _standing(carried.values_list(*fields)):
            self.carried[who].append((period, lands, amount))
        self.reviews: dict[tuple[int, dt.date], dict[str, Review]] = defaultdict(dict)
        for review in Review.objects.filter(employee_id__in=ids, month__in=months):
            self.reviews[(review.employee_id, review.month)][review.key] = review
        sites = {e.site_id for e in employees}
        self.closed = set(
            MonthClose.objects.filter(site_id__in=sites, month__gte=first).values_list("site_id", "month")
        )

    def _load_incidents(self, ids: Sequence[int] | RawSQL, extra: Sequence[Incident]) -> None:
        approved = Incident.objects.filter(state=Incident.State.APPROVED).order_by("at", "pk")
        end = dt.datetime.combine(self.end, dt.time(), dt.UTC) + dt.timedelta(days=1)
        begin = dt.datetime.combine(self.first, dt.time(), dt.UTC) - dt.timedelta(days=1)
        fields = IncidentRow._fields
        own: list[StoredIncident] = [
            IncidentRow(*row) for row in approved.filter(employee_id__in=ids, at__lt=end).values_list(*fields)
        ]
        managers = listed([e.user_id for e in self.employees.values()])
        # The reports as a subquery rather than a join: each side of the OR is then read by its index.
        reports = Employee.objects.filter(manager_id__in=managers).values("pk")
        joint = [
            IncidentRow(*row)
            for row in approved.filter(at__gte=begin, at__lt=end)
            .filter(Q(manager_on_duty_id__in=ids) | Q(employee_id__in=reports))
            .values_list(*fields)
        ]
        self.extra_refs = frozenset(f"incident:{i.pk or 'new'}" for i in extra)
        own.extend(extra)
        self.own: dict[int, list[StoredIncident]] = defaultdict(list)
        for incident in own:
            self.own[incident.employee_id].append(incident)
        named = {i.employee_id for i in joint} | {
            i.manager_on_duty_id for i in [*own, *joint] if i.manager_on_duty_id is not None
        }
        people = dict(self.employees)
        missing = named - set(people)
        if missing:
            people.update((e.pk, e) for e in Employee.objects.filter(pk__in=missing))
        by_user = {e.user_id: e.pk for e in people.values()}
        wanted = {e.manager_id for e in people.values() if e.manager_id is not None} - set(by_user)
        if wanted:
            by_user.update(Employee.objects.filter(user_id__in=wanted).values_list("user_id", "pk"))
        self.people = people
        self.managers = by_user
        # Who may answer jointly for another's incident: the manager on duty it names, or the person's own
        # manager; the engine says which (and whether the clause has joint liability at all).
        self.joint: dict[int, list[StoredIncident]] = defaultdict(list)
        for incident in joint:
            subordinate = people.get(incident.employee_id)
            own_manager = (
                by_user.get(subordinate.manager_id) if subordinate and subordinate.manager_id else None
            )
            for answering in {incident.manager_on_duty_id, own_manager}:
                if answering in self.employees and answering != incident.employee_id:
                    self.joint[answering].append(incident)

    def policy(self, employee: Employee) -> InForce:
        """The regulations in force at the employee's site (read once a chunk)."""
        found = self._policies.get(employee.site_id)
        if found is None:
            found = self._policies[employee.site_id] = in_force(employee.site)
        return found

    def zone(self, employee: Employee) -> ZoneInfo:
        return self.policy(employee).zone

    def _in_month(self, incident: StoredIncident, month: dt.date, zone: ZoneInfo) -> bool:
        return incident.at.astimezone(zone).date().replace(day=1) == month

    def days_in(self, employee: Employee, month: dt.date) -> list[ShiftRow]:
        """The employee's shifts of ``month`` in day order."""
        # Looked up in the days in order, not filtered from all of them.
        days = self.days.get(employee.pk, [])
        return days[bisect_left(days, month, key=_day) : bisect_left(days, next_month(month), key=_day)]

    def tail_before(self, employee: Employee, month: dt.date) -> list[ShiftRow]:
        """The last shifts before ``month``, oldest first."""
        days = self.days.get(employee.pk, [])
        end = bisect_left(days, month, key=_day)
        return days[max(0, end - TAIL_SHIFTS) : end]

    def covered_before(self, employee: Employee, month: dt.date) -> set[dt.date]:
        """The days of approved leave among the weeks before ``month``."""
        covered = self._covered.get(employee.pk)
        if covered is None:
            # Every leave's days once per employee, whatever months are asked about.
            covered = self._covered[employee.pk] = [
                day
                for leave in self.leave[employee.pk]
                for day, _part in covered_days(leave, employee, self.calendar)
            ]
        since = month - dt.timedelta(days=TAIL_DAYS)
        return {day for day in covered if since <= day < month}

    def incidents_in(self, employee: Employee, month: dt.date) -> list[StoredIncident]:
        zone = self.zone(employee)
        return [i for i in self.own[employee.pk] if self._in_month(i, month, zone)]

    def joint_in(self, employee: Employee, month: dt.date) -> list[StoredIncident]:
        zone = self.zone(employee)
        return [i for i in self.joint[employee.pk] if self._in_month(i, month, zone)]

    def openings(self, employee: Employee, month: dt.date, absence_run: int) -> Openings:
        """What the month opens with: own incidents before it by clause, compensation carried into it."""
        zone = self.zone(employee)
        counts: dict[str, int] = defaultdict(int)
        for incident in self.own[employee.pk]:
            if incident.at.astimezone(zone).date() < month:
                counts[incident.clause] += 1
        carry = sum(
            (amount for period, lands, amount in self.carried[employee.pk] if period < month <= lands),
            Decimal(0),
        )
        return Openings(dict(counts), carry, absence_run)

    def carry_changed(self, employee_id: int, entry: LedgerEntry | Standing, *, gone: bool) -> None:
        """Keep the carried compensation true for this employee's later months of the same batch: an entry
        written (or reversed) for an earlier month changes what a later one opens with."""
        if entry.kind != LedgerEntry.Kind.COMPENSATION or entry.month <= entry.period:
            return
        item = (entry.period, entry.month, entry.amount)
        if gone:
            if item in self.carried[employee_id]:
                self.carried[employee_id].remove(item)
        else:
            self.carried[employee_id].append(item)

    def landing(self, employee: Employee, month: dt.date) -> dt.date:
        """The payroll month something of ``month`` counts in: itself while open, else the next open one."""
        while (employee.site_id, month) in self.closed:
            month = next_month(month)
        return month
