"""Problems found in a pack, a profile or a calendar, each placed at FILE:LINE:COLUMN."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One error a person can fix: where it is (1-based line and column; 0:0 when unknown) and what."""

    file: str | None
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.file is None:
            return self.message
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PolicyError(Exception):
    """A pack, profile or composition that cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    @classmethod
    def single(cls, message: str, file: str | None = None, line: int = 0, column: int = 0) -> PolicyError:
        """Return an error with one problem."""
        return cls([Problem(file, line, column, message)])
