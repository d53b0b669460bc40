"""Attendance imports: a file as the clock machine or DingTalk / WeCom exported it, imported whole or not
at all, its shifts stored and the months they touch evaluated into the ledger at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.regulations.calendars import CalendarYearUnknown, work_calendar
from fuwu.regulations.policies import in_force
from fuwu.regulations.services import CalendarMissing
from fuwu.staff.models import AttendanceDay, AttendanceImport, Employee
from fuwu.staff.pairing import PairedShift, pair, scheduled_days
from fuwu.staff.readers import AttendanceFile, AttendanceFileError, DayRecord, Place, read_attendance
from fuwu.staff.readers.cells import employee_number  # the files' own rule, so both sides compare alike
from fuwu.staff.services.ledger import LedgerChange
from fuwu.staff.services.reconcile import reconcile_months

Progress = Callable[[int, int], None]  # (done, of): shifts stored so far
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
    batch: AttendanceImport
    ledger: LedgerChange


def import_attendance(
    *,
    site: Site,
    data: bytes,
    filename: str,
    by: User | None,
    source: str | None = None,
    progress: Progress | None = None,
) -> Imported:
    """Read the file, match its people to the site's employees, store the shifts and evaluate the months
    they touch. Raises ImportRefused with every problem when any row is bad; then nothing is stored."""
    try:
        found = read_attendance(data, filename, source=source)
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
            _store({employee: shifts[employee] for employee in chunk}, batch, zone, by)
            done += sum(len(shifts[employee]) for employee in chunk)
            if progress is not None:
                progress(done, batch.rows)
        months = {(employee, s.day.replace(day=1)) for employee, rows in shifts.items() for s in rows}
        change = reconcile_months(months, by=by)
        return Imported(batch, change)


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
    for record in found.days:
        employee = _match(people, record.employee_no, record.name)
        if employee is None:
            problems.append(Problem(record.place, _unknown(record.employee_no, record.name)))
            continue
        paired = _day_shift(employee, record)
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
        calendar = work_calendar()
        first = min(tap.date() for rows in taps.values() for tap in rows)
        last = max(tap.date() for rows in taps.values() for tap in rows)
        for employee, rows in taps.items():
            days = scheduled_days(employee.shift, first, last, calendar)
            shifts[employee].extend(pair(employee.shift, days, rows))
    return dict(shifts), problems


def _unknown(employee_no: str | None, name: str) -> str:
    if employee_no:
        return _("No employee of this site has the number %(number)s (%(name)s).") % {
            "number": employee_no,
            "name": name or "—",
        }
    return _("No employee of this site is called %(name)s.") % {"name": name}


def _day_shift(employee: Employee, record: DayRecord) -> PairedShift | None:
    """The shift of a day-level row: its own times where it names them, else the employee's shift."""
    if record.shift is not None and record.shift.rest:
        return None
    start = record.shift.start if record.shift is not None and record.shift.start else employee.shift.start
    end = record.shift.end if record.shift is not None and record.shift.end else employee.shift.end
    ins = [slot.clock_in for slot in record.slots if slot.clock_in is not None]
    outs = [slot.clock_out for slot in record.slots if slot.clock_out is not None]
    # A split shift is one shift with a break: its first clock-in and its last clock-out.
    return PairedShift(record.date, start, end, ins[0] if ins else None, outs[-1] if outs else None)


def _store(
    shifts: dict[Employee, list[PairedShift]], batch: AttendanceImport, zone: dt.tzinfo, by: User | None
) -> None:
    """Some employees' shifts: new ones in one insert, a shift imported before gets the new times (its
    audit entry showing before and after), the same times again change nothing."""
    days = [s.day for rows in shifts.values() for s in rows]
    existing = {
        (row.employee_id, row.day, row.shift_start): row
        for row in AttendanceDay.objects.filter(employee__in=list(shifts), day__range=(min(days), max(days)))
    }
    fresh: list[AttendanceDay] = []
    for employee, rows in shifts.items():
        for shift in rows:
            clock_in = shift.clock_in.replace(tzinfo=zone) if shift.clock_in else None
            clock_out = shift.clock_out.replace(tzinfo=zone) if shift.clock_out else None
            row = existing.get((employee.pk, shift.day, shift.start))
            if row is None:
                fresh.append(
                    AttendanceDay(
                        employee=employee,
                        day=shift.day,
                        shift_start=shift.start,
                        shift_end=shift.end,
                        clock_in=clock_in,
                        clock_out=clock_out,
                        source=batch,
                    )
                )
            elif (row.shift_end, row.clock_in, row.clock_out) != (shift.end, clock_in, clock_out):
                before = audit.snapshot(row)
                row.shift_end, row.clock_in, row.clock_out, row.source = shift.end, clock_in, clock_out, batch
                row.correction = ""
                row.save()
                audit.record(
                    actor=by,
                    action="attendance.reimport",
                    obj=row,
                    before=before,
                    after=audit.snapshot(row),
                    site=employee.site,
                )
    AttendanceDay.objects.bulk_create(fresh, batch_size=2000)
