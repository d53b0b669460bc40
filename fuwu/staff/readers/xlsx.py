"""An .xlsx workbook's worksheets read straight from their XML, a row of values at a time.

The values are those openpyxl's read-only mode gives with ``data_only`` (what the readers were written
against): shared and inline strings (rich text as its plain text), numbers as int or float, booleans,
numbers in a date or duration style as ``datetime``/``date``/``time``/``timedelta``, formulas as their
cached value; a row is as wide as its last cell, a gap inside it or a row missing between two is empty,
and a merged range has its value in its first cell only (the others are written empty, if at all).
openpyxl builds a cell object for every cell; here expat calls back per tag and a row is a tuple
(``xlsx_sheet``), in less than half openpyxl's time on a 300,000-row export (docs/performance.md).
``tests/staff/test_readers_xlsx.py`` holds both readers equal on every sample shape and on what other
writers put in a sheet.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree import ElementTree

from fuwu.staff.readers.xlsx_sheet import (
    MAC_EPOCH,
    MAIN,
    WINDOWS_EPOCH,
    SheetRows,
    Value,
    Values,
    XlsxError,
    shared_strings,
)

__all__ = ["Sheet", "Value", "Values", "XlsxBook", "XlsxError"]

_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_WORKBOOK_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STYLES = "xl/styles.xml"  # where openpyxl looks for them, whatever the manifest says

# Number formats (ECMA-376 18.8.30): the built-in ones that show dates or times, and how a custom format
# code is told to be one (as openpyxl tells it: a date letter outside quotes and [locale] brackets).
# Like openpyxl, the East Asian built-ins (27–36, 50–58) are not known: such a cell reads as its serial
# number, which ``cells.parse_date`` takes as a date.
_BUILTIN_FORMATS = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


@dataclass(frozen=True)
class Sheet:
    """A worksheet: its name as the tab shows it, and its part in the zip."""

    name: str
    path: str


class XlsxBook:
    """The worksheets of an .xlsx (or .xlsm) file, in tab order; chart sheets are left out."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as error:
            raise XlsxError("not a zip file") from error
        self._names = set(self._zip.namelist())
        manifest = self._xml("[Content_Types].xml")
        workbook_path = _workbook_part(manifest)
        workbook = self._xml(workbook_path)
        properties = workbook.find(f"{{{MAIN}}}workbookPr")
        date1904 = properties is not None and properties.get("date1904", "").lower() in ("1", "true")
        self.epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        targets = self._relationships(workbook_path)
        self.sheets: list[Sheet] = []
        for sheet in workbook.iterfind(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet"):
            rid = sheet.get(_RELATIONSHIP_ID)
            if not rid:
                continue
            if rid not in targets:
                raise XlsxError(f"sheet {sheet.get('name')!r} names no part")
            kind, path = targets[rid]
            if path in self._names and "chartsheet" not in kind:
                self.sheets.append(Sheet(sheet.get("name", ""), path))
        strings = _part_of(manifest, _SHARED_STRINGS)
        self.strings = self._strings(strings) if strings in self._names else []
        self.dates, self.durations = self._date_styles()

    def rows(self, sheet: Sheet) -> Iterator[Values]:
        """The sheet's rows from row 1, as openpyxl's ``iter_rows(values_only=True)`` gives them once
        its dimensions are reset: a row element without cells and a row missing between two are ``()``."""
        with self._zip.open(sheet.path) as stream:
            yield from SheetRows(stream, self.strings, self.dates, self.durations, self.epoch)

    def close(self) -> None:
        self._zip.close()

    def _xml(self, path: str) -> ElementTree.Element:
        if path not in self._names:
            raise XlsxError(f"no part {path}")
        return ElementTree.fromstring(self._zip.read(path))

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """The part's relationships: id → (type, target as a path in the zip)."""
        folder, name = posixpath.split(part)
        path = posixpath.join(folder, "_rels", f"{name}.rels")
        found: dict[str, tuple[str, str]] = {}
        if path not in self._names:
            return found
        parent = posixpath.split(posixpath.dirname(path))[0]
        for rel in self._xml(path).iter(_PACKAGE_RELS):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = (
                    target[1:]
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(parent, target))
                )
            found[rel.get("Id", "")] = (rel.get("Type", ""), target)
        return found

    def _strings(self, path: str) -> list[str]:
        with self._zip.open(path) as stream:
            return shared_strings(stream)

    def _date_styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """The cell styles (cellXfs positions) whose number format shows a date, and those showing a
        duration."""
        if _STYLES not in self._names:
            return frozenset(), frozenset()
        styles = self._xml(_STYLES)
        custom = {
            _integer(fmt.get("numFmtId")): fmt.get("formatCode", "")
            for fmt in styles.iterfind(f"{{{MAIN}}}numFmts/{{{MAIN}}}numFmt")
        }
        dates: set[int] = set()
        durations: set[int] = set()
        for index, xf in enumerate(styles.iterfind(f"{{{MAIN}}}cellXfs/{{{MAIN}}}xf")):
            number = _integer(xf.get("numFmtId", "0"))
            code = custom.get(number) if number in custom else _BUILTIN_FORMATS.get(number)
            if code and _is_date_format(code):
                dates.add(index)
            if code and _DURATION.search(code.split(";")[0]):
                durations.add(index)
        return frozenset(dates), frozenset(durations)


def _workbook_part(manifest: ElementTree.Element) -> str:
    for kind in _WORKBOOK_TYPES:
        part = _part_of(manifest, kind)
        if part:
            return part
    defaults = {element.get("ContentType") for element in manifest.iter(f"{_CONTENT_TYPES}Default")}
    if defaults & set(_WORKBOOK_TYPES):
        return "xl/workbook.xml"
    raise XlsxError("no workbook part")


def _part_of(manifest: ElementTree.Element, kind: str) -> str:
    for element in manifest.iter(f"{_CONTENT_TYPES}Override"):
        if element.get("ContentType") == kind:
            return element.get("PartName", "")[1:]
    return ""


def _integer(found: str | None) -> int:
    try:
        return int(found or "")
    except ValueError:
        raise XlsxError(f"{found!r} is not a number format id") from None


def _is_date_format(code: str) -> bool:
    return _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None
