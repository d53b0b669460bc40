"""The columns of a customer list as Excel keeps it: the names of 客户档案基本资料表 (p16.b2, p16.6) and
the words people head them with. They are the form's names — data, like a clause's text — so the export
is headed with them in every language and reads back through the import unchanged."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Column(StrEnum):
    """A column of the list, by the field it fills."""

    NAME = "name"
    KIND = "kind"
    PHONES = "phones"
    ADDRESS = "address"
    PLATE = "plate"
    MODEL = "model"
    VEHICLE_TYPE = "vehicle_type"
    VISITED_ON = "visited_on"
    WORK = "work"
    INTERVAL = "service_interval_days"
    NEXT_SERVICE = "next_service_on"
    WANTED = "services_wanted"
    MANAGER = "manager"
    NOTE = "note"


# The header the export writes for each column: the form's own words.
HEADERS: dict[Column, str] = {
    Column.NAME: "客户名称",
    Column.KIND: "客户类别",
    Column.PHONES: "电话",
    Column.ADDRESS: "地址",
    Column.PLATE: "车号",
    Column.MODEL: "车型",
    Column.VEHICLE_TYPE: "车种",
    Column.VISITED_ON: "送修或来访日期",
    Column.WORK: "维修养护项目",
    Column.INTERVAL: "保养周期",
    Column.NEXT_SERVICE: "下一次保养期",
    Column.WANTED: "客户希望得到的服务",
    Column.MANAGER: "客户经理(工号或用户名)",
    Column.NOTE: "备注",
}
# Other words the same columns are headed with in lists kept by hand.
ALIASES: dict[str, Column] = {
    "客户": Column.NAME,
    "客户姓名": Column.NAME,
    "姓名": Column.NAME,
    "名称": Column.NAME,
    "单位名称": Column.NAME,
    "客户类型": Column.KIND,
    "类别": Column.KIND,
    "联系电话": Column.PHONES,
    "手机": Column.PHONES,
    "手机号": Column.PHONES,
    "电话号码": Column.PHONES,
    "联系地址": Column.ADDRESS,
    "住址": Column.ADDRESS,
    "车牌": Column.PLATE,
    "车牌号": Column.PLATE,
    "车牌号码": Column.PLATE,
    "送修日期": Column.VISITED_ON,
    "来访日期": Column.VISITED_ON,
    "维修项目": Column.WORK,
    "维修保养项目": Column.WORK,
    "下次保养期": Column.NEXT_SERVICE,
    "下次保养日期": Column.NEXT_SERVICE,
    "下一次保养日期": Column.NEXT_SERVICE,
    "客户希望的服务": Column.WANTED,
    "希望得到的服务": Column.WANTED,
    "客户经理": Column.MANAGER,
    "跟踪服务顾问": Column.MANAGER,
}
REQUIRED = (Column.NAME,)
# How a list says what kind of customer a row is.
KINDS = {"个人": "person", "私人": "person", "单位": "company", "公司": "company", "企业": "company"}

_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")
_SPACE = re.compile(r"\s+")


def header_word(text: str) -> str:
    """A header as compared: full-width folded, spaces and anything in brackets dropped, a trailing
    colon or asterisk (a required mark) too."""
    found = unicodedata.normalize("NFKC", text)
    found = _BRACKETED.sub("", found)
    return _SPACE.sub("", found).strip(":*").casefold()


_BY_WORD: dict[str, Column] = {
    **{header_word(word): column for word, column in ALIASES.items()},
    **{header_word(word): column for column, word in HEADERS.items()},
}


def column_of(header: str) -> Column | None:
    """The column a header names, or None for a column the import does not read."""
    return _BY_WORD.get(header_word(header))
