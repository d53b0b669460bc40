"""Leave the export shows (DingTalk's 请假记录, leave names in the day rows' 打卡结果) beside the leave
approved in Fuwu, day by day over the people's scheduled days; the differences in runs of days."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass
from typing import Any

from fuwu.regulations.calendars import CalendarYearUnknown
from fuwu.regulations.services import CalendarMissing
from fuwu.staff.leave_facts import LONGEST, covered_days
from fuwu.staff.models import Employee, Leave
from fuwu.staff.readers import AttendanceFile
from fuwu.staff.schedules import Schedule

# The vendors' leave names Fuwu has a kind of leave for; 调休 and the like have none.
KINDS = {
    "事假": Leave.Type.PERSONAL,
    "病假": Leave.Type.SICK,
    "年假": Leave.Type.ANNUAL,
    "婚假": Leave.Type.MARRIAGE,
    "产假": Leave.Type.MATERNITY,
    "丧假": Leave.Type.BEREAVEMENT,
}
GENERIC = "请假"  # WeCom's 无需打卡(请假): leave of a kind it does not say
LONGEST_RECORD = 400  # days of one 请假记录 row looked at, whatever it claims

# Which side a difference is on.
EXPORT = "export"  # in the export, not approved in Fuwu
FUWU = "fuwu"  # approved in Fuwu, not in the export
KIND = "kind"  # on both, as different kinds of leave


@dataclass(frozen=True)
class LeaveDifference:
    """A run of one person's scheduled days on which the export and Fuwu's approved leave differ the same
    way: ``export_kind`` is the export's word ('' when it shows no leave), ``fuwu_kind`` a Leave.Type
    value ('' when Fuwu has none approved)."""

    employee: int  # the person's id (the user's, as in GET /staff)
    name: str
    number: str
    side: str
    first: dt.date
    last: dt.date
    export_kind: str
    fuwu_kind: str

    def as_json(self) -> dict[str, Any]:
        return {
            "employee": self.employee,
            "name": self.name,
            "number": self.number,
            "side": self.side,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "export_kind": self.export_kind,
            "fuwu_kind": self.fuwu_kind,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LeaveDifference:
        return cls(
            int(data["employee"]),
            str(data["name"]),
            str(data["number"]),
            str(data["side"]),
            dt.date.fromisoformat(data["first"]),
            dt.date.fromisoformat(data["last"]),
            str(data["export_kind"]),
            str(data["fuwu_kind"]),
        )

    @property
    def fuwu_label(self) -> str:
        return str(Leave.Type(self.fuwu_kind).label) if self.fuwu_kind in Leave.Type.values else ""


def leave_word(word: str) -> str | None:
    """The kind of leave a vendor's word names (事假, 病假, 调休 …; 请假 for a kind not said), else None."""
    if word in KINDS or word == "调休" or (word.endswith("假") and len(word) <= 4):
        return word
    if GENERIC in word:
        return GENERIC
    return None


def compare_leave(
    found: AttendanceFile,
    days: Mapping[Employee, Set[dt.date]],
    match: Callable[[str | None, str], Employee | None],
    schedule: Schedule,
) -> list[LeaveDifference]:
    """The differences for the people the import stored shifts of: every day the export gives approved
    leave and Fuwu has none (or another kind), and every scheduled day of the file's period Fuwu has
    approved leave and the export shows none."""
    people = {employee.pk: employee for employee in days}
    export: dict[tuple[int, dt.date], str] = {}
    for record in found.leave:
        employee = match(record.employee_no, record.name)
        if not record.approved or employee is None or employee.pk not in people:
            continue
        for day in _scheduled(schedule, employee, record.start.date(), record.end.date()):
            export[(employee.pk, day)] = record.kind
    for row in found.days:
        kinds = [kind for kind in map(leave_word, row.vendor_results) if kind is not None]
        employee = match(row.employee_no, row.name) if kinds else None
        if employee is not None and employee.pk in people:
            export.setdefault((employee.pk, row.date), kinds[0])
    period = (found.first_date, found.last_date)
    low = min([period[0], *(day for _pk, day in export)])
    high = max([period[1], *(day for _pk, day in export)])
    fuwu = _approved(people, low, high, schedule)
    dates_of: dict[int, set[dt.date]] = defaultdict(set)
    for pk, day in [*export, *fuwu]:
        dates_of[pk].add(day)
    differences: list[LeaveDifference] = []
    for pk in sorted(dates_of):
        dates = sorted(dates_of[pk])
        run: list[tuple[dt.date, tuple[str, str, str]]] = []
        for day in dates:
            said, approved = export.get((pk, day), ""), fuwu.get((pk, day), "")
            side = _side(said, approved, period[0] <= day <= period[1])
            if run and (side is None or run[-1][1] != (side, said, approved)):
                differences.append(_difference(people[pk], run))
                run = []
            if side is not None:
                run.append((day, (side, said, approved)))
        if run:
            differences.append(_difference(people[pk], run))
    differences.sort(key=lambda item: (item.first, item.number, item.name))
    return differences


def _side(said: str, approved: str, in_period: bool) -> str | None:
    if said and not approved:
        return EXPORT
    if approved and not said:
        return FUWU if in_period else None
    kind = KINDS.get(said)
    if said and approved and kind is not None and kind != approved:
        return KIND
    return None


def _difference(employee: Employee, run: list[tuple[dt.date, tuple[str, str, str]]]) -> LeaveDifference:
    side, said, approved = run[0][1]
    user = employee.user
    return LeaveDifference(
        user.pk, user.display_name, user.employee_no or "", side, run[0][0], run[-1][0], said, approved
    )


def _scheduled(schedule: Schedule, employee: Employee, first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The employee's scheduled days from ``first`` to ``last``; days of a year the calendar does not
    know are left out (nothing can say whether they are worked)."""
    day = first
    for _ in range(LONGEST_RECORD):
        if day > last:
            return
        try:
            if schedule.works_on(employee, day):
                yield day
        except CalendarYearUnknown:
            pass
        day += dt.timedelta(days=1)


def _approved(
    people: Mapping[int, Employee], low: dt.date, high: dt.date, schedule: Schedule
) -> dict[tuple[int, dt.date], str]:
    """The days from ``low`` to ``high`` each person's approved leave covers, with its kind (one query)."""
    rows = Leave.objects.filter(
        employee_id__in=list(people),
        status=Leave.Status.APPROVED,
        start__lte=high,
        start__gte=low - dt.timedelta(days=LONGEST),
    ).order_by("start", "pk")
    covered: dict[tuple[int, dt.date], str] = {}
    for leave in rows:
        try:
            days = covered_days(leave, people[leave.employee_id], schedule)
        except CalendarMissing:
            continue  # a year nobody entered: the import's own evaluation says so
        for day, _part in days:
            if low <= day <= high:
                covered[(leave.employee_id, day)] = leave.leave_type
    return covered
