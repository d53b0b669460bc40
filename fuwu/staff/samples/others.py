"""WeCom's daily report and ZKTeco's attlog.dat and PC-software Excel, built as they are exported."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from fuwu.staff.samples.days import REST, WEEKDAYS, Day, at, minutes
from fuwu.staff.samples.dingtalk import slot_count, to_bytes, two_level_header

# --- WeCom 打卡日报 --------------------------------------------------------------------------------

BASIC = ("工号", "部门", "组织架构", "性别", "人员类型", "员工状态", "入职日期", "离职日期", "日期", "星期")


def wecom_report(days: Sequence[Day], *, excel_dates: bool = False, title: str | None = None) -> bytes:
    """The daily report: a two-row header (``第 1 次上班`` over ``上班 1 打卡时间`` …), ``-`` in every
    empty cell, 日期 as text ``2026/03/02`` or, with ``excel_dates``, as real Excel dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = "上下班打卡_日报"
    slots = slot_count(days)
    groups: list[Any] = ["姓名", "基本信息", *[None] * (len(BASIC) - 1), "考勤组信息", None]
    leaves: list[Any] = [None, *BASIC, "班次", "考勤类型"]
    for number in range(1, slots + 1):
        for part in ("上班", "下班"):
            groups += [f"第 {number} 次{part}", None, None, None]
            leaves += [f"{part} {number} {word}" for word in ("打卡时间", "打卡结果", "修改原因", "打卡地点")]
    top = 1
    if title is not None:
        sheet.append([title])
        top = 2
    two_level_header(sheet, groups, leaves, top)
    for day in days:
        shown: Any = day.day if excel_dates else f"{day.day:%Y/%m/%d}"
        row: list[Any] = [day.name, day.employee_no, day.department, f"总部/{day.department}", "男", "正式"]
        row += ["在职", "2024/07/01", "-", shown, f"星期{WEEKDAYS[day.day.weekday()]}"]
        row += ["-" if day.shift == REST else day.shift.replace("正常班", "班次A"), "固定上下班"]
        for slot in range(slots):
            for side in (0, 1):
                if slot >= len(day.punches):
                    row += ["-", "-", "-", "-"]
                    continue
                clock = day.punches[slot][side]
                result = "无需打卡(休息)" if day.shift == REST else day.result(slot, side)
                place = "上海市浦东新区锦绣路1号" if clock else "-"
                row += [minutes(clock) if clock else "-", result, "-", place]
        sheet.append(row)
        if excel_dates:
            sheet.cell(row=sheet.max_row, column=len(BASIC) + 1).number_format = "yyyy/m/d"
    return to_bytes(book)


# --- ZKTeco 中控 -----------------------------------------------------------------------------------


def punches_of(days: Iterable[Day]) -> list[tuple[str, str, dt.datetime]]:
    """Every tap the clock recorded for ``days``: (number, name, moment), double taps included."""
    taps = []
    for day in days:
        for clocks in day.punches:
            for side, clock in enumerate(clocks):
                if not clock:
                    continue
                moment = at(day.day, clock)
                taps.append((day.employee_no, day.name, moment))
                if side == 0 and day.double_tap:
                    taps.append((day.employee_no, day.name, moment + dt.timedelta(seconds=3)))
    return taps


def attlog(days: Iterable[Day], *, crlf: bool = False, device: int = 1) -> bytes:
    """``1_attlog.dat``: number right-aligned to 9, moment, device, in/out flag (left at 0), verify mode
    (15 face), work code; tab-separated."""
    lines = [f"{no:>9}\t{moment:%Y-%m-%d %H:%M:%S}\t{device}\t0\t15\t0" for no, _, moment in punches_of(days)]
    newline = "\r\n" if crlf else "\n"
    return (newline.join(lines) + newline).encode("ascii")


def zkteco_raw(days: Iterable[Day], *, title: str | None = None) -> bytes:
    """The PC software's raw records: 部门, 姓名, 考勤号码 (8 digits, zero-padded), 日期时间 …"""
    book = Workbook()
    sheet = book.active
    sheet.title = "原始记录"
    if title is not None:
        sheet.append([title])
    sheet.append(["部门", "姓名", "考勤号码", "日期时间", "机器号", "编号", "比对方式", "卡号"])
    departments = {day.employee_no: day.department for day in days}
    for number, (no, name, moment) in enumerate(punches_of(days), 1):
        shown = f"{moment.year}/{moment.month}/{moment.day} {moment:%H:%M:%S}"
        sheet.append([departments[no], name, f"{int(no):08d}", shown, "1", str(number), "人脸", ""])
    return to_bytes(book)


def zkteco_daily(days: Iterable[Day]) -> bytes:
    """The software's daily results: 工作日 ``2026/3/2``, the first clock-in and the last clock-out (no
    次日: a night shift's clock-out simply reads earlier), 出勤情况 正常 or 未打卡."""
    book = Workbook()
    sheet = book.active
    sheet.title = "考勤日报表"
    sheet.append(["部门", "姓名", "考勤号码", "工作日", "上班时间", "下班时间", "比对方式", "出勤情况"])
    for day in days:
        if day.shift == REST:
            continue
        clock_in, clock_out = day.punches[0][0], day.punches[-1][1]
        shown = [minutes(clock)[-5:] if clock else "" for clock in (clock_in, clock_out)]
        state = "正常" if clock_in and clock_out else "未打卡"
        worked = f"{day.day.year}/{day.day.month}/{day.day.day}"
        sheet.append([day.department, day.name, f"{int(day.employee_no):08d}", worked, *shown, "人脸", state])
    return to_bytes(book)
