"""DingTalk (钉钉) 考勤统计 workbooks and their CSV: 每日统计 gives the days, 考勤明细 the punches,
请假记录 the leave.

月度汇总 is recognised and not read: its day texts (``上班迟到12分钟``) are the vendor's verdicts that
每日统计 already gives per punch, and Fuwu never trusts them for money. 补卡记录, 出差记录 and 外出记录
are recognised and not read either.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext

from fuwu.staff.readers import problems as say
from fuwu.staff.readers.cells import (
    BadValue,
    employee_number,
    parse_date,
    parse_decimal,
    parse_moment,
    text,
    word,
)
from fuwu.staff.readers.daily import DayColumns, read_days, vendor_slots
from fuwu.staff.readers.problems import Problems
from fuwu.staff.readers.punches import PunchColumns, read_punches
from fuwu.staff.readers.records import DINGTALK, LeaveRecord, Place
from fuwu.staff.readers.shapes import Found, Shape
from fuwu.staff.readers.tables import Header, Table, cell, data_rows

# Half days of 请假时间 as DingTalk writes them: 上午 = 09:00–12:00, 下午 = 13:00–18:00.
HALF_DAY_STARTS = {"上午": dt.time(9), "下午": dt.time(13)}
HALF_DAY_ENDS = {"上午": dt.time(12), "下午": dt.time(18)}
APPROVED = "审批通过"
_PERIOD = re.compile(r"\s*[~～]\s*|\s+至\s+")


def _read_daily(table: Table, header: Header, found: Found, problems: Problems) -> None:
    columns = DayColumns(
        employee_no=header.column("工号"),
        name=header.at("姓名"),
        date=header.at("日期"),
        shift=header.at("班次"),
        slots=vendor_slots(header),
        verdicts=[],
    )
    found.days.extend(read_days(table, header, columns, problems))


def _read_detail(table: Table, header: Header, found: Found, problems: Problems) -> None:
    columns = PunchColumns(
        employee_no=header.column("工号"),
        name=header.at("姓名"),
        at=header.at("打卡时间"),
        date=header.at("考勤日期"),
        device=header.column("打卡设备"),
    )
    # 考勤明细 has no 工号 column: a name that 每日统计 gives one number to gets that number.
    numbers = found.numbers_by_name()
    found.punches.extend(read_punches(table, header, columns, problems, numbers))


def _read_leave(table: Table, header: Header, found: Found, problems: Problems) -> None:
    number_column, name_column = header.column("工号"), header.at("姓名")
    kind_column, period_column = header.at("假期类型"), header.at("请假时间")
    status_column = header.at("审批单状态")
    hours_column, days_column = header.column("请假时长(小时)"), header.column("请假时长(天)")
    for number, row in data_rows(table, header):
        place = Place(table.name, number)
        employee_no = employee_number(cell(row, number_column))
        name = word(cell(row, name_column))
        if employee_no is None and not name:
            problems.add(place, say.nobody())
            continue
        before = len(problems.found)
        period = text(cell(row, period_column))
        start = end = None
        try:
            start, end = leave_period(period)
        except BadValue:
            problems.add(Place(table.name, number, header.label(period_column)), _bad_period(period))
        if start is not None and end is not None and end < start:
            problems.add(Place(table.name, number, header.label(period_column)), _backwards())
        amounts = []
        for column in (hours_column, days_column):
            try:
                amounts.append(parse_decimal(cell(row, column)))
            except BadValue as bad:
                assert column is not None  # an absent column reads as empty, never as bad
                problems.add(Place(table.name, number, header.label(column)), say.bad_number(bad.text))
        if len(problems.found) == before and start is not None and end is not None:
            hours, days = amounts
            kind = word(cell(row, kind_column))
            approved = word(cell(row, status_column)) == APPROVED
            found.leave.append(LeaveRecord(place, employee_no, name, kind, start, end, hours, days, approved))


def leave_period(found: str) -> tuple[dt.datetime, dt.datetime]:
    """``2026-03-05 上午 ~ 2026-03-05 下午`` → 09:00 to 18:00 that day; times are taken as written and a
    bare date is the whole working day."""
    parts = _PERIOD.split(found.strip())
    if len(parts) != 2:
        raise BadValue(found)
    return _moment(parts[0], HALF_DAY_STARTS, "上午"), _moment(parts[1], HALF_DAY_ENDS, "下午")


def _moment(part: str, halves: dict[str, dt.time], whole_day: str) -> dt.datetime:
    part = part.strip()
    for half, clock in halves.items():
        if part.endswith(half):
            return dt.datetime.combine(parse_date(part[: -len(half)].strip()), clock)
    try:
        return dt.datetime.combine(parse_date(part), halves[whole_day])
    except BadValue:
        return parse_moment(part)


def _bad_period(found: str) -> str:
    return gettext("“%(text)s” is not a leave period (such as 2026-03-05 上午 ~ 2026-03-05 下午).") % {
        "text": found
    }


def _backwards() -> str:
    return gettext("The leave ends before it starts.")


DAILY = Shape(
    DINGTALK,
    "days",
    "每日统计",
    marks=("考勤组", "上班1打卡时间"),
    required=("姓名", "日期", "班次", "上班1打卡时间", "下班1打卡时间"),
    read=_read_daily,
)
DETAIL = Shape(
    DINGTALK,
    "punches",
    "考勤明细",
    marks=("考勤日期", "打卡时间"),
    required=("姓名", "考勤日期", "打卡时间"),
    read=_read_detail,
)
LEAVE = Shape(
    DINGTALK,
    "leave",
    "请假记录",
    marks=("假期类型", "请假时间"),
    required=("姓名", "假期类型", "请假时间", "审批单状态"),
    read=_read_leave,
)
SHAPES = (
    DAILY,
    DETAIL,
    LEAVE,
    *(
        Shape(DINGTALK, "ignored", sheet, (), ())
        for sheet in ("月度汇总", "补卡记录", "出差记录", "外出记录")
    ),
)
