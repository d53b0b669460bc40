"""Attendance export files built exactly as the vendors write them (../shared/formats/attendance-exports.md):
DingTalk's workbook and BOM CSV, WeCom's daily report, ZKTeco's attlog.dat and its software's Excel.

Each builder takes the same small facts — who, which day, which punches as the clock shows them — and
writes the bytes the way that source does: its title rows, merged header groups, spacing and its own
words for a missing punch (DingTalk 缺卡, 考勤明细 and ZKTeco 未打卡, WeCom ``-``). Tests read them
back; the demo data can build realistic months with ``month``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

NORMAL = "正常班 09:00-18:00"
REST = "休息"
WEEKDAYS = "一二三四五六日"
Clock = tuple[str, str]  # (clock-in, clock-out) as the clock shows them: "08:57", "次日 02:05"; "" = missing


@dataclass(frozen=True)
class Day:
    """One employee's day: the shift as DingTalk names it and each slot's punches (seconds optional,
    shown by punch-level sources only). ``results`` are the vendor's words per slot; by default 正常,
    缺卡 for a missing punch, 休息 on a rest day."""

    employee_no: str
    name: str
    day: dt.date
    punches: tuple[Clock, ...] = (("08:57:14", "18:03:40"),)
    shift: str = NORMAL
    results: tuple[Clock, ...] = ()
    department: str = "工程部"
    double_tap: bool = False  # a second clock-in tap 3 s after the first (punch-level sources)

    def result(self, slot: int, side: int) -> str:
        if self.results:
            return self.results[slot][side]
        if self.shift == REST:
            return "休息"
        return "正常" if self.punches[slot][side] else "缺卡"


@dataclass(frozen=True)
class Leave:
    employee_no: str
    name: str
    kind: str
    period: str  # as 请假记录 writes it: "2026-03-05 上午 ~ 2026-03-05 下午"
    hours: str
    days: str
    status: str = "审批通过"


def at(day: dt.date, clock: str) -> dt.datetime:
    """The moment a punch written ``clock`` on ``day`` is: ``次日 02:05`` is the next day's 02:05."""
    offset = 0
    for word, days in (("次日", 1), ("昨日", -1)):
        if clock.startswith(word):
            offset, clock = days, clock[len(word) :].strip()
    parts = [int(part) for part in clock.split(":")]
    hour, minute, second = (*parts, 0, 0)[:3]
    return dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(hour, minute, second))


def minutes(clock: str) -> str:
    """``08:57:14`` as DingTalk's daily report shows it: ``08:57`` (次日 kept)."""
    if clock.count(":") == 2:
        return clock[:-3]
    return clock


def month(
    people: Sequence[tuple[str, str]],
    first: dt.date,
    last: dt.date,
    is_workday: Callable[[dt.date], bool],
    clock: Callable[[str, dt.date], Clock] = lambda no, day: ("08:57:14", "18:03:40"),
) -> list[Day]:
    """Every day of ``first`` … ``last`` for each person: 正常班 on workdays (punches from ``clock``),
    休息 otherwise — for realistic demo months."""
    days = []
    day = first
    while day <= last:
        for employee_no, name in people:
            if is_workday(day):
                days.append(Day(employee_no, name, day, (clock(employee_no, day),)))
            else:
                days.append(Day(employee_no, name, day, (("", ""),), shift=REST))
        day += dt.timedelta(days=1)
    return days


# --- DingTalk 考勤统计 ------------------------------------------------------------------------------

FIXED = ("姓名", "考勤组", "部门", "工号", "职位", "UserId", "日期", "班次")
COUNTS: tuple[str, ...] = (
    "出勤天数",
    "休息天数",
    "工作时长",
    "迟到次数",
    "迟到时长",
    "严重迟到次数",
    "严重迟到时长",
)
COUNTS += ("旷工迟到次数", "早退次数", "早退时长", "上班缺卡次数", "下班缺卡次数", "旷工天数")
LEAVE_KINDS = ("事假", "病假", "年假", "调休")


def _slot_count(days: Iterable[Day]) -> int:
    return max((len(day.punches) for day in days), default=1)


