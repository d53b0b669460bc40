"""The shapes of error bodies and of ids, shared by every operation's documented parameters and responses."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext
from ninja import Schema
from pydantic import AfterValidator, AwareDatetime, Field

MAX_ID = 2**63 - 1
# A row's id as a client may name it: positive and within the database's 64-bit integer, so a forged
# huge number is refused as invalid input (422) instead of overflowing the database driver.
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]

# The years a time or date sent by a client may fall in. Beyond them Python's datetime overflows when the
# offset is taken away (0001-01-01T00:00+08:00), and the work calendar knows no holidays.
FIRST_YEAR, LAST_YEAR = 2000, 2099


def _in_service_years(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(
            gettext("Give a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return value


# A moment sent by a client: ISO 8601 with its offset (2026-03-02T09:00:00+08:00), within the service years.
Moment = Annotated[AwareDatetime, AfterValidator(_in_service_years)]
# A calendar day sent by a client (2026-03-02), within the service years.
Day = Annotated[dt.date, AfterValidator(_in_service_years)]


class Detail(Schema):
    """401, 403, 404 and 409: one clear sentence."""

    detail: str = Field(
        description="What went wrong, in one sentence, in the request's language: Chinese, or English "
        "for Accept-Language: en."
    )


class Problem(Schema):
    """One bad input value."""

    loc: list[str | int] = Field(
        description='Where the bad value is: ["body", "tags", 0], ["query", "month"], '
        '["file", "row 12", "clock_in"].'
    )
    msg: str = Field(
        description="What is wrong with it, in the request's language: Chinese, or English for "
        "Accept-Language: en."
    )


class Problems(Schema):
    """422: every bad field of the request, each with its place and a clear sentence."""

    detail: list[Problem]


# Each status code with the schema its body has and the sentence that documents it.
ERROR_RESPONSES: dict[int, tuple[type[Schema], str]] = {
    400: (Detail, "The request could not be read."),
    401: (Detail, "No token, or the token is unknown, revoked or its user is inactive."),
    403: (Detail, "The user's role may not do this (or a session write without CSRF token)."),
    404: (Detail, "No such object, or it is outside the user's sites or scope."),
    409: (Detail, "The object's state no longer allows the action."),
    422: (Problems, "Invalid input: every bad field with its location."),
}
