"""Why a file is refused: every problem in it, each placed at its sheet, row and column.

Messages are English msgids translated when the problem is found (the language of the request that
uploads the file), the place when the problem is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, pgettext

from fuwu.staff.readers.records import Place


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One thing a person can fix in the file, and where it is (None: the file as a whole)."""

    place: Place | None
    message: str

    def __str__(self) -> str:
        place = self.place
        if place is None:
            return self.message
        words = {"sheet": place.sheet, "row": place.row, "column": place.column, "message": self.message}
        if place.column is None:
            return gettext("%(sheet)s row %(row)s: %(message)s") % words
        return gettext("%(sheet)s row %(row)s, column “%(column)s”: %(message)s") % words


class AttendanceFileError(Exception):
    """The file cannot be imported; carries every problem found in it, not just the first."""

    def __init__(self, problems: list[FileProblem]) -> None:
        if not problems:
            raise ValueError("AttendanceFileError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class Problems:
    """The problems found so far while reading one file."""

    def __init__(self) -> None:
        self.found: list[FileProblem] = []

    def add(self, place: Place | None, message: str) -> None:
        self.found.append(FileProblem(place, message))

    def raise_if_any(self) -> None:
        if self.found:
            raise AttendanceFileError(self.found)


# The messages several readers give, worded once.


def bad_date(found: str) -> str:
    return gettext("“%(text)s” is not a date.") % {"text": found}


def bad_time(found: str) -> str:
    return gettext("“%(text)s” is not a clock time (such as 08:57 or 次日 02:05).") % {"text": found}


def bad_moment(found: str) -> str:
    return gettext("“%(text)s” is not a date and time (such as 2026-03-02 08:57:14).") % {"text": found}


def bad_number(found: str) -> str:
    return gettext("“%(text)s” is not a number.") % {"text": found}


def nobody() -> str:
    return gettext("The row has neither an employee number nor a name.")


def duplicate_day(first_row: int) -> str:
    return gettext("The same employee and date are already on row %(row)s.") % {"row": first_row}


def missing_column(column: str) -> str:
    return gettext("The required column “%(column)s” is missing.") % {"column": column}


def list_separator() -> str:
    """Between the items of a list in a sentence: ", " in English, "、" in Chinese."""
    return pgettext("list separator", ", ")