def dingtalk_daily_rows(days: Sequence[Day]) -> tuple[list[list[Any]], list[list[Any]]]:
    """每日统计's two header rows (group row with blanks where merged, leaf row) and its data rows."""
    groups: list[Any] = [*FIXED]
    leaves: list[Any] = [None] * len(FIXED)
    slots = _slot_count(days)
    for number in range(1, slots + 1):
        for word in ("上班", "下班"):
            leaves += [f"{word}{number}打卡时间", f"{word}{number}打卡结果"]
    groups += ["考勤结果", *[None] * (4 * slots - 1), "关联的审批单", "出勤统计", *[None] * (len(COUNTS) - 1)]
    leaves += [None, *COUNTS]
    groups += ["请假", *[None] * (len(LEAVE_KINDS) - 1)]
    leaves += list(LEAVE_KINDS)
    rows = []
    for day in days:
        weekday = WEEKDAYS[day.day.weekday()]
        row: list[Any] = [
            day.name,
            "总部考勤组",
            day.department,
            day.employee_no,
            "员工",
            f"u{day.employee_no}",
        ]
        row += [f"{day.day:%y-%m-%d} 星期{weekday}", day.shift]
        for slot in range(slots):
            for side in (0, 1):
                punched = slot < len(day.punches) and day.punches[slot][side]
                used = slot < len(day.punches)
                row += [
                    minutes(day.punches[slot][side]) if punched else "",
                    day.result(slot, side) if used else "",
                ]
        rest = day.shift == REST
        row += ["", 0 if rest else 1, 1 if rest else 0, 0 if rest else 540, *[0] * (len(COUNTS) - 3)]
        row += [0] * len(LEAVE_KINDS)
        rows.append(row)
    return [groups, leaves], rows


def _period(days: Sequence[Day]) -> tuple[dt.date, dt.date]:
    dates = [day.day for day in days]
    return min(dates).replace(day=1), max(dates)


def _titled(sheet: Any, title: str, width: int, generated: str = "报表生成时间：2026-04-01 09:12") -> None:
    """Rows 1–2 as DingTalk writes them: the title and the generation time, each merged across."""
    last = get_column_letter(width)
    sheet.append([title])
    sheet.append([generated])
    sheet.merge_cells(f"A1:{last}1")
    sheet.merge_cells(f"A2:{last}2")


def _two_level(sheet: Any, groups: Sequence[Any], leaves: Sequence[Any], top: int) -> None:
    """Header rows ``top`` and ``top + 1``: a cell alone merges down, a group merges across its leaves."""
    sheet.append(list(groups))
    sheet.append(list(leaves))
    column = 0
    while column < len(groups):
        end = column
        while end + 1 < len(groups) and groups[end + 1] is None and leaves[end + 1] is not None:
            end += 1
        first, last = get_column_letter(column + 1), get_column_letter(end + 1)
        if leaves[column] is None:
            sheet.merge_cells(f"{first}{top}:{first}{top + 1}")
        elif end > column:
            sheet.merge_cells(f"{first}{top}:{last}{top}")
        column = end + 1


def dingtalk_workbook(
    days: Sequence[Day], leave: Sequence[Leave] = (), *, detail: bool = True, monthly: bool = True
) -> bytes:
    """The 考勤统计 workbook: 每日统计, 月度汇总, 考勤明细 and 请假记录 as DingTalk exports them."""
    book = Workbook()
    start, end = _period(days)
    daily = book.active
    daily.title = "每日统计"
    header, rows = dingtalk_daily_rows(days)
    _titled(daily, f"每日统计表 统计日期：{start} 至 {end}", len(header[1]))
    _two_level(daily, header[0], header[1], 3)
    for row in rows:
        daily.append(row)
    if monthly:
        _monthly(book.create_sheet("月度汇总"), days, start, end)
    if detail:
        _detail(book.create_sheet("考勤明细"), days, start, end)
    if leave:
        _leave(book.create_sheet("请假记录"), leave, start, end)
    return to_bytes(book)


def dingtalk_csv(days: Sequence[Day]) -> bytes:
    """每日统计 saved as CSV: UTF-8 with a BOM, the same title rows, merged cells written empty."""
    start, end = _period(days)
    header, rows = dingtalk_daily_rows(days)
    width = len(header[1])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"每日统计表 统计日期：{start} 至 {end}", *[""] * (width - 1)])
    writer.writerow(["报表生成时间：2026-04-01 09:12", *[""] * (width - 1)])
    for row in [*header, *rows]:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue().encode("utf-8-sig")


