"""WeCom's daily 打卡 report is read as exported: a two-row header with spaces in the slot names, ``-`` in
every empty cell, dates as text or as real Excel dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from fuwu.staff.readers import AttendanceFileError, Place, PunchSlot, ShiftText, read_attendance
from tests.staff import exports
from tests.staff.exports import Day

D = dt.date
T = dt.datetime
ZHANG, LI, WANG = ("85089", "张伟"), ("1002", "李娜"), ("1003", "王芳")
MONTH = [
    Day(*ZHANG, D(2026, 3, 2)),
    Day(*ZHANG, D(2026, 3, 3), (("", "18:00:30"),)),
    Day(*ZHANG, D(2026, 3, 7), (("", ""),), shift=exports.REST),
    Day(*LI, D(2026, 3, 2), (("21:56:30", "次日 02:05:10"),), shift="夜班 22:00-次日02:00"),
    Day(
        *WANG, D(2026, 3, 2), (("07:58", "12:01"), ("16:57", "21:02")), shift="早晚班 08:00-12:00 17:00-21:00"
    ),
]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_the_report_gives_each_day_with_its_shift_and_punches() -> None:
    found = read_attendance(exports.wecom_report(MONTH), "上下班打卡_日报_20260301-20260331.xlsx")
    assert found.source == "wecom"
    first = found.days[0]
    assert (first.place, first.employee_no, first.name, first.date) == (
        Place("上下班打卡_日报", 3),
        "85089",
        "张伟",
        D(2026, 3, 2),
    )
    assert first.shift == ShiftText("班次A", dt.time(9), dt.time(18), rest=False)
    assert first.slots == [PunchSlot(1, T(2026, 3, 2, 8, 57), T(2026, 3, 2, 18, 3), "正常", "正常")]


def test_a_dash_is_a_missing_punch_and_its_result_is_kept() -> None:
    day = read_attendance(exports.wecom_report(MONTH), "日报.xlsx").days[1]
    assert day.slots == [PunchSlot(1, None, T(2026, 3, 3, 18, 0), "缺卡", "正常")]
    assert day.vendor_results == ["缺卡", "正常"]


def test_a_rest_day_with_an_empty_shift_is_known_by_its_results() -> None:
    day = read_attendance(exports.wecom_report(MONTH), "日报.xlsx").days[2]
    assert day.shift == ShiftText("休息", None, None, rest=True)
    assert day.vendor_results == ["无需打卡(休息)"]


def test_the_slot_names_with_spaces_give_the_night_and_the_split_shift() -> None:
    days = read_attendance(exports.wecom_report(MONTH), "日报.xlsx").days
    assert days[3].slots[0].clock_out == T(2026, 3, 3, 2, 5)
    assert [(slot.number, slot.clock_in) for slot in days[4].slots] == [
        (1, T(2026, 3, 2, 7, 58)),
        (2, T(2026, 3, 2, 16, 57)),
    ]
    assert [len(day.slots) for day in days] == [1, 1, 1, 1, 2]


def test_real_excel_dates_read_as_dates() -> None:
    text = read_attendance(exports.wecom_report(MONTH), "日报.xlsx")
    dates = read_attendance(exports.wecom_report(MONTH, excel_dates=True), "日报.xlsx")
    assert [day.date for day in dates.days] == [day.date for day in text.days]
    assert [day.slots for day in dates.days] == [day.slots for day in text.days]


def test_real_excel_times_read_as_times_of_the_row_date() -> None:
    data = exports.edit_workbook(
        exports.wecom_report(MONTH),
        {"上下班打卡_日报": {"N3": dt.time(8, 41), "R3": dt.datetime(1899, 12, 30, 18)}},
    )
    slot = read_attendance(data, "日报.xlsx").days[0].slots[0]
    assert (slot.clock_in, slot.clock_out) == (T(2026, 3, 2, 8, 41), T(2026, 3, 2, 18))


def test_the_header_is_found_below_a_title_row() -> None:
    found = read_attendance(
        exports.wecom_report(MONTH, title="上下班打卡日报 2026-03-01 至 2026-03-31"), "a.xlsx"
    )
    assert found.days[0].place == Place("上下班打卡_日报", 4)
    assert len(found.days) == 5


def test_bad_cells_are_named_by_the_header_text_as_written() -> None:
    data = exports.edit_workbook(
        exports.wecom_report(MONTH), {"上下班打卡_日报": {"N4": "9点", "J6": "三月二日"}}
    )
    with pytest.raises(AttendanceFileError) as caught:
        read_attendance(data, "日报.xlsx")
    assert [str(problem) for problem in caught.value.problems] == [
        "上下班打卡_日报 row 4, column “上班 1 打卡时间”: “9点” is not a clock time "
        "(such as 08:57 or 次日 02:05).",
        "上下班打卡_日报 row 6, column “日期”: “三月二日” is not a date.",
    ]
