"""ZKTeco (中控) clock machines: the device's ``attlog.dat`` and its PC software's Excel exports (raw
records and daily results). Staff numbers come zero-padded to 8 digits and are read without the zeros."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from fuwu.staff.readers import problems as say
from fuwu.staff.readers.cells import BadValue, employee_number, parse_moment
from fuwu.staff.readers.daily import DayColumns, SlotColumns, read_days
from fuwu.staff.readers.problems import Problems
from fuwu.staff.readers.punches import PunchColumns, Taps, read_punches
from fuwu.staff.readers.records import ZKTECO, Place, PunchRecord
from fuwu.staff.readers.shapes import Found, Shape
from fuwu.staff.readers.tables import Header, Table

# An attlog line: the number right-aligned to 9 characters, a tab, the moment, then device, in/out flag,
# verify mode and work code. The in/out flag is often 0 all day, so it is not read.
ATTLOG_LINE = re.compile(r"\s*\S+\t\s*\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}")
# The software's names for the fields, used to place a problem on an attlog line.
NUMBER, MOMENT = "考勤号码", "日期时间"


def looks_like_attlog(filename: str, content: str) -> bool:
    """``…attlog.dat`` by name, or text whose first line is a tab-separated punch."""
    if filename.lower().endswith("attlog.dat"):
        return True
    first = next((line for line in content.splitlines() if line.strip()), "")
    return ATTLOG_LINE.match(first) is not None


def read_attlog(name: str, content: str, problems: Problems) -> list[PunchRecord]:
    """Every punch of an attlog (LF or CRLF); blank lines are skipped."""
    taps = Taps()
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            problems.add(Place(name, number), _not_a_punch())
            continue
        employee_no = employee_number(fields[0])
        if employee_no is None:
            problems.add(Place(name, number, NUMBER), say.nobody())
            continue
        try:
            at = parse_moment(fields[1].strip())
        except BadValue as bad:
            problems.add(Place(name, number, MOMENT), say.bad_moment(bad.text))
            continue
        device = fields[2].strip() if len(fields) > 2 else ""
        taps.add(PunchRecord(Place(name, number), employee_no, "", at, device))
    return taps.punches


def _not_a_punch() -> str:
    return gettext("The line is not an attlog punch (number, date and time, device … separated by tabs).")


def _read_raw(table: Table, header: Header, found: Found, problems: Problems) -> None:
    columns = PunchColumns(
        employee_no=header.at("考勤号码"),
        name=header.column("姓名"),
        at=header.at("日期时间"),
        date=None,
        device=header.column("机器号"),
    )
    found.punches.extend(read_punches(table, header, columns, problems))


def _read_daily(table: Table, header: Header, found: Found, problems: Problems) -> None:
    slot = SlotColumns(1, header.at("上班时间"), None, header.at("下班时间"), None)
    columns = DayColumns(
        employee_no=header.at("考勤号码"),
        name=header.column("姓名"),
        date=header.at("工作日"),
        shift=None,
        slots=[slot],
        verdicts=[column for column in (header.column("出勤情况"),) if column is not None],
        # The daily results write no 次日: a clock-out before the clock-in is the next morning.
        crosses_midnight=True,
    )
    found.days.extend(read_days(table, header, columns, problems))


RAW = Shape(
    ZKTECO,
    "punches",
    None,
    marks=("考勤号码", "日期时间"),
    required=("考勤号码", "日期时间"),
    read=_read_raw,
)
DAILY = Shape(
    ZKTECO,
    "days",
    None,
    marks=("考勤号码", "工作日"),
    required=("考勤号码", "工作日", "上班时间", "下班时间"),
    read=_read_daily,
)
SHAPES = (RAW, DAILY)