def _monthly(sheet: Any, days: Sequence[Day], start: dt.date, end: dt.date) -> None:
    fixed = ["姓名", "考勤组", "部门", "工号", "UserId", "出勤天数", "休息天数", "迟到次数", "旷工天数"]
    fixed += ["事假（时）", "病假（时）", "年假（天）", "丧假（天）"]
    numbers = [str(number) for number in range(1, 32)]
    _titled(sheet, f"月度汇总 统计日期：{start} 至 {end}", len(fixed) + len(numbers))
    _two_level(sheet, [*fixed, "考勤结果", *[None] * 30], [*[None] * len(fixed), *numbers], 3)
    people = dict.fromkeys((day.employee_no, day.name, day.department) for day in days)
    for employee_no, name, department in people:
        mine = {day.day.day: day for day in days if day.employee_no == employee_no}
        worked = sum(1 for day in mine.values() if day.shift != REST)
        row: list[Any] = [name, "总部考勤组", department, employee_no, f"u{employee_no}", worked]
        row += [len(mine) - worked, 0, 0, 0, 0, 0, 0]
        for number in range(1, 32):
            day = mine.get(number)
            if day is None:
                row.append("")
            elif day.shift == REST:
                row.append("休息")
            else:
                row.append("上班缺卡" if not day.punches[0][0] else "正常")
        sheet.append(row)


def _detail(sheet: Any, days: Sequence[Day], start: dt.date, end: dt.date) -> None:
    """考勤明细: one row per planned punch; a missing one has no time and reads 未打卡."""
    header = [
        "姓名",
        "考勤组",
        "部门",
        "考勤日期",
        "考勤时间",
        "打卡时间",
        "打卡结果",
        "打卡地址",
        "打卡备注",
    ]
    header += ["异常打卡原因", "打卡图片", "打卡设备", "管理员修改备注"]
    _titled(sheet, f"考勤明细 统计日期：{start} 至 {end}", len(header))
    sheet.append(header)
    for day in days:
        if day.shift == REST:
            continue
        for slot, clocks in enumerate(day.punches):
            for side, clock in enumerate(clocks):
                planned = ("09:00", "18:00")[side]
                result = day.result(slot, side) if clock else "未打卡"
                shown = (clock if clock.count(":") == 2 else f"{clock}:00") if clock else ""
                row = [day.name, "总部考勤组", day.department, f"{day.day}", planned, shown, result]
                row += [
                    "上海市浦东新区锦绣路1号" if clock else "",
                    "",
                    "",
                    "",
                    "考勤机M2" if clock else "",
                    "",
                ]
                sheet.append(row)
                if clock and side == 0 and day.double_tap:
                    again = at(day.day, clock) + dt.timedelta(seconds=3)
                    sheet.append([*row[:5], f"{again:%H:%M:%S}", "正常", *row[7:]])


def _leave(sheet: Any, leave: Sequence[Leave], start: dt.date, end: dt.date) -> None:
    header = ["姓名", "考勤组", "部门", "工号", "职位", "假期类型", "请假时间", "请假时长(小时)"]
    header += ["请假时长(天)", "关联审批单", "审批单状态"]
    _titled(sheet, f"请假记录 统计日期：{start} 至 {end}", len(header))
    sheet.append(header)
    for number, item in enumerate(leave, 1):
        row = [item.name, "总部考勤组", "工程部", item.employee_no, "员工", item.kind, item.period]
        sheet.append([*row, item.hours, item.days, f"20260301{number:06d}", item.status])


def to_bytes(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- WeCom 打卡日报 --------------------------------------------------------------------------------

BASIC = ("工号", "部门", "组织架构", "性别", "人员类型", "员工状态", "入职日期", "离职日期", "日期", "星期")


def wecom_report(days: Sequence[Day], *, excel_dates: bool = False, title: str | None = None) -> bytes:
    """The daily report: a two-row header (``第 1 次上班`` over ``上班 1 打卡时间`` …), ``-`` in every
    empty cell, 日期 as text ``2026/03/02`` or, with ``excel_dates``, as real Excel dates."""
    book = Workbook()
    sheet = book.active
    sheet.title = "上下班打卡_日报"
    slots = _slot_count(days)
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
    _two_level(sheet, groups, leaves, top)
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


def edit_workbook(data: bytes, changes: dict[str, dict[str, Any]]) -> bytes:
    """The workbook with some cells rewritten (sheet → {"I6": value}), to make a bad file from a good one."""
    book = opened(data)
    for title, cells in changes.items():
        for address, value in cells.items():
            book[title][address] = value
    return to_bytes(book)


def delete_column(data: bytes, title: str, column: int) -> bytes:
    """The workbook without one column of a sheet (1-based), to refuse a file that lacks it."""
    book = opened(data)
    sheet = book[title]
    for merged in list(sheet.merged_cells.ranges):
        sheet.unmerge_cells(str(merged))
    sheet.delete_cols(column)
    return to_bytes(book)


def drop_sheets(data: bytes, *titles: str) -> bytes:
    """The workbook without some of its sheets."""
    book = opened(data)
    for title in titles:
        del book[title]
    return to_bytes(book)


def opened(data: bytes) -> Any:
    """A built file as an openpyxl workbook again, to change it."""
    return load_workbook(io.BytesIO(data))
