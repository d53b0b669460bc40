"""The source is recognised from the file itself, never from its name; a file that is no known export,
or not the source chosen, is refused saying what was looked for or which columns lack; messages read in
Chinese under zh-hans."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

import fuwu.staff.readers
from fuwu.staff.readers import AttendanceFileError, FileProblem, Place, read_attendance
from tests.staff import exports
from tests.staff.exports import Day

D = dt.date
DAYS = [Day("85089", "张伟", D(2026, 3, 2)), Day("85089", "张伟", D(2026, 3, 3), (("8点57", "18:00"),))]
GOOD = DAYS[:1]
STAFF_LOCALE = Path(fuwu.staff.readers.__file__).parents[1] / "locale"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refusal(data: bytes, filename: str, source: str | None = None) -> list[str]:
    with pytest.raises(AttendanceFileError) as caught:
        read_attendance(data, filename, source=source)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("build", "source"),
    [
        (lambda: exports.dingtalk_workbook(GOOD), "dingtalk"),
        (lambda: exports.dingtalk_csv(GOOD), "dingtalk"),
        (lambda: exports.wecom_report(GOOD), "wecom"),
        (lambda: exports.attlog(GOOD), "zkteco"),
        (lambda: exports.zkteco_raw(GOOD), "zkteco"),
        (lambda: exports.zkteco_daily(GOOD), "zkteco"),
    ],
)
def test_each_shape_is_recognised_under_a_name_that_says_nothing(build: object, source: str) -> None:
    data = build()  # type: ignore[operator]
    assert read_attendance(data, "export").source == source


def test_a_workbook_named_like_an_attlog_is_still_read_as_a_workbook() -> None:
    assert read_attendance(exports.wecom_report(GOOD), "1_attlog.dat").source == "wecom"


def test_an_unknown_file_is_refused_saying_what_was_looked_for() -> None:
    [message] = refusal("客户,电话\r\n王先生,138\r\n".encode(), "客户.csv")
    assert message.startswith("This file is not an attendance export Fuwu knows. It looked for a DingTalk")
    assert "上班 1 打卡时间" in message and "attlog.dat" in message and "考勤号码" in message
    assert message.endswith("For another layout, save a column mapping.")


def test_a_chosen_source_reads_a_file_that_lacks_the_words_recognising_it() -> None:
    # A 每日统计 CSV saved without its 考勤组 column is no longer recognisable, but still readable.
    rows = list(csv.reader(io.StringIO(exports.dingtalk_csv(GOOD).decode("utf-8-sig"))))
    out = io.StringIO()
    csv.writer(out).writerows([row[:1] + row[2:] for row in rows])
    data = out.getvalue().encode("utf-8-sig")
    assert refusal(data, "a.csv")[0].startswith("This file is not an attendance export Fuwu knows.")
    found = read_attendance(data, "a.csv", source="dingtalk")
    assert [(day.employee_no, day.date) for day in found.days] == [("85089", D(2026, 3, 2))]


def test_a_chosen_source_names_the_columns_the_file_lacks() -> None:
    data = exports.edit_workbook(exports.zkteco_raw(GOOD), {"原始记录": {"D1": "打卡时间"}})
    assert refusal(data, "a.xlsx", source="zkteco") == [
        "原始记录 row 1: The required column “日期时间” is missing."
    ]


def test_a_chosen_source_the_file_has_nothing_of_is_refused() -> None:
    [message] = refusal(exports.attlog(GOOD), "1_attlog.dat", source="wecom")
    assert message == (
        "This file is not an attendance export Fuwu knows. It looked for a WeCom daily report "
        "(columns 上班 1 打卡时间, 考勤类型). For another layout, save a column mapping."
    )


def test_an_unknown_source_is_refused() -> None:
    assert refusal(exports.attlog(GOOD), "1_attlog.dat", source="hikvision") == [
        "Unknown source “hikvision”: choose dingtalk, wecom, zkteco or a column mapping."
    ]


def test_an_old_xls_workbook_and_a_broken_one_are_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert refusal(ole, "考勤.xls") == [
        "Excel 97–2003 workbooks (.xls) cannot be read; save the file as .xlsx."
    ]
    assert refusal(b"PK\x03\x04broken", "考勤.xlsx") == ["The file is not a readable Excel workbook."]


def test_a_file_with_a_header_and_no_rows_is_refused() -> None:
    data = exports.edit_workbook(
        exports.zkteco_raw(GOOD), {"原始记录": {f"{c}{r}": None for c in "ABCDEFGH" for r in (2, 3)}}
    )
    assert refusal(data, "raw.xlsx") == ["The file holds no attendance rows."]


def test_sheets_of_two_sources_are_refused() -> None:
    book = exports.opened(exports.zkteco_raw(GOOD))
    wecom = exports.opened(exports.wecom_report(GOOD)).active
    copy = book.create_sheet("日报")
    for row in wecom.iter_rows(values_only=True):
        copy.append(row)
    assert refusal(exports.to_bytes(book), "a.xlsx") == [
        "The file holds exports of WeCom, ZKTeco; import each on its own."
    ]


def test_every_problem_of_the_file_is_given_not_only_the_first() -> None:
    days = [*DAYS, Day("1002", "李娜", D(2026, 3, 2), (("9:7", "18:00"),)), DAYS[0]]
    problems = refusal(exports.dingtalk_workbook(days, detail=False), "a.xlsx")
    assert [problem.split(":")[0] for problem in problems] == [
        "每日统计 row 6, column “上班1打卡时间”",
        "每日统计 row 7, column “上班1打卡时间”",
        "每日统计 row 8, column “日期”",
    ]


@override_settings(LOCALE_PATHS=[STAFF_LOCALE, *settings.LOCALE_PATHS])
def test_problems_read_in_chinese_under_zh_hans() -> None:
    # fuwu.staff is not an installed app yet; its catalogue is put on LOCALE_PATHS for this test.
    with translation.override("zh-hans"):
        problems = refusal(exports.dingtalk_workbook(DAYS, detail=False), "a.xlsx")
        assert problems == [
            "每日统计 第6行「上班1打卡时间」: 「8点57」不是打卡时间（如 08:57 或 次日 02:05）。"
        ]
        assert str(FileProblem(Place("请假记录", 4), "…")) == "请假记录 第4行: …"
        assert str(Place("考勤明细", 9, "打卡时间")) == "考勤明细 第9行「打卡时间」"
