"""Attendance imports: a file as the clock machine or DingTalk / WeCom exported it, imported whole or not
at all, its shifts stored and the months they touch evaluated into the ledger at once."""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.regulations.calendars import CalendarYearUnknown, work_calendar
from fuwu.regulations.policies import in_force
from fuwu.regulations.services import CalendarMissing
from fuwu.staff import bulk
from fuwu.staff.comparisons import Comparison, compare
from fuwu.staff.comparisons.verdicts import SEPARATOR
from fuwu.staff.mappings import UnknownSource, resolve_source
from fuwu.staff.models import AttendanceDay, AttendanceImport, Employee
from fuwu.staff.pairing import PairedShift, pair
from fuwu.staff.readers import AttendanceFile, AttendanceFileError, DayRecord, Place, read_attendance
from fuwu.staff.readers.cells import employee_number  # the files' own rule, so both sides compare alike
from fuwu.staff.schedules import Schedule
from fuwu.staff.services.ledger import LedgerChange
from fuwu.staff.services.reconcile import reconcile_months

Progress = Callable[[int, int], None]  # (done, of): shifts stored, or employees' months judged, so far
CHUNK = 500  # employees whose shifts are read and written together


@dataclass(frozen=True)
class Problem:
    """What is wrong, and where: the sheet, the row and the column as the file shows them."""

    place: Place | None
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place is not None else self.message

    def loc(self, filename: str) -> tuple[str, ...]:
        """Where the API says it is: ("file", "row 12", "上班1打卡时间"), with the sheet's name after
        "file" in a workbook (a CSV's or attlog's "sheet" is the file itself)."""
        if self.place is None:
            return ("file",)
        parts = ["file"]
        if self.place.sheet and self.place.sheet != filename.replace("\\", "/").rsplit("/", 1)[-1]:
            parts.append(self.place.sheet)
        parts.append(f"row {self.place.row}")
        if self.place.column:
            parts.append(self.place.column)
        return tuple(parts)


class ImportRefused(Exception):
    """The file was not imported: every problem found in it, nothing changed."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Imported:
    """What an import stored and changed, and what HR should look at (never acted on)."""

    batch: AttendanceImport
    ledger: LedgerChange
    comparison: Comparison = field(default_factory=Comparison)


def import_attendance(
    *,
    site: Site,
    data: bytes,
    filename: str,
    by: User | None,
    source: str | None = None,
    progress: Progress | None = None,
    judging: Progress | None = None,
) -> Imported:
    """``_import`` with the cycle collector paused: a month of 10,000 people is millions of small acyclic
    objects (cells, day records, shifts) that each collection would walk again while finding nothing — a
    sixth of the import's time. It runs once, after the import's objects are gone."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(
            site=site,
            data=data,
            filename=filename,
            by=by,
            source=source,
            progress=progress,
            judging=judging,
        )
    finally:
        if collecting:
            gc.enable()


def _import(
    *,
    site: Site,
    data: bytes,
    filename: str,
    by: User | None,
    source: str | None,
    progress: Progress | None,
    judging: Progress | None,
) -> Imported:
    """Read the file, match its people to the site's employees, store the shifts and evaluate the months
    they touch. Raises ImportRefused with every problem when any row is bad; then nothing is stored.

    ``source`` is a vendor (``dingtalk``, ``wecom``, ``zkteco``) or a saved column mapping's name; none:
    recognised from the file. ``progress`` hears the shifts stored, ``judging`` the employees whose months
    were evaluated, both inside the import's transaction. The vendor's verdicts are kept on each shift and
    compared with the ledger afterwards, with the export's leave (``Imported.comparison``)."""
    try:
        chosen = resolve_source(source)
    except UnknownSource as unknown:
        raise ImportRefused([Problem(None, unknown.message)]) from unknown
    try:
        found = read_attendance(data, filename, source=chosen.vendor, mapping=chosen.layout)
    except AttendanceFileError as error:
        raise ImportRefused([Problem(p.place, str(p.message)) for p in error.problems]) from error
    people = _people(site)
    try:
        shifts, problems = _shifts(found, people)
    except CalendarYearUnknown as unknown:  # taps in a year whose holidays nobody has entered yet
        raise ImportRefused([Problem(None, CalendarMissing(unknown.year).message)]) from unknown
    if problems:
        raise ImportRefused(problems)
    if not shifts:
        raise ImportRefused([Problem(None, _("The file holds no shift of anyone at this site."))])
    zone = in_force(site).zone
    vendor = _vendor_words(found, people)
    with transaction.atomic(), audit.batched():
        batch = AttendanceImport.objects.create(
            site=site,
            source=found.source,
            filename=filename[:255],
            rows=sum(len(rows) for rows in shifts.values()),
            employees=len(shifts),
            first_day=min(s.day for rows in shifts.values() for s in rows),
            last_day=max(s.day for rows in shifts.values() for s in rows),
            by=by,
        )
        # The import's entry stands for the shifts it adds: each new row names the import (``source``);
        # a shift it changes gets its own entry with before and after (decisions/0022).
        audit.record_created(batch, actor=by, action="attendance.import", site=site)
        employees = list(shifts)
        done = 0
        for start in range(0, len(employees), CHUNK):
            chunk = employees[start : start + CHUNK]
            _store({employee: shifts[employee] for employee in chunk}, batch, zone, by, vendor)
            done += sum(len(shifts[employee]) for employee in chunk)
            if progress is not None:
                progress(done, batch.rows)
        months = {(employee, s.day.replace(day=1)) for employee, rows in shifts.items() for s in rows}
        change = reconcile_months(months, by=by, progress=judging)
        days = {employee: {s.day for s in rows} for employee, rows in shifts.items()}
        comparison = compare(found, days, lambda number, name: _match(people, number, name))
        return Imported(batch, change, comparison)


