"""Reading stored obligations for pages and the API: plain rows, no model instances.

A list page shows the deadlines of 20 subjects at once; building 40 ``Obligation`` instances cost more than
the query, so lists read the columns they show into ``StoredObligation`` (writes go through ``services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from fuwu.core.prepared import Values, prepared
from fuwu.regulations.models import Obligation


@dataclass(frozen=True, slots=True)
class StoredObligation:
    """A stored deadline, window or task as a reader sees it, citing its clause."""

    id: int
    kind: str
    what: str
    clause: str
    pack_version: int
    because: str
    due: dt.datetime  # a window's latest moment
    earliest: dt.datetime | None
    state: str
    met_at: dt.datetime | None
    breached_at: dt.datetime | None
    assignee_id: int | None


_COLUMNS = tuple(StoredObligation.__dataclass_fields__)


LIVE = ("open", "met", "breached")  # every state but void


def obligations_of(
    subject_type: str, subject_ids: Iterable[str | int], *, states: Sequence[str] = LIVE
) -> dict[str, list[StoredObligation]]:
    """Stored obligations of many subjects in one query, by subject id, by due time: those in ``states``
    (void ones are left out unless asked for; a board asks only for open and breached ones)."""
    ids = [str(i) for i in subject_ids]
    found: dict[str, list[StoredObligation]] = {}
    if not ids:
        return found

    def build(v: Values) -> QuerySet[Obligation, tuple[Any, ...]]:
        rows = Obligation.objects.filter(
            subject_type=v["type"], subject_id__in=v["ids"], state__in=v["states"]
        )
        return rows.order_by("due", "id").values_list("subject_id", *_COLUMNS)

    # Every list page asks this: a prepared read (core.prepared).
    values = {"type": subject_type, "ids": ids, "states": list(states)}
    for subject_id, *fields in prepared("obligations_of", build, values):
        found.setdefault(subject_id, []).append(StoredObligation(*fields))
    return found
