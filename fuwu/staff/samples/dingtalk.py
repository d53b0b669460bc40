"""DingTalk's 考勤统计 workbook and its BOM CSV, built exactly as DingTalk writes them."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from fuwu.staff.samples.days import REST, WEEKDAYS, Day, Leave, at, minutes

# The columns of 每日统计 as DingTalk names them.
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


def slot_count(days: Iterable[Day]) -> int:
    return max((len(day.punches) for day in days), default=1)


def dingtalk_daily_rows(days: Sequence[Day]) -> tuple[list[list[Any]], list[list[Any]]]:
    """每日统计's two header rows (group row with blanks where merged, leaf row) and its data rows."""
    groups: list[Any] = [*FIXED]
    leaves: list[Any] = [None] * len(FIXED)
    slots = slot_count(days)
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


def two_level_header(sheet: Any, groups: Sequence[Any], leaves: Sequence[Any], top: int) -> None:
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
    two_level_header(daily, header[0], header[1], 3)
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
    two_level_header(sheet, [*fixed, "考勤结果", *[None] * 30], [*[None] * len(fixed), *numbers], 3)
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
