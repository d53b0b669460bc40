"""Which export a file is, from its tables: DingTalk's sheet names and every source's header words."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from fuwu.staff.readers import dingtalk, wecom, zkteco
from fuwu.staff.readers import problems as say
from fuwu.staff.readers.problems import Problems, list_separator
from fuwu.staff.readers.records import DINGTALK, WECOM, ZKTECO, Place
from fuwu.staff.readers.shapes import KIND_ORDER, Found, Shape
from fuwu.staff.readers.tables import Header, Table, find_header, missing

# WeCom before DingTalk: a WeCom report may have a 考勤组 column too, but only WeCom writes 考勤类型.
SHAPES: tuple[Shape, ...] = (*wecom.SHAPES, *dingtalk.SHAPES, *zkteco.SHAPES)


@dataclass(frozen=True)
class Match:
    table: Table
    shape: Shape
    header: Header | None


def source_names() -> dict[str, str]:
    return {DINGTALK: gettext("DingTalk"), WECOM: gettext("WeCom"), ZKTECO: gettext("ZKTeco")}


def read_tables(tables: Sequence[Table], sources: Collection[str], problems: Problems) -> tuple[str, Found]:
    """Recognise the tables among the shapes of ``sources`` and read them; ('', nothing) when the file
    is no export of those sources (the problem says what was looked for)."""
    shapes = [shape for shape in SHAPES if shape.source in sources]
    matches = [match for table in tables if (match := _match(table, shapes)) is not None]
    if not matches and len(sources) == 1:
        # A source the user chose: name the columns that its nearest table lacks, if any table is near.
        matches = _nearest(tables, shapes)
    found = Found()
    if not matches:
        problems.add(None, _not_recognised(sources))
        return "", found
    kinds = {match.shape.source for match in matches}
    if len(kinds) > 1:
        names = source_names()
        listed = list_separator().join(names[source] for source in sorted(kinds))
        problems.add(
            None,
            gettext("The file holds exports of %(sources)s; import each on its own.") % {"sources": listed},
        )
        return "", found
    source = kinds.pop()
    readable = sorted(
        (match for match in matches if match.shape.kind in ("days", "punches", "leave")),
        key=lambda match: KIND_ORDER[match.shape.kind],
    )
    if not any(match.shape.kind in ("days", "punches") for match in readable):
        problems.add(None, gettext("A DingTalk workbook needs its 每日统计 or 考勤明细 sheet."))
        return source, found
    for match in readable:
        header = match.header
        absent = list(match.shape.required) if header is None else missing(header, _required(match.shape))
        for word in absent:
            problems.add(Place(match.table.name, header.row if header else 1), say.missing_column(word))
        if header is not None and not absent:
            match.shape.read(match.table, header, found, problems)
    return source, found


def _match(table: Table, shapes: Sequence[Shape]) -> Match | None:
    """The shape the table has: by its words and DingTalk's name for it, by its words, or by the name."""
    head = table.head()
    by_words: Match | None = None
    by_name: Match | None = None
    for shape in shapes:
        header = find_header(head, shape.words) if shape.words else None
        marked = header is not None and shape.marked(header)
        named = shape.sheet == table.name
        if marked and named:
            return Match(table, shape, header)
        if marked and by_words is None:
            by_words = Match(table, shape, header)
        if named and by_name is None:
            by_name = Match(table, shape, header)
    return by_words or by_name


def _nearest(tables: Sequence[Table], shapes: Sequence[Shape]) -> list[Match]:
    best: Match | None = None
    best_count = 0
    for table in tables:
        head = table.head()
        for shape in shapes:
            if shape.kind not in ("days", "punches"):
                continue
            header = find_header(head, _required(shape))
            count = 0 if header is None else len(shape.required) - len(missing(header, _required(shape)))
            if count > best_count:
                best, best_count = Match(table, shape, header), count
    return [] if best is None else [best]


def _required(shape: Shape) -> dict[str, str]:
    return {key: word for key, word in shape.words.items() if word in shape.required}


def _not_recognised(sources: Collection[str]) -> str:
    looked_for = {
        DINGTALK: gettext(
            "a DingTalk workbook or CSV (sheets 每日统计, 考勤明细, 请假记录; columns 考勤组, 上班1打卡时间)"
        ),
        WECOM: gettext("a WeCom daily report (columns 上班 1 打卡时间, 考勤类型)"),
        ZKTECO: gettext(
            "a ZKTeco attlog.dat (one tab-separated punch a line) or its software's Excel "
            "(考勤号码 with 日期时间 or 工作日)"
        ),
    }
    wanted = pgettext("list of alternatives", "; ").join(
        looked_for[source] for source in (DINGTALK, WECOM, ZKTECO) if source in sources
    )
    return gettext(
        "This file is not an attendance export Fuwu knows. It looked for %(wanted)s. "
        "For another layout, save a column mapping."
    ) % {"wanted": wanted}
