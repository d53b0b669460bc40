"""WeCom (企业微信) 打卡日报: one sheet, a two-row header whose slot names have spaces
(``上班 1 打卡时间``), ``-`` in every empty cell, dates as text or as real Excel dates."""

from __future__ import annotations

from fuwu.staff.readers.daily import DayColumns, read_days, vendor_slots
from fuwu.staff.readers.problems import Problems
from fuwu.staff.readers.records import WECOM
from fuwu.staff.readers.shapes import Found, Shape
from fuwu.staff.readers.tables import Header, Table


def _read_daily(table: Table, header: Header, found: Found, problems: Problems) -> None:
    columns = DayColumns(
        employee_no=header.column("工号"),
        name=header.at("姓名"),
        date=header.at("日期"),
        shift=header.column("班次"),
        slots=vendor_slots(header),
        verdicts=[],
    )
    found.days.extend(read_days(table, header, columns, problems))


DAILY = Shape(
    WECOM,
    "days",
    None,
    # 考勤类型 (固定上下班 …) is WeCom's word; DingTalk's daily sheet has 考勤组 instead.
    marks=("上班 1 打卡时间", "考勤类型"),
    required=("姓名", "日期", "上班 1 打卡时间", "下班 1 打卡时间"),
    read=_read_daily,
)
SHAPES = (DAILY,)