def _people(site: Site) -> dict[str, Employee]:
    rows = Employee.objects.filter(site=site).select_related("user", "shift", "site")
    people: dict[str, Employee] = {}
    for employee in rows:
        if employee.user.employee_no:
            people[employee_number(employee.user.employee_no) or ""] = employee
        people.setdefault(f"name:{employee.user.display_name}", employee)
    return people


def _match(people: dict[str, Employee], employee_no: str | None, name: str) -> Employee | None:
    if employee_no:
        return people.get(employee_number(employee_no) or "")
    return people.get(f"name:{name}")


def _shifts(
    found: AttendanceFile, people: dict[str, Employee]
) -> tuple[dict[Employee, list[PairedShift]], list[Problem]]:
    shifts: dict[Employee, list[PairedShift]] = defaultdict(list)
    problems: list[Problem] = []
    schedule = Schedule.of(work_calendar(), people.values())
    for record in found.days:
        employee = _match(people, record.employee_no, record.name)
        if employee is None:
            problems.append(Problem(record.place, _unknown(record.employee_no, record.name)))
            continue
        paired = _day_shift(employee, record, schedule)
        if paired is not None:
            shifts[employee].append(paired)
    # DingTalk's workbook gives the same people's days (每日统计) and taps (考勤明细): a day row is the
    # shift as the app judged it, so taps count only for people the file gives no days of.
    with_days = set(shifts)
    named = {record.employee for record in found.days}  # as the file names them, matched or not
    taps: dict[Employee, list[dt.datetime]] = defaultdict(list)
    for punch in found.punches:
        if punch.employee in named:
            continue  # the day rows speak for this person (and name any problem once)
        employee = _match(people, punch.employee_no, punch.name)
        if employee is None:
            problems.append(Problem(punch.place, _unknown(punch.employee_no, punch.name)))
            continue
        if employee not in with_days:
            taps[employee].append(punch.at)
    if taps:
        # The file's period: from its first day to its last tap. A shift without a tap that starts after
        # the last tap is not in the file (a night shift's clock-out the morning after the period does
        # not make everyone's shift of that day an absence).
        first = min(tap.date() for rows in taps.values() for tap in rows)
        latest = max(tap for rows in taps.values() for tap in rows)
        for employee, rows in taps.items():
            # Each day's scheduled shift (a rota's differ day by day). The shift of the day before the
            # file only claims its taps (a night shift's clock-out on the first morning), unstored: the
            # file does not hold that shift's clock-in.
            days = schedule.scheduled(employee, first - dt.timedelta(days=1), latest.date())
            shifts[employee].extend(
                s
                for s in pair(days, rows)
                if s.day >= first
                and (s.clock_in or s.clock_out or dt.datetime.combine(s.day, s.start) <= latest)
            )
    return dict(shifts), problems


def _vendor_words(found: AttendanceFile, people: dict[str, Employee]) -> dict[tuple[int, dt.date], str]:
    """The vendor's own words of each day row (迟到, 缺卡 …), joined, by employee and date: kept beside the
    times for comparison, never used for money."""
    words: dict[tuple[int, dt.date], str] = {}
    for record in found.days:
        employee = _match(people, record.employee_no, record.name) if record.vendor_results else None
        if employee is not None:
            words[(employee.pk, record.date)] = SEPARATOR.join(record.vendor_results)[:200]
    return words


