"""ZKTeco's attlog.dat and its PC software's Excel (raw records, daily results) are read as exported,
staff numbers compared without the zeros the software pads them with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation

from fuwu.staff.readers import AttendanceFileError, Place, PunchRecord, PunchSlot, read_attendance
from tests.staff import exports
from tests.staff.exports import Day

D = dt.date
T = dt.datetime
ZHANG, LI = ("85089", "张伟"), ("1002", "李娜")
DAYS = [
    Day(*ZHANG, D(2026, 3, 2), double_tap=True),
    Day(*ZHANG, D(2026, 3, 3), (("08:59:01", ""),)),
    Day(*LI, D(2026, 3, 2), (("21:56:30", "次日 02:05:10"),), shift="夜班 22:00-次日02:00"),
]
TAPS = [
    ("85089", T(2026, 3, 2, 8, 57, 14)),
    ("85089", T(2026, 3, 2, 8, 57, 17)),
    ("85089", T(2026, 3, 2, 18, 3, 40)),
    ("85089", T(2026, 3, 3, 8, 59, 1)),
    ("1002", T(2026, 3, 2, 21, 56, 30)),
    ("1002", T(2026, 3, 3, 2, 5, 10)),
]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def problems(data: bytes, filename: str) -> list[str]:
    with pytest.raises(AttendanceFileError) as caught:
        read_attendance(data, filename)
    return [str(problem) for problem in caught.value.problems]


def test_attlog_lines_give_every_tap_with_its_device() -> None:
    data = exports.attlog(DAYS)
    assert data.startswith(b"    85089\t2026-03-02 08:57:14\t1\t0\t15\t0\n")
    found = read_attendance(data, "1_attlog.dat")
    assert found.source == "zkteco" and found.days == []
    assert [(p.employee_no, p.at) for p in found.punches] == TAPS
    assert found.punches[0] == PunchRecord(Place("1_attlog.dat", 1), "85089", "", TAPS[0][1], "1")


def test_attlog_with_crlf_reads_the_same() -> None:
    lf = read_attendance(exports.attlog(DAYS), "1_attlog.dat")
    crlf = read_attendance(exports.attlog(DAYS, crlf=True), "1_attlog.dat")
    assert crlf == lf


def test_attlog_is_recognised_by_its_lines_whatever_the_file_is_called() -> None:
    found = read_attendance(exports.attlog(DAYS), "U盘导出.txt")
    assert found.source == "zkteco" and len(found.punches) == 6


def test_an_identical_attlog_line_is_kept_once_but_double_taps_all_stay() -> None:
    lines = exports.attlog(DAYS).decode().splitlines(keepends=True)
    found = read_attendance("".join([*lines, lines[0], lines[2]]).encode(), "1_attlog.dat")
    assert [(p.employee_no, p.at) for p in found.punches] == TAPS


def test_bad_attlog_lines_are_named_by_line() -> None:
    lines = exports.attlog(DAYS).decode().splitlines()
    lines[1] = "    85089\t2026-03-02 8点57\t1\t0\t15\t0"
    lines[3] = "garbage without tabs"
    lines[4] = "         \t2026-03-02 21:56:30\t1\t0\t15\t0"
    assert problems("\n".join(lines).encode(), "1_attlog.dat") == [
        "1_attlog.dat row 2, column “日期时间”: “2026-03-02 8点57” is not a date and time "
        "(such as 2026-03-02 08:57:14).",
        "1_attlog.dat row 4: The line is not an attlog punch "
        "(number, date and time, device … separated by tabs).",
        "1_attlog.dat row 5, column “考勤号码”: The row has neither an employee number nor a name.",
    ]


def test_raw_records_give_every_tap_with_the_padded_number_unpadded() -> None:
    found = read_attendance(exports.zkteco_raw(DAYS), "原始记录.xlsx")
    assert found.source == "zkteco"
    assert [(p.employee_no, p.at) for p in found.punches] == TAPS
    assert found.punches[0] == PunchRecord(Place("原始记录", 2), "85089", "张伟", TAPS[0][1], "1")


def test_raw_records_below_a_title_row_and_as_numbers_read_the_same() -> None:
    titled = read_attendance(exports.zkteco_raw(DAYS, title="考勤记录 2026/3/1-2026/3/31"), "a.xlsx")
    assert titled.punches[0].place == Place("原始记录", 3)
    numeric = exports.edit_workbook(exports.zkteco_raw(DAYS), {"原始记录": {"C2": 85089, "D2": TAPS[0][1]}})
    assert read_attendance(numeric, "a.xlsx").punches[0].employee_no == "85089"
    assert read_attendance(numeric, "a.xlsx").punches[0].at == TAPS[0][1]


def test_the_same_person_has_the_same_number_in_every_source() -> None:
    attlog = read_attendance(exports.attlog(DAYS), "1_attlog.dat")
    raw = read_attendance(exports.zkteco_raw(DAYS), "raw.xlsx")
    daily = read_attendance(exports.zkteco_daily(DAYS), "daily.xlsx")
    dingtalk = read_attendance(exports.dingtalk_workbook(DAYS), "dingtalk.xlsx")
    assert attlog.employees == raw.employees == daily.employees == dingtalk.employees == {"85089", "1002"}


def test_daily_results_give_one_slot_and_the_vendor_state() -> None:
    days = read_attendance(exports.zkteco_daily(DAYS), "日报表.xlsx").days
    assert [(day.employee_no, day.date, day.slots, day.vendor_results) for day in days] == [
        (
            "85089",
            D(2026, 3, 2),
            [PunchSlot(1, T(2026, 3, 2, 8, 57), T(2026, 3, 2, 18, 3), "", "")],
            ["正常"],
        ),
        ("85089", D(2026, 3, 3), [PunchSlot(1, T(2026, 3, 3, 8, 59), None, "", "")], ["未打卡"]),
        # No 次日 in this export: the clock-out before the clock-in is the next morning.
        ("1002", D(2026, 3, 2), [PunchSlot(1, T(2026, 3, 2, 21, 56), T(2026, 3, 3, 2, 5), "", "")], ["正常"]),
    ]
    assert days[0].shift is None and days[0].place == Place("考勤日报表", 2)


def test_bad_daily_results_are_refused_row_by_row() -> None:
    data = exports.edit_workbook(
        exports.zkteco_daily(DAYS), {"考勤日报表": {"D2": "2026/2/30", "E3": "9:6o", "C4": None, "B4": None}}
    )
    assert problems(data, "日报表.xlsx") == [
        "考勤日报表 row 2, column “工作日”: “2026/2/30” is not a date.",
        "考勤日报表 row 3, column “上班时间”: “9:6o” is not a clock time (such as 08:57 or 次日 02:05).",
        "考勤日报表 row 4: The row has neither an employee number nor a name.",
    ]
