"""A ZKTeco attlog.dat as the clock's USB export writes it (the simplest real shape, for tests of what
happens after reading; the readers' own tests build every shape)."""

from __future__ import annotations

import datetime as dt


def attlog(taps: list[tuple[str, str]], *, crlf: bool = False) -> bytes:
    """Lines of (staff number, "YYYY-MM-DD HH:MM:SS"): the number right-aligned to 9 characters, then
    device 1, in/out flag 0, verify mode 15 (face), work code 0, tab-separated."""
    end = "\r\n" if crlf else "\n"
    return "".join(f"{number:>9}\t{moment}\t1\t0\t15\t0{end}" for number, moment in taps).encode()


def workdays_taps(
    number: str, first: dt.date, last: dt.date, late: dict[dt.date, str]
) -> list[tuple[str, str]]:
    """Taps at 08:5x and 18:0x on each weekday from ``first`` to ``last``; ``late`` gives another clock-in
    ("09:45:00") for some days. Weekends have no taps (no holiday falls in the ranges tests use)."""
    taps = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            first = dt.datetime.combine(day, dt.time.fromisoformat(late.get(day, "08:57:14")))
            taps.append((number, f"{first}"))
            taps.append((number, f"{first + dt.timedelta(seconds=6)}"))  # a double tap, seconds later
            taps.append((number, f"{day} 18:02:31"))
        day += dt.timedelta(days=1)
    return taps
