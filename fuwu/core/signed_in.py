"""The user a request acts for, read with their roles and sites in one query (decision 0017).

The row of the user is joined with their groups and their sites' memberships (LEFT JOINs: once per group and
site), so that the pages and the API know at once what the user may see. Both reads are prepared
(``core.prepared``): they run on every signed-in request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from fuwu.core.models import User
from fuwu.core.prepared import Row, prepared
from fuwu.core.roles import BY_GROUP_NAME

USER_COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)
ACCESS_COLUMNS = ("groups__name", "membership__site_id", "membership__site__code", "membership__site__name")
TOKEN_COLUMNS = ("api_tokens__id", "api_tokens__last_used_at")


def session_user(pk: int) -> User | None:
    """The user with this id, knowing their roles and sites; None when there is none."""
    rows = prepared(
        "session_user",
        lambda v: User.objects.filter(pk=v["pk"]).values_list(*USER_COLUMNS, *ACCESS_COLUMNS),
        {"pk": pk},
    )
    return _user(rows)


def token_user(key_hash: str) -> tuple[User, int, datetime | None] | None:
    """The user of a live (unrevoked) token with this hash, knowing their roles and sites, with the
    token's id and last use; None when there is no such token."""
    rows = prepared(
        "token_user",
        # One filter() for both conditions: they must hold for the same token row.
        lambda v: (
            User.objects.filter(api_tokens__key_hash=v["hash"], api_tokens__revoked_at__isnull=True)
            .values_list(*USER_COLUMNS, *ACCESS_COLUMNS, *TOKEN_COLUMNS)
            .order_by()
        ),
        {"hash": key_hash},
    )
    user = _user(rows)
    if user is None:
        return None
    token_id, last_used = rows[0][-2:]
    return user, token_id, last_used


def _user(rows: Sequence[Row]) -> User | None:
    if not rows:
        return None
    width = len(USER_COLUMNS)
    user = User.from_db(connection.alias, list(USER_COLUMNS), rows[0][:width])
    names: set[Any] = set()
    sites: set[tuple[int, str, str]] = set()
    for row in rows:
        group, site_id, code, name = row[width : width + len(ACCESS_COLUMNS)]
        names.add(group)
        if site_id is not None:
            sites.add((site_id, code, name))
    user.know_access(frozenset(BY_GROUP_NAME[name] for name in names if name in BY_GROUP_NAME), list(sites))
    return user
