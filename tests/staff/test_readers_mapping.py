"""An export of any other layout is read through a saved column mapping, its header found by the mapped
words wherever it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]

from fuwu.staff.readers import AttendanceFileError, ColumnMapping, Place, PunchSlot, read_attendance
from tests.staff import exports

T = dt.datetime
DAYS = ColumnMapping(
    "门禁日报",
    {"employee_no": "人员 编号", "name": "人员姓名", "date": "刷卡日期", "in_1": "签到", "out_1": "签退"},
)
TAPS = ColumnMapping(
    "门禁流水", {"employee_no": "工号", "name": "姓名", "date": "日期", "at": "时间", "device": "门"}
)
DAILY_CSV = (
    "门禁系统日报,,,,\r\n"
    "人员编号,人员姓名,刷卡日期,签到,签退\r\n"
    "000123,赵六,2026-03-02,08:51,17:59\r\n"
    "000123,赵六,2026-03-03,,18:02\r\n"
    "000124,钱七,2026-03-02,22:00,06:01\r\n"
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def refusal(data: bytes, mapping: ColumnMapping) -> list[str]:
    with pytest.raises(AttendanceFileError) as caught:
        read_attendance(data, "export.csv", mapping=mapping)
    return [str(problem) for problem in caught.value.problems]


def test_a_mapped_day_export_gives_days_named_after_the_mapping() -> None:
    found = read_attendance(DAILY_CSV.encode("gb18030"), "门禁.csv", mapping=DAYS)
    assert found.source == "门禁日报"
    assert [(day.place, day.employee_no, day.name, day.slots) for day in found.days] == [
        (
            Place("门禁.csv", 3),
            "123",
            "赵六",
            [PunchSlot(1, T(2026, 3, 2, 8, 51), T(2026, 3, 2, 17, 59), "", "")],
        ),
        (Place("门禁.csv", 4), "123", "赵六", [PunchSlot(1, None, T(2026, 3, 3, 18, 2), "", "")]),
        # A hand-made layout writes no 次日: the clock-out before the clock-in is the next morning.
        (Place("门禁.csv", 5), "124", "钱七", [PunchSlot(1, T(2026, 3, 2, 22), T(2026, 3, 3, 6, 1), "", "")]),
    ]


def test_a_mapped_punch_export_in_a_workbook_gives_punches() -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "流水"
    sheet.append(["工号", "姓名", "日期", "时间", "门"])
    sheet.append(["7", "孙八", "2026/3/2", "08:58:09", "东门"])
    sheet.append(["7", "孙八", "2026/3/2", "08:58:11", "东门"])
    found = read_attendance(exports.to_bytes(book), "流水.xlsx", mapping=TAPS)
    assert [(p.employee_no, p.at, p.device) for p in found.punches] == [
        ("7", T(2026, 3, 2, 8, 58, 9), "东门"),
        ("7", T(2026, 3, 2, 8, 58, 11), "东门"),
    ]


def test_a_file_without_a_mapped_column_names_it() -> None:
    data = DAILY_CSV.replace("签退", "离开").encode()
    assert refusal(data, DAYS) == ["export.csv row 2: The required column “签退” is missing."]


def test_a_file_without_any_mapped_column_is_refused() -> None:
    assert refusal(b"a,b\r\n1,2\r\n", DAYS) == [
        "No sheet of the file has the columns of the mapping “门禁日报”: "
        "人员 编号, 人员姓名, 刷卡日期, 签到, 签退."
    ]


def test_a_mapping_with_unknown_or_too_few_fields_is_refused() -> None:
    mapping = ColumnMapping("坏的", {"clock": "签到", "name": "人员姓名"})
    assert refusal(DAILY_CSV.encode(), mapping) == [
        "The column mapping “坏的” has a field Fuwu does not know: clock.",
        "The column mapping “坏的” needs employee_no or name, and either at (one punch a row) "
        "or date with in_1 or out_1 (one day a row).",
    ]


def test_a_source_and_another_mapping_are_not_both_given() -> None:
    with pytest.raises(ValueError):
        read_attendance(DAILY_CSV.encode(), "a.csv", source="wecom", mapping=DAYS)