def _unknown(employee_no: str | None, name: str) -> str:
    if employee_no:
        return _("No employee of this site has the number %(number)s (%(name)s).") % {
            "number": employee_no,
            "name": name or "—",
        }
    return _("No employee of this site is called %(name)s.") % {"name": name}


def _day_shift(employee: Employee, record: DayRecord, schedule: Schedule) -> PairedShift | None:
    """The shift of a day-level row: its own times where it names them, else the times of the site's
    shift it names, else the employee's scheduled shift of the day. None for a rest day (休息, or a row
    naming no shift on a day the schedule has none)."""
    named = record.shift
    if named is not None and named.rest:
        return None
    start, end = (named.start, named.end) if named is not None else (None, None)
    if start is None or end is None:
        known = schedule.shifts_of(employee.site_id).get(named.name) if named is not None else None
        known = known or schedule.shift_on(employee, record.date)
        if known is None:
            return None  # a row naming no times on a rest day of the schedule: no shift to judge
        start = known.start if start is None else start
        end = known.end if end is None else end
    # A split shift is one shift with a break: its first clock-in, and the clock-out of its last part
    # that has a punch (an empty last slot is a person gone at the break; a slot with only a clock-in,
    # a clock-out forgotten).
    ins = [slot.clock_in for slot in record.slots if slot.clock_in is not None]
    used = [slot for slot in record.slots if slot.clock_in is not None or slot.clock_out is not None]
    clock_out = used[-1].clock_out if used else None
    return PairedShift(record.date, start, end, ins[0] if ins else None, clock_out)


def _store(
    shifts: dict[Employee, list[PairedShift]],
    batch: AttendanceImport,
    zone: dt.tzinfo,
    by: User | None,
    vendor: dict[tuple[int, dt.date], str],
) -> None:
    """Some employees' shifts: new ones in one insert, a shift imported before gets the new times and
    the vendor's new words (its audit entry showing before and after), the same again changes nothing."""
    days = [s.day for rows in shifts.values() for s in rows]
    # Stored shifts are compared as values; only those that change become model instances.
    stored = {
        (found[_EMPLOYEE], found[_DAY], found[_START]): found
        for found in AttendanceDay.objects.filter(
            employee_id__in=[employee.pk for employee in shifts], day__range=(min(days), max(days))
        ).values_list(*_COLUMNS)
    }
    fresh: list[tuple[object, ...]] = []
    source = batch.pk
    for employee, rows in shifts.items():
        pk = employee.pk
        for shift in rows:
            clock_in = shift.clock_in.replace(tzinfo=zone) if shift.clock_in else None
            clock_out = shift.clock_out.replace(tzinfo=zone) if shift.clock_out else None
            words = vendor.get((pk, shift.day), "")
            found = stored.get((pk, shift.day, shift.start))
            if found is None:
                fresh.append((pk, shift.day, shift.start, shift.end, clock_in, clock_out, words, source, ""))
                continue
            times = (shift.end, clock_in, clock_out)
            if (found[_END], found[_IN], found[_OUT]) == times and found[_WORDS] == words:
                continue
            row = AttendanceDay(**dict(zip(_COLUMNS, found, strict=True)))
            before = audit.snapshot(row)
            if (row.shift_end, row.clock_in, row.clock_out) != times:
                row.shift_end, row.clock_in, row.clock_out, row.source = shift.end, clock_in, clock_out, batch
                row.vendor_result = words
                row.correction = ""
                row.save()
            else:  # the same times, the vendor's verdict changed
                row.vendor_result = words
                row.save(update_fields=["vendor_result"])
            audit.record(
                actor=by,
                action="attendance.reimport",
                obj=row,
                before=before,
                after=audit.snapshot(row),
                site=employee.site,
            )
    # 220,000 shifts: bulk_create's model instance per row was most of the storing (docs/performance.md).
    bulk.insert(AttendanceDay, _FRESH, fresh)


_COLUMNS = tuple(field.attname for field in AttendanceDay._meta.concrete_fields)
_EMPLOYEE, _DAY, _START, _END, _IN, _OUT, _WORDS = (
    _COLUMNS.index(name)
    for name in ("employee_id", "day", "shift_start", "shift_end", "clock_in", "clock_out", "vendor_result")
)
# The columns of a new shift, in the order ``_store`` gives its values.
_FRESH = [
    "employee_id",
    "day",
    "shift_start",
    "shift_end",
    "clock_in",
    "clock_out",
    "vendor_result",
    "source_id",
    "correction",
]
