"""The shapes of error bodies, shared by every operation's documented responses."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class Detail(Schema):
    """401, 403, 404 and 409: one clear sentence."""

    detail: str = Field(description="What went wrong, in one sentence.")


class Problem(Schema):
    """One bad input value."""

    loc: list[str | int] = Field(
        description='Where the bad value is: ["body", "tags", 0], ["query", "month"], '
        '["file", "row 12", "clock_in"].'
    )
    msg: str = Field(description="What is wrong with it.")


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
