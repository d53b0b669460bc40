"""Attendance export files for tests: the builders of ``fuwu.staff.samples`` (shared with the demo data),
and ways to spoil a good file into a bad one."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.staff.samples import (
    REST,
    Day,
    Leave,
    attlog,
    dingtalk_csv,
    dingtalk_workbook,
    to_bytes,
    wecom_report,
    zkteco_daily,
    zkteco_raw,
)

__all__ = [
    "REST",
    "Day",
    "Leave",
    "attlog",
    "delete_column",
    "dingtalk_csv",
    "dingtalk_workbook",
    "drop_sheets",
    "edit_workbook",
    "opened",
    "to_bytes",
    "wecom_report",
    "zkteco_daily",
    "zkteco_raw",
]


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
