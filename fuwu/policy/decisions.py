"""What the engine decides: one ``Decision`` per fine, deadline, task …, each citing its clause.

A decision carries only the fields its kind needs; ``to_json`` gives the evaluation contract's shape
(money and rates as decimal strings, datetimes ISO 8601 with offset).

Beyond the contract (additive fields): every decision has a ``key``, its stable identity
``{kind}|{subject}|{what or clause}|{source}[|{detail}]`` (see ``docs/decisions/0011``), and the ``ref`` of
the input event that produced it when that event had one; deadlines carry ``met_at``, ``met_by`` and
``breached_at`` where known, windows their ``state`` (open / met / breached) and the same three fields.
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
    "deadline": ("what", "due", "status", "met_at", "met_by", "breached_at"),
    "window": ("what", "earliest", "latest", "state", "met_at", "met_by", "breached_at"),
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
    met_at: dt.datetime | None = None  # the meeting (or checked) event's time, in the site's zone
    met_by: str | None = None  # the source (ref, or #n) of the event that met the deadline
    breached_at: dt.datetime | None = None  # when the deadline or window was breached
    state: str | None = None  # windows: open, met or breached
    ref: str | None = None  # the ref of the input event that produced (or started) the decision
    key: str = ""  # the stable identity; unique within one evaluation

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
        if self.ref is not None:
            out["ref"] = self.ref
        out["key"] = self.key
        return out


def decisions_json(decisions: list[Decision]) -> dict[str, list[dict[str, object]]]:
    """Return ``{"decisions": [...]}`` as printed by ``fuwu policy eval``."""
    return {"decisions": [decision.to_json() for decision in decisions]}
