"""What an attendance export says, as read: days, punches and leave, each placed where the file has it.

Every date and time is naive local time (Asia/Shanghai), exactly as the clock or the vendor wrote it: the
exports carry no zone, and the importer attaches the site's zone when it stores them.

Employees are named by ``employee_no`` when the file gives one, else by ``name``. ``employee_no`` is
written without leading zeros when it is all digits (ZKTeco pads numbers to 8 digits, DingTalk does
not), so the same person has the same number whichever source the file came from; compare numbers
only in this form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

DINGTALK = "dingtalk"
WECOM = "wecom"
ZKTECO = "zkteco"
SOURCES = (DINGTALK, WECOM, ZKTECO)


@dataclass(frozen=True, slots=True)
class Place:
    """Where something is in the file: the sheet (or the file's name for CSV and attlog), the row as Excel
    or a text editor numbers it (1-based), and the column by its header text (None: the whole row)."""

    sheet: str
    row: int
    column: str | None = None

    def __str__(self) -> str:
        if self.column is None:
            return gettext("%(sheet)s row %(row)s") % {"sheet": self.sheet, "row": self.row}
        return gettext("%(sheet)s row %(row)s, column “%(column)s”") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
        }


@dataclass(frozen=True, slots=True)
class ShiftText:
    """The shift a row names (DingTalk 班次 ``正常班 09:00-18:00``, ``休息``): its name and, where written,
    its times (an end before the start ends the next day)."""

    name: str
    start: dt.time | None
    end: dt.time | None
    rest: bool


@dataclass(frozen=True, slots=True)
class PunchSlot:
    """One clock-in/clock-out pair of a day row (slot 2 and 3 are the later parts of a split shift).

    A missing punch is None however the source wrote it (empty, 缺卡, 未打卡, ``-``); a punch written
    ``次日 02:05`` is on the day after the row's date. The results are the vendor's words, '' if none."""

    number: int
    clock_in: dt.datetime | None
    clock_out: dt.datetime | None
    in_result: str
    out_result: str


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One employee's day as a day-level report gives it (DingTalk 每日统计, WeCom 日报, ZKTeco 日报表).

    ``vendor_results`` are the vendor's own verdicts of the day (迟到, 旷工, 未打卡 …), each once, in
    column order: shown for comparison, never used for money."""

    place: Place
    employee_no: str | None
    name: str
    date: dt.date
    shift: ShiftText | None
    slots: list[PunchSlot]
    vendor_results: list[str]

    @property
    def employee(self) -> str:
        return self.employee_no if self.employee_no is not None else self.name


@dataclass(frozen=True, slots=True)
class PunchRecord:
    """One tap on a clock (attlog, DingTalk 考勤明细, ZKTeco raw records), not yet paired into a shift."""

    place: Place
    employee_no: str | None
    name: str
    at: dt.datetime
    device: str

    @property
    def employee(self) -> str:
        return self.employee_no if self.employee_no is not None else self.name


@dataclass(frozen=True, slots=True)
class LeaveRecord:
    """A leave request as DingTalk 请假记录 lists it; only one whose approval passed is ``approved``."""

    place: Place
    employee_no: str | None
    name: str
    kind: str
    start: dt.datetime
    end: dt.datetime
    hours: Decimal | None
    days: Decimal | None
    approved: bool

    @property
    def employee(self) -> str:
        return self.employee_no if self.employee_no is not None else self.name


@dataclass(frozen=True, slots=True)
class AttendanceFile:
    """Everything read from one export. The reader returns one only if it holds a day or a punch."""

    source: str
    days: list[DayRecord]
    punches: list[PunchRecord]
    leave: list[LeaveRecord]

    @property
    def employees(self) -> set[str]:
        """Each person once: the employee number where the file gives one, else the name."""
        found = {record.employee for record in self.days}
        found.update(record.employee for record in self.punches)
        found.update(record.employee for record in self.leave)
        return found

    @property
    def first_date(self) -> dt.date:
        """The first day with attendance (days and punches; leave may reach outside the period)."""
        return min(self._dates())

    @property
    def last_date(self) -> dt.date:
        return max(self._dates())

    def _dates(self) -> list[dt.date]:
        dates = [record.date for record in self.days]
        dates.extend(record.at.date() for record in self.punches)
        return dates


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """A saved layout for an export Fuwu does not know: Fuwu's field → the header text in the file.

    Fields: ``employee_no``, ``name``, ``date``, ``shift``, ``in_1``/``out_1`` (``in_2`` … for split
    shifts) for one row per day, or ``at`` (with ``date`` when it holds only a time) and ``device`` for
    one row per punch."""

    name: str
    columns: dict[str, str]
