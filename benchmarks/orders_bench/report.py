"""Figures, goal verdicts and the printed table, shared by every measurement."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0…1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Row:
    """One line of the table; ``ok`` is None when the line has no goal."""

    db: str
    what: str
    measured: str
    baseline: str
    ratio: str
    goal: str
    ok: bool | None

    @property
    def verdict(self) -> str:
        return "—" if self.ok is None else "met" if self.ok else "MISSED"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def print_table(rows: list[Row]) -> None:
    """A plain-text table (also valid Markdown) of every row."""
    head = ("db", "measurement", "measured", "baseline (same run)", "ratio", "goal", "verdict")
    cells = [head, *[(r.db, r.what, r.measured, r.baseline, r.ratio, r.goal, r.verdict) for r in rows]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(head))]
    for index, line in enumerate(cells):
        print("| " + " | ".join(text.ljust(widths[i]) for i, text in enumerate(line)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
