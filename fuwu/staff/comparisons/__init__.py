"""What an import found that HR should look at, never acted on: days where the vendor's own verdict
(打卡结果: 迟到, 旷工 …) and Fuwu's ledger disagree, and leave the export shows that Fuwu's approved leave
does not (or the other way round).

Fuwu's money comes only from the clock times and the regulations in force; the vendor's words are shown
beside it so a clerk used to the vendor's report sees where and why the two part.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from fuwu.regulations.calendars import work_calendar
from fuwu.staff.comparisons.leave import LeaveDifference, compare_leave
from fuwu.staff.comparisons.verdicts import Disagreement, compare_verdicts
from fuwu.staff.models import Employee
from fuwu.staff.readers import AttendanceFile
from fuwu.staff.schedules import Schedule

__all__ = ["Comparison", "Disagreement", "LeaveDifference", "compare"]

Match = Callable[[str | None, str], Employee | None]


@dataclass(frozen=True)
class Comparison:
    """The disagreements and the leave differences of one import, in date order."""

    disagreements: tuple[Disagreement, ...] = field(default=())
    leave: tuple[LeaveDifference, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "disagreements": [item.as_json() for item in self.disagreements],
            "leave": [item.as_json() for item in self.leave],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Comparison:
        return cls(
            tuple(Disagreement.from_json(item) for item in data.get("disagreements", [])),
            tuple(LeaveDifference.from_json(item) for item in data.get("leave", [])),
        )


def compare(found: AttendanceFile, days: Mapping[Employee, Set[dt.date]], match: Match) -> Comparison:
    """Compare the file with what Fuwu stored and decided for it; ``days`` are the days of the shifts the
    import stored, by employee, and ``match`` finds the employee a row names. Reads the stored shifts and
    the standing ledger entries, so call it after the import's reconcile, in its transaction."""
    disagreements = compare_verdicts(days)
    has_leave = bool(found.leave) or any(record.vendor_results for record in found.days)
    leave: list[LeaveDifference] = []
    if has_leave and days:
        schedule = Schedule.of(work_calendar(), days)
        leave = compare_leave(found, days, match, schedule)
    return Comparison(tuple(disagreements), tuple(leave))
