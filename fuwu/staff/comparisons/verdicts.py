"""The vendor's verdict of each imported day beside Fuwu's: where one finds fault and the other not."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from typing import Any

from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry

CHUNK = 500  # employees whose days and entries are read together
SEPARATOR = "、"  # how a day's vendor words are joined in AttendanceDay.vendor_result
# Words of the vendors' 打卡结果 that find fault with a day (严重迟到 and 旷工迟到 hold 迟到; 未打卡 is
# 考勤明细's and ZKTeco's 缺卡). Every other word (正常, 外勤, 补卡审批通过, leave names …) finds none.
FAULTS = ("迟到", "早退", "旷工", "缺卡", "未打卡")
# Kinds of entry that take money from the employee.
TAKING = (LedgerEntry.Kind.FINE, LedgerEntry.Kind.DEDUCTION, LedgerEntry.Kind.COMPENSATION)


@dataclass(frozen=True)
class Disagreement:
    """One shift where the vendor's words and Fuwu's ledger part: ``vendor`` are the vendor's words of the
    day, ``fuwu`` the reasons of the standing entries the shift gave (none: Fuwu takes nothing)."""

    employee: int  # the person's id (the user's, as in GET /staff)
    name: str
    number: str
    date: dt.date
    shift: int  # the stored shift (AttendanceDay)
    vendor: tuple[str, ...]
    fuwu: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "employee": self.employee,
            "name": self.name,
            "number": self.number,
            "date": self.date.isoformat(),
            "shift": self.shift,
            "vendor": list(self.vendor),
            "fuwu": list(self.fuwu),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Disagreement:
        return cls(
            int(data["employee"]),
            str(data["name"]),
            str(data["number"]),
            dt.date.fromisoformat(data["date"]),
            int(data["shift"]),
            tuple(data["vendor"]),
            tuple(data["fuwu"]),
        )


def vendor_words(text: str) -> tuple[str, ...]:
    """A stored vendor_result as its words."""
    return tuple(word for word in text.split(SEPARATOR) if word)


def finds_fault(words: Iterable[str]) -> bool:
    """Whether the vendor's words say something was wrong with the day."""
    return any(fault in word for word in words for fault in FAULTS)


def compare_verdicts(days: Mapping[Employee, Set[dt.date]]) -> list[Disagreement]:
    """The stored shifts of ``days`` (by employee) that carry the vendor's words, where the vendor finds
    fault and no standing entry of the shift takes money, or finds none and one does. A few queries per
    ``CHUNK`` employees."""
    found: list[Disagreement] = []
    employees = sorted(days, key=lambda e: e.pk)
    every = [day for dates in days.values() for day in dates]
    if not every:
        return found
    first, last = min(every), max(every)
    for start in range(0, len(employees), CHUNK):
        chunk = {employee.pk: employee for employee in employees[start : start + CHUNK]}
        rows = (
            AttendanceDay.objects.filter(employee_id__in=list(chunk), day__range=(first, last))
            .exclude(vendor_result="")
            .values_list("pk", "employee_id", "day", "vendor_result")
        )
        judged = [row for row in rows if row[2] in days[chunk[row[1]]]]
        if not judged:
            continue
        months = {row[2].replace(day=1) for row in judged}
        taken: dict[str, list[str]] = defaultdict(list)
        entries = LedgerEntry.objects.filter(
            employee_id__in=list(chunk),
            period__in=sorted(months),
            ref__startswith="day:",
            kind__in=TAKING,
            reverses__isnull=True,
            reversed_by__isnull=True,
        ).values_list("ref", "because")
        for ref, because in entries.order_by("pk"):
            taken[ref].append(because)
        for pk, employee_id, day, text in judged:
            words = vendor_words(text)
            fuwu = tuple(taken.get(f"day:{pk}", ()))
            if finds_fault(words) != bool(fuwu):
                employee = chunk[employee_id]
                user = employee.user
                found.append(
                    Disagreement(user.pk, user.display_name, user.employee_no or "", day, pk, words, fuwu)
                )
    found.sort(key=lambda item: (item.date, item.number, item.name, item.shift))
    return found
