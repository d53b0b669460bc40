"""Errors that services raise when a client's request cannot be carried out.

They carry no HTTP: the REST API (fuwu.core.api.errors) turns them into 409 and 422 responses, and pages
can show their messages. Services import them without importing django-ninja.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Final, TypeAlias, TypeVar

Loc = tuple[str | int, ...]
# One bad field: where it is and what is wrong with it, in a sentence for the person who sent it.
FieldProblem = tuple[Loc, str]

T = TypeVar("T")


class Unknown(enum.Enum):
    """A value the client sent in a shape that could not be read (a number as text, a naive time …).

    That field's own problem is already named, so a check that needs its value is skipped: a service's
    `…_problems(...)` function takes `Maybe[...]` arguments and checks only the values it knows.
    """

    VALUE = "unknown"


UNKNOWN: Final = Unknown.VALUE
# A value that is either known (well-shaped) or UNKNOWN.
Maybe: TypeAlias = T | Unknown


class Conflict(Exception):
    """The object's state no longer allows the action: already done, done by someone else first, month closed.

    The message is one clear sentence for the person who tried; the API answers 409 {"detail": message}.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """The input is wrong, naming every bad field: a list of (loc, msg).

    `loc` is where the bad value is, as the API reports it: ("body", "tags", 0), ("query", "month"),
    ("file", "row 12", "clock_in"). The API answers 422 {"detail": [{"loc": [...], "msg": ...}, …]}.
    """

    def __init__(self, problems: Iterable[tuple[Sequence[str | int], str]]) -> None:
        self.problems: list[tuple[Loc, str]] = [(tuple(loc), str(msg)) for loc, msg in problems]
        if not self.problems:
            raise ValueError("Invalid needs at least one problem")
        super().__init__("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in self.problems))

    @classmethod
    def field(cls, loc: Sequence[str | int], msg: str) -> Invalid:
        """One bad field: `raise Invalid.field(("body", "explanation"), "…")`."""
        return cls([(loc, msg)])

    @classmethod
    def unless_empty(cls, problems: Iterable[tuple[Sequence[str | int], str]]) -> None:
        """Raise every problem of `problems` in one Invalid; nothing when there is none."""
        found = list(problems)
        if found:
            raise cls(found)
