"""The workbook reader gives exactly what openpyxl's read-only load gives (values, their types, rows and
gaps) on every sample export and on hand-written XML with what other writers put in a sheet: shared and
rich-text strings, booleans, errors, formulas, dates by built-in and custom formats, durations, the 1904
calendar, references with gaps, rows and cells without references, a prefixed namespace."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.staff.readers.tables import UnreadableFile, Workbook
from fuwu.staff.readers.xlsx import XlsxBook
from tests.staff import exports
from tests.staff.exports import Day, Leave

D = dt.date
ZHANG, LI, WANG = ("85089", "张伟"), ("1002", "李娜"), ("1003", "王芳")
DAYS = [
    Day(*ZHANG, D(2026, 3, 2)),
    Day(*ZHANG, D(2026, 3, 3), (("09:12:05", "18:00:30"),), results=(("迟到", "正常"),)),
    Day(*ZHANG, D(2026, 3, 4), (("08:55:00", ""),)),
    Day(*ZHANG, D(2026, 3, 7), (("", ""),), shift=exports.REST),
    Day(
        *LI,
        D(2026, 3, 2),
        (("21:56:30", "次日 02:05:10"),),
        shift="夜班 22:00-次日02:00",
        department="保安部",
    ),
    Day(
        *WANG,
        D(2026, 3, 2),
        (("07:58:00", "12:01:00"), ("16:57:00", "21:02:00")),
        shift="早晚班 08:00-12:00 17:00-21:00",
        double_tap=True,
    ),
]
LEAVE = [
    Leave(*ZHANG, "事假", "2026-03-05 上午 ~ 2026-03-05 下午", "8", "1"),
    Leave(*LI, "年假", "2026-03-09 09:30 ~ 2026-03-10 18:00", "16", "2", status="审批中"),
]
SAMPLES = {
    "dingtalk workbook": lambda: exports.dingtalk_workbook(DAYS, LEAVE),
    "dingtalk daily sheet only": lambda: exports.dingtalk_workbook(DAYS, detail=False, monthly=False),
    "wecom report, dates as text": lambda: exports.wecom_report(DAYS),
    "wecom report, real Excel dates": lambda: exports.wecom_report(DAYS, excel_dates=True, title="打卡日报"),
    "zkteco raw records": lambda: exports.zkteco_raw(DAYS, title="原始记录表"),
    "zkteco daily results": lambda: exports.zkteco_daily(DAYS),
    "a cell rewritten by hand": lambda: exports.edit_workbook(
        exports.dingtalk_workbook(DAYS), {"每日统计": {"I6": dt.datetime(2026, 3, 3, 9, 12), "K6": 0.75}}
    ),
    "a column deleted": lambda: exports.delete_column(exports.dingtalk_workbook(DAYS), "每日统计", 4),
}


def openpyxl_rows(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    """Every worksheet's rows as the readers had them from openpyxl: read-only, cached values, the
    sheet's own dimension ignored."""
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        found = {}
        for sheet in book.worksheets:
            sheet.reset_dimensions()
            found[sheet.title] = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        return found
    finally:
        book.close()


