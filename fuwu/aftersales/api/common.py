"""What the after-sales routers share: the site a write names, rows looked up within the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, FieldProblem, Maybe
from fuwu.core.models import Site

T = TypeVar("T")
TAG = "after-sales"


def one_of(
    value: Maybe[int | None],
    find: Callable[[int], T | None],
    field: str,
    found: list[FieldProblem],
    *,
    required: bool = False,
) -> Maybe[T | None]:
    """The row id ``value`` names among those ``find`` sees; its problem added to ``found`` otherwise."""
    if value is UNKNOWN:
        return UNKNOWN
    if value is None:
        if required:
            found.append((("body", field), gettext("This field is required.")))
            return UNKNOWN
        return None
    row = find(value)
    if row is None:
        found.append((("body", field), gettext("No such row at the site.")))
        return UNKNOWN
    return row


def site_code(site: Site) -> str:
    return site.code


def money(value: Any) -> str:
    return f"{value:.2f}"
