"""Attendance exports read as they are downloaded: DingTalk, WeCom and ZKTeco, or a saved column mapping.

Pure reading: no database, no schedules. Punches are returned as tapped, not paired into shifts; the
vendors' own verdicts (迟到, 旷工 …) are kept as text for comparison only. Times are naive local
(Asia/Shanghai); ``employee_no`` is compared without leading zeros (see ``records``).
"""

from __future__ import annotations

from django.utils.translation import gettext

from fuwu.staff.readers import zkteco
from fuwu.staff.readers.mapped import read_mapped
from fuwu.staff.readers.problems import AttendanceFileError, FileProblem, Problems
from fuwu.staff.readers.recognise import read_tables
from fuwu.staff.readers.records import (
    DINGTALK,
    SOURCES,
    WECOM,
    ZKTECO,
    AttendanceFile,
    ColumnMapping,
    DayRecord,
    LeaveRecord,
    Place,
    PunchRecord,
    PunchSlot,
    ShiftText,
)
from fuwu.staff.readers.shapes import Found
from fuwu.staff.readers.tables import Table, UnreadableFile, Workbook, csv_table

__all__ = [
    "DINGTALK",
    "SOURCES",
    "WECOM",
    "ZKTECO",
    "AttendanceFile",
    "AttendanceFileError",
    "ColumnMapping",
    "DayRecord",
    "FileProblem",
    "LeaveRecord",
    "Place",
    "PunchRecord",
    "PunchSlot",
    "ShiftText",
    "read_attendance",
]

ZIP = b"PK\x03\x04"
# Excel 97–2003 (.xls) files are OLE compound documents; openpyxl cannot read them.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_attendance(
    data: bytes, filename: str, *, source: str | None = None, mapping: ColumnMapping | None = None
) -> AttendanceFile:
    """Everything the export holds, or AttendanceFileError with every problem found in it.

    The source is recognised from the file itself (workbook or text, DingTalk's sheet names, each
    source's header words, attlog's tab-separated lines); ``source`` (``dingtalk``, ``wecom``,
    ``zkteco``) restricts recognition to that vendor's shapes and names the columns its file lacks;
    ``mapping`` reads any other layout, and the result's source is the mapping's name."""
    if mapping is not None and source not in (None, mapping.name):
        raise ValueError("give either a source or a column mapping, not both")
    problems = Problems()
    if source is not None and mapping is None and source not in SOURCES:
        problems.add(None, _unknown_source(source))
        problems.raise_if_any()
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or filename
    found, read_as = _read(data, name, source, mapping, problems)
    if not problems.found and not (found.days or found.punches):
        problems.add(None, gettext("The file holds no attendance rows."))
    problems.raise_if_any()
    return AttendanceFile(read_as, found.days, found.punches, found.leave)


def _read(
    data: bytes, name: str, source: str | None, mapping: ColumnMapping | None, problems: Problems
) -> tuple[Found, str]:
    if data.startswith(OLE):
        problems.add(None, gettext("Excel 97–2003 workbooks (.xls) cannot be read; save the file as .xlsx."))
        return Found(), ""
    if data.startswith(ZIP):
        try:
            book = Workbook(data)
        except UnreadableFile:
            problems.add(None, gettext("The file is not a readable Excel workbook."))
            return Found(), ""
        try:
            return _read_tables(book.tables, source, mapping, problems)
        except UnreadableFile:
            problems.add(None, gettext("The file is not a readable Excel workbook."))
            return Found(), ""
        finally:
            book.close()
    content = _decode(data)
    if mapping is None and source in (None, ZKTECO) and zkteco.looks_like_attlog(name, content):
        return Found(punches=zkteco.read_attlog(name, content, problems)), ZKTECO
    return _read_tables([csv_table(name, content)], source, mapping, problems)


def _read_tables(
    tables: list[Table], source: str | None, mapping: ColumnMapping | None, problems: Problems
) -> tuple[Found, str]:
    if mapping is not None:
        return read_mapped(tables, mapping, problems), mapping.name
    read_as, found = read_tables(tables, SOURCES if source is None else (source,), problems)
    return found, read_as


def _decode(data: bytes) -> str:
    """The text of a CSV or attlog: UTF-8 (DingTalk writes a BOM), else GB18030 (Excel on Chinese
    Windows saves CSV in the ANSI code page)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _unknown_source(source: str) -> str:
    return gettext("Unknown source “%(source)s”: choose dingtalk, wecom, zkteco or a column mapping.") % {
        "source": source
    }
