"""Calendar months in a site's local time: "2026-03" is [2026-03-01 00:00, 2026-04-01 00:00) in Shanghai."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read "YYYY-MM"; ValueError for anything else."""
        found = _MONTH.match(text.strip())
        if found is None:
            raise ValueError(f"month must be written YYYY-MM, not {text!r}")
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def containing(cls, moment: dt.datetime, zone: ZoneInfo) -> Month:
        local = moment.astimezone(zone)
        return cls(local.year, local.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) of the month as aware datetimes at local midnight."""
        following = self.next()
        return (
            dt.datetime(self.year, self.month, 1, tzinfo=zone),
            dt.datetime(following.year, following.month, 1, tzinfo=zone),
        )

    def last(self, count: int) -> list[Month]:
        """The ``count`` months ending with this one, oldest first."""
        months = [self]
        while len(months) < count:
            months.append(months[-1].previous())
        return months[::-1]
