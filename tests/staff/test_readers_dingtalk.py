"""DingTalk's 考勤统计 workbook and its CSV are read as exported: 每日统计 into days, 考勤明细 into punches,
请假记录 into leave; a bad file is refused with every row and column it is wrong in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from fuwu.staff.readers import AttendanceFileError, DayRecord, Place, PunchSlot, ShiftText, read_attendance
from tests.staff import exports
from tests.staff.exports import Day, Leave

D = dt.date
T = dt.datetime
ZHANG, LI, WANG = ("85089", "张伟"), ("1002", "李娜"), ("1003", "王芳")
NIGHT = "夜班 22:00-次日02:00"
SPLIT = "早晚班 08:00-12:00 17:00-21:00"
MONTH = [
    Day(*ZHANG, D(2026, 3, 2)),
    Day(*ZHANG, D(2026, 3, 3), (("09:12:05", "18:00:30"),), results=(("迟到", "正常"),)),
    Day(*ZHANG, D(2026, 3, 4), (("08:55:00", ""),)),
    Day(*ZHANG, D(2026, 3, 7), (("", ""),), shift=exports.REST),
    Day(*LI, D(2026, 3, 2), (("21:56:30", "次日 02:05:10"),), shift=NIGHT, department="保安部"),
    Day(
        *WANG,
        D(2026, 3, 2),
        (("07:58:00", "12:01:00"), ("16:57:00", "21:02:00")),
        shift=SPLIT,
        double_tap=True,
    ),
]
LEAVE = [
    Leave(*ZHANG, "事假", "2026-03-05 上午 ~ 2026-03-05 下午", "8", "1"),
    Leave(*ZHANG, "病假", "2026-03-06 下午 ~ 2026-03-06 下午", "5", "0.5", status="已拒绝"),
    Leave(*LI, "年假", "2026-03-09 09:30 ~ 2026-03-10 18:00", "16", "2", status="审批中"),
]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refusal(data: bytes, filename: str = "考勤报表.xlsx") -> list[str]:
    with pytest.raises(AttendanceFileError) as caught:
        read_attendance(data, filename)
    return [str(problem) for problem in caught.value.problems]


def test_the_daily_sheet_gives_each_day_with_its_shift_and_punches() -> None:
    found = read_attendance(exports.dingtalk_workbook(MONTH, LEAVE), "考勤报表.xlsx")
    assert found.source == "dingtalk"
    assert found.days[0] == DayRecord(
        place=Place("每日统计", 5),
        employee_no="85089",
        name="张伟",
        date=D(2026, 3, 2),
        shift=ShiftText("正常班", dt.time(9), dt.time(18), rest=False),
        slots=[PunchSlot(1, T(2026, 3, 2, 8, 57), T(2026, 3, 2, 18, 3), "正常", "正常")],
        vendor_results=["正常"],
    )
    assert found.days[1].slots[0].in_result == "迟到"
    assert found.days[1].vendor_results == ["迟到", "正常"]
    assert [day.date for day in found.days] == [D(2026, 3, d) for d in (2, 3, 4, 7, 2, 2)]
    assert (found.first_date, found.last_date) == (D(2026, 3, 2), D(2026, 3, 7))
    assert found.employees == {"85089", "1002", "1003"}


def test_a_missing_punch_written_empty_with_que_ka_is_none() -> None:
    day = read_attendance(exports.dingtalk_workbook(MONTH), "考勤报表.xlsx").days[2]
    assert day.slots == [PunchSlot(1, T(2026, 3, 4, 8, 55), None, "正常", "缺卡")]


def test_a_night_shift_clock_out_written_ci_ri_is_on_the_next_day() -> None:
    night = read_attendance(exports.dingtalk_workbook(MONTH), "考勤报表.xlsx").days[4]
    assert night.shift == ShiftText("夜班", dt.time(22), dt.time(2), rest=False)
    assert night.slots[0].clock_in == T(2026, 3, 2, 21, 56)
    assert night.slots[0].clock_out == T(2026, 3, 3, 2, 5)


def test_a_split_shift_has_its_second_slot_and_spans_both_parts() -> None:
    split = read_attendance(exports.dingtalk_workbook(MONTH), "考勤报表.xlsx").days[5]
    assert split.shift == ShiftText("早晚班", dt.time(8), dt.time(21), rest=False)
    assert [(slot.number, slot.clock_in, slot.clock_out) for slot in split.slots] == [
        (1, T(2026, 3, 2, 7, 58), T(2026, 3, 2, 12, 1)),
        (2, T(2026, 3, 2, 16, 57), T(2026, 3, 2, 21, 2)),
    ]
    # The others' empty slot-2 cells give them no second slot.
    days = read_attendance(exports.dingtalk_workbook(MONTH), "考勤报表.xlsx").days
    assert [len(day.slots) for day in days] == [1, 1, 1, 1, 1, 2]


def test_a_rest_day_is_a_rest_shift_without_punches() -> None:
    rest = read_attendance(exports.dingtalk_workbook(MONTH), "考勤报表.xlsx").days[3]
    assert rest.shift == ShiftText("休息", None, None, rest=True)
    assert rest.slots == [PunchSlot(1, None, None, "休息", "休息")]


def test_the_detail_sheet_gives_every_punch_with_seconds_and_the_number_from_the_daily_sheet() -> None:
    punches = read_attendance(exports.dingtalk_workbook(MONTH), "考勤报表.xlsx").punches
    zhang = [(p.employee_no, p.name, p.at, p.device) for p in punches if p.name == "张伟"]
    # 03-04's missing clock-out reads 未打卡 in 考勤明细: it is no punch. The rest day has no rows.
    assert zhang == [
        ("85089", "张伟", T(2026, 3, 2, 8, 57, 14), "考勤机M2"),
        ("85089", "张伟", T(2026, 3, 2, 18, 3, 40), "考勤机M2"),
        ("85089", "张伟", T(2026, 3, 3, 9, 12, 5), "考勤机M2"),
        ("85089", "张伟", T(2026, 3, 3, 18, 0, 30), "考勤机M2"),
        ("85089", "张伟", T(2026, 3, 4, 8, 55), "考勤机M2"),
    ]
    assert punches[0].place == Place("考勤明细", 4)
    night = [p.at for p in punches if p.name == "李娜"]
    assert night == [T(2026, 3, 2, 21, 56, 30), T(2026, 3, 3, 2, 5, 10)]
    # Double taps seconds apart are kept: pairing them is the importer's work.
    wang = [p.at for p in punches if p.name == "王芳"]
    assert wang[:2] == [T(2026, 3, 2, 7, 58), T(2026, 3, 2, 7, 58, 3)]
    assert len(wang) == 6


def test_the_leave_sheet_gives_half_days_times_amounts_and_only_approved_counts() -> None:
    leave = read_attendance(exports.dingtalk_workbook(MONTH, LEAVE), "考勤报表.xlsx").leave
    assert [(item.kind, item.start, item.end, item.hours, item.days, item.approved) for item in leave] == [
        ("事假", T(2026, 3, 5, 9), T(2026, 3, 5, 18), Decimal("8"), Decimal("1"), True),
        ("病假", T(2026, 3, 6, 13), T(2026, 3, 6, 18), Decimal("5"), Decimal("0.5"), False),
        ("年假", T(2026, 3, 9, 9, 30), T(2026, 3, 10, 18), Decimal("16"), Decimal("2"), False),
    ]
    assert leave[2].employee_no == "1002" and leave[2].place == Place("请假记录", 6)


def test_the_monthly_summary_is_recognised_and_not_read() -> None:
    with_summary = read_attendance(exports.dingtalk_workbook(MONTH, monthly=True), "a.xlsx")
    without = read_attendance(exports.dingtalk_workbook(MONTH, monthly=False), "a.xlsx")
    assert with_summary == without


def test_a_workbook_of_the_daily_sheet_alone_is_recognised_whatever_its_name() -> None:
    data = exports.dingtalk_workbook(MONTH, detail=False, monthly=False)
    found = read_attendance(data, "download (3).xlsx")
    assert found.source == "dingtalk" and len(found.days) == 6 and found.punches == []


def test_the_csv_with_a_bom_reads_like_the_daily_sheet() -> None:
    data = exports.dingtalk_csv(MONTH)
    assert data.startswith(b"\xef\xbb\xbf")
    found = read_attendance(data, "每日统计_20260301-20260331.csv")
    sheet = read_attendance(exports.dingtalk_workbook(MONTH, detail=False), "a.xlsx")
    assert found.source == "dingtalk"
    assert found.days[0].place == Place("每日统计_20260301-20260331.csv", 5)
    assert [(d.employee_no, d.date, d.shift, d.slots, d.vendor_results) for d in found.days] == [
        (d.employee_no, d.date, d.shift, d.slots, d.vendor_results) for d in sheet.days
    ]


def test_every_bad_time_and_date_is_named_by_row_and_column() -> None:
    data = exports.edit_workbook(
        exports.dingtalk_workbook(MONTH, detail=False),
        {"每日统计": {"I5": "8点57", "K6": "25:10", "G8": "26-02-30 星期一", "H9": "夜班 22:00-次日 26:00"}},
    )
    assert refusal(data) == [
        "每日统计 row 5, column “上班1打卡时间”: “8点57” is not a clock time (such as 08:57 or 次日 02:05).",
        "每日统计 row 6, column “下班1打卡时间”: “25:10” is not a clock time (such as 08:57 or 次日 02:05).",
        "每日统计 row 8, column “日期”: “26-02-30 星期一” is not a date.",
        "每日统计 row 9, column “班次”: “夜班 22:00-次日 26:00” is not a clock time "
        "(such as 08:57 or 次日 02:05).",
    ]


def test_a_second_row_of_the_same_employee_and_date_is_a_duplicate() -> None:
    data = exports.dingtalk_workbook([*MONTH[:2], MONTH[0]], detail=False)
    assert refusal(data) == [
        "每日统计 row 7, column “日期”: The same employee and date are already on row 5."
    ]


def test_a_row_with_neither_number_nor_name_is_refused() -> None:
    data = exports.edit_workbook(
        exports.dingtalk_workbook(MONTH, detail=False), {"每日统计": {"A6": None, "D6": ""}}
    )
    assert refusal(data) == ["每日统计 row 6: The row has neither an employee number nor a name."]


def test_a_daily_sheet_without_a_required_column_names_it() -> None:
    data = exports.delete_column(exports.dingtalk_workbook(MONTH, detail=False), "每日统计", 8)
    assert refusal(data) == ["每日统计 row 4: The required column “班次” is missing."]


def test_bad_leave_periods_and_amounts_are_refused() -> None:
    leave = [
        Leave(*ZHANG, "事假", "2026-03-05 上午", "8", "1"),
        Leave(*ZHANG, "事假", "2026-03-06 下午 ~ 2026-03-06 上午", "4", "0.5"),
        Leave(*ZHANG, "事假", "2026-03-09 上午 ~ 2026-03-09 下午", "八", "1"),
    ]
    assert refusal(exports.dingtalk_workbook(MONTH, leave)) == [
        "请假记录 row 4, column “请假时间”: “2026-03-05 上午” is not a leave period "
        "(such as 2026-03-05 上午 ~ 2026-03-05 下午).",
        "请假记录 row 5, column “请假时间”: The leave ends before it starts.",
        "请假记录 row 6, column “请假时长(小时)”: “八” is not a number.",
    ]


def test_a_workbook_with_only_the_monthly_summary_is_refused() -> None:
    data = exports.drop_sheets(exports.dingtalk_workbook(MONTH), "每日统计", "考勤明细")
    assert refusal(data) == ["A DingTalk workbook needs its 每日统计 or 考勤明细 sheet."]