def our_rows(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = XlsxBook(data)
    try:
        return {sheet.name: list(book.rows(sheet)) for sheet in book.sheets}
    finally:
        book.close()


def typed(tables: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[list[tuple[type, Any]]]]:
    """The values with their types: 1 and 1.0 and True are equal in Python but not to a reader."""
    return {name: [[(type(value), value) for value in row] for row in rows] for name, rows in tables.items()}


@pytest.mark.parametrize("shape", SAMPLES)
def test_every_sample_export_reads_as_openpyxl_reads_it(shape: str) -> None:
    data = SAMPLES[shape]()
    expected = openpyxl_rows(data)
    assert typed(our_rows(data)) == typed(expected)
    assert sum(len(rows) for rows in expected.values()) > 5


def test_the_tables_are_the_sheets_in_tab_order_with_their_rows() -> None:
    data = exports.dingtalk_workbook(DAYS, LEAVE)
    book = Workbook(data)
    try:
        tables = {table.name: list(table.rows()) for table in book.tables}
        head = book.tables[0].head()
    finally:
        book.close()
    assert list(tables) == ["每日统计", "月度汇总", "考勤明细", "请假记录"]
    assert tables == openpyxl_rows(data)
    assert head == tables["每日统计"][:20]


def test_real_excel_dates_read_as_dates() -> None:
    rows = our_rows(exports.wecom_report(DAYS, excel_dates=True))["上下班打卡_日报"]
    dates = [row[9] for row in rows[2:]]  # 日期, after 姓名 and 基本信息's 8 columns
    assert dates == [dt.datetime.combine(day.day, dt.time()) for day in DAYS]


# Hand-written parts, as other writers (Excel, WPS, .NET and Java libraries) lay a workbook out.

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}">
  <numFmts count="3">
    <numFmt numFmtId="164" formatCode="yyyy/m/d"/>
    <numFmt numFmtId="165" formatCode="[h]:mm:ss"/>
    <numFmt numFmtId="166" formatCode="&quot;天&quot;0.00"/>
  </numFmts>
  <fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
  <fills count="1"><fill><patternFill patternType="none"/></fill></fills>
  <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
  <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
  <cellXfs count="8">
    <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
    <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="20" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
    <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
  </cellXfs>
  <cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHARED = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN}" count="6" uniqueCount="6">
  <si><t>姓名</t></si>
  <si><t xml:space="preserve"> 张伟 </t></si>
  <si><r><rPr><b/></rPr><t>迟到</t></r><r><t xml:space="preserve"> 12分钟</t></r></si>
  <si><t>正常</t><rPh sb="0" eb="2"><t>ゼイジョウ</t></rPh></si>
  <si><t>A_x005F_x0041_B &amp; &lt;C&gt; &#x4E2D;&#10;</t></si>
  <si><t/></si>
</sst>"""
# Rows as Excel writes them (r, s, t in that order; styled empty cells), with a gap at row 4, cells
# skipping columns, a row and cells without references, every type of value.
SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONS}">
  <dimension ref="A1:C2"/>
  <sheetData>
    <row r="1" spans="1:6">
      <c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>
      <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c>
    </row>
    <row r="2">
      <c r="A2"><v>42</v></c><c r="B2"><v>-3.5</v></c><c r="C2"><v>1E-3</v></c><c r="D2" s="0"><v>7</v></c>
      <c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c><c r="G2" t="e"><v>#N/A</v></c>
      <c r="H2" t="str"><f>A2&amp;"x"</f><v>42x</v></c><c r="I2"><f>A2*2</f><v>84</v></c>
      <c r="J2" s="1"/><c r="K2"><v></v></c><c r="L2" t="inlineStr"><is><t>内联</t></is></c>
    </row>
    <row r="3">
      <c r="B3" s="1"><v>46083</v></c><c r="D3" s="2"><v>0.375</v></c><c r="E3" s="3"><v>46083.5</v></c>
      <c r="F3" s="4"><v>46084</v></c><c r="G3" s="5"><v>1.5</v></c><c r="H3" s="6"><v>2</v></c>
      <c r="I3" s="7" t="s"><v>1</v></c><c r="J3" s="4"><v>59</v></c><c r="K3" s="1"><v>0</v></c>
    </row>
    <row r="5"><c r="C5" t="inlineStr"><is><r><t>甲</t></r><r><rPr><i/></rPr><t>乙</t></r></is></c></row>
    <row r="6"/>
    <row><c t="inlineStr"><is><t>无引用</t></is></c><c><v>1</v></c><c r="E7" t="inlineStr"/></row>
    <row r="9"><c r="A9" t="inlineStr"><is/></c><c r="B9" t="d"><v>2026-03-02T08:57:00</v></c></row>
  </sheetData>
  <mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells>
</worksheet>"""
# A .NET library's way: every name prefixed, the namespace declared as x.
PREFIXED = f"""<?xml version="1.0" encoding="utf-8"?>
<x:worksheet xmlns:x="{MAIN}">
  <x:sheetData>
    <x:row r="1">
      <x:c r="A1" t="inlineStr"><x:is><x:t>工号</x:t></x:is></x:c><x:c r="B1" t="s"><x:v>2</x:v></x:c>
    </x:row>
    <x:row r="3"><x:c r="A3"><x:v>85089</x:v></x:c><x:c r="C3" s="1"><x:v>46083</x:v></x:c></x:row>
  </x:sheetData>
</x:worksheet>"""

# Out of order: a row numbered before one already read, a cell before its left neighbour, one twice.
UNORDERED = f"""<worksheet xmlns="{MAIN}"><sheetData>
<row r="2"><c r="C2"><v>3</v></c><c r="A2"><v>1</v></c></row>
<row r="1"><c r="A1"><v>9</v></c></row>
<row r="3"><c r="B3"><v>1</v></c><c r="B3"><v>2</v></c><c r="D3"><v>4</v></c></row>
<row r="4.0"><c r="a4"><v>5</v></c></row>
</sheetData></worksheet>"""


