"""How many times an incident's fixed amount applies: the engine's ``quantity`` (p05.income: a customer
manager's behaviour points of a month, each worth the clause's amount).

The Incident table has no column for it: the app that records such incidents (fuwu.managers, for
p05.income) keeps the count on its own row and lends staff a reader when it starts, so staff imports no
later app. An incident that no reader counts applies once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

# The incidents' ids → their quantity, for those the reader knows (one query for all of them).
Reader = Callable[[Sequence[int]], Mapping[int, int]]

_READERS: dict[str, Reader] = {}


def register(clause: str, reader: Reader) -> None:
    """Let ``reader`` say the quantity of incidents citing ``clause`` (an app's ``ready``; once each)."""
    _READERS[clause] = reader


def read(incidents: Iterable[tuple[int | None, str]]) -> dict[int, int]:
    """The quantities of the stored incidents among ``incidents`` ((id, clause) pairs) that a reader
    counts; no query unless one of them cites a clause with a reader."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for pk, clause in incidents:
        if pk is not None and clause in _READERS:
            wanted[clause].append(pk)
    found: dict[int, int] = {}
    for clause, ids in wanted.items():
        found.update(_READERS[clause](ids))
    return found
