"""What the engine decides: one ``Decision`` per fine, deadline, task …, each citing its clause.

A decision carries only the fields its kind needs; ``to_json`` gives the evaluation contract's shape
(money and rates as decimal strings, datetimes ISO 8601 with offset).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

DecisionKind = Literal[
    "fine",
    "reward",
    "compensation",
    "deduction",
    "deadline",
    "window",
    "violation",
    "status",
    "task",
    "kpi",
    "needs_review",
]

# The optional fields each kind carries in JSON; a kpi always shows value, target and holds (null allowed).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "fine": ("amount",),
    "reward": ("amount",),
    "compensation": ("amount", "due"),
    "deduction": ("amount",),
    "deadline": ("what", "due", "status"),
    "window": ("what", "earliest", "latest"),
    "violation": ("what",),
    "status": ("status",),
    "task": ("what", "due"),
    "kpi": ("value", "target", "holds"),
    "needs_review": (),
}
_ALWAYS_SHOWN = {"value", "target", "holds"}


@dataclass(slots=True)
class Decision:
    """One outcome of a clause for one subject, with the pack version that decided it."""

    kind: DecisionKind
    subject: str
    clause: str
    pack: str
    version: int
    because: str
    amount: Decimal | None = None
    due: dt.datetime | None = None
    earliest: dt.datetime | None = None
    latest: dt.datetime | None = None
    status: str | None = None
    what: str | None = None
    value: Decimal | None = None
    target: Decimal | None = None
    holds: bool | None = None

    def to_json(self) -> dict[str, object]:
        """Return the decision as the JSON object of the evaluation contract."""
        out: dict[str, object] = {
            "kind": self.kind,
            "subject": self.subject,
            "clause": self.clause,
            "pack": self.pack,
            "version": self.version,
        }
        for name in KIND_FIELDS[self.kind]:
            value = getattr(self, name)
            if value is None and name not in _ALWAYS_SHOWN:
                continue
            if isinstance(value, Decimal):
                out[name] = str(value)
            elif isinstance(value, dt.datetime):
                out[name] = value.isoformat()
            else:
                out[name] = value
        out["because"] = self.because
        return out


def decisions_json(decisions: list[Decision]) -> dict[str, list[dict[str, object]]]:
    """Return ``{"decisions": [...]}`` as printed by ``fuwu policy eval``."""
    return {"decisions": [decision.to_json() for decision in decisions]}