def package(sheets: dict[str, str], *, date1904: bool = False, chart: bool = False) -> bytes:
    """A workbook zip of hand-written parts: the sheets in order, the styles and shared strings above."""
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
        for i in range(1, len(names) + 1)
    )
    parts = {
        "[Content_Types].xml": f"""<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{TYPES}">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
<Override PartName="/xl/sharedStrings.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
{overrides}</Types>""",
        "_rels/.rels": f"""<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>""",
        "xl/workbook.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONS}"><workbookPr{' date1904="1"' if date1904 else ""}/><sheets>
{"".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, 1))}
{'<sheet name="图表" sheetId="99" r:id="rId99"/>' if chart else ""}
</sheets></workbook>""",
        "xl/_rels/workbook.xml.rels": f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="{PACKAGE}">
{
            "".join(
                f'<Relationship Id="rId{i}" Target="worksheets/sheet{i}.xml" Type="{RELATIONS}/worksheet"/>'
                for i in range(1, len(names) + 1)
            )
        }
<Relationship Id="rIdS" Target="styles.xml" Type="{RELATIONS}/styles"/>
<Relationship Id="rIdT" Target="/xl/sharedStrings.xml" Type="{RELATIONS}/sharedStrings"/>
{f'<Relationship Id="rId99" Target="chartsheets/sheet1.xml" Type="{RELATIONS}/chartsheet"/>' if chart else ""}
</Relationships>""",
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": SHARED,
    }
    for i, xml in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    if chart:
        parts["xl/chartsheets/sheet1.xml"] = f'<chartsheet xmlns="{MAIN}"/>'
        parts["xl/chartsheets/_rels/sheet1.xml.rels"] = f'<Relationships xmlns="{PACKAGE}"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, text in parts.items():
            zipped.writestr(name, text.encode())
    return out.getvalue()


def test_what_other_writers_put_in_a_sheet_reads_as_openpyxl_reads_it() -> None:
    data = package({"统计": SHEET, "前缀": PREFIXED, "乱序": UNORDERED})
    ours = our_rows(data)
    assert typed(ours) == typed(openpyxl_rows(data))
    rows = ours["统计"]
    assert rows[0] == ("姓名", " 张伟 ", "迟到 12分钟", "正常", "A_x0041_B & <C> 中\n", "")
    assert rows[1] == (42, -3.5, 0.001, 7, True, False, "#N/A", "42x", 84, None, None, "内联")
    assert rows[2] == (
        None,
        dt.datetime(2026, 3, 2),
        None,
        dt.time(9),
        dt.datetime(2026, 3, 2, 12),
        dt.datetime(2026, 3, 3),
        dt.timedelta(hours=36),
        2,
        " 张伟 ",
        dt.datetime(1900, 2, 28),
        dt.time(0),
    )
    assert rows[3] == ()  # row 4 is not in the file
    assert rows[4] == (None, None, "甲乙")  # merged A5:B5 is empty: nothing is written there
    assert rows[5:] == [(), ("无引用", 1, None, None, None), (), ("", dt.datetime(2026, 3, 2, 8, 57))]
    assert ours["前缀"] == [("工号", "迟到 12分钟"), (), (85089, None, dt.datetime(2026, 3, 2))]
    assert ours["乱序"] == [(), (1,), (None, 2, None, 4), (5,)]


def test_the_1904_calendar_and_chart_sheets_are_read_as_openpyxl_reads_them() -> None:
    data = package({"统计": SHEET}, date1904=True, chart=True)
    ours = our_rows(data)
    assert typed(ours) == typed(openpyxl_rows(data))
    assert list(ours) == ["统计"]
    assert ours["统计"][2][1] == dt.datetime(2030, 3, 3)


@pytest.mark.parametrize(
    "damage",
    [
        b"PK\x03\x04 not really a zip",
        package({"统计": SHEET})[:-200],
        package({"统计": SHEET.replace("</sheetData>", "")}),
        package({"统计": SHEET.replace('t="s"><v>5</v>', 't="s"><v>99</v>')}),
    ],
    ids=["not a zip", "cut short", "broken XML", "a shared string that is not there"],
)
def test_a_damaged_workbook_is_unreadable_not_a_crash(damage: bytes) -> None:
    with pytest.raises(UnreadableFile):
        book = Workbook(damage)
        for table in book.tables:
            list(table.rows())
