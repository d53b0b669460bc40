"""Reads of a fixed shape that every page runs: the ORM writes their SQL once, then they run with new values.

A list page asks the same few small questions on every request — the signed-in user with their roles and
sites, the stored deadlines of the page's rows, the technicians of the user's sites. Django builds and
compiles a queryset anew each time and converts every value through its converters; for these reads that
cost three to four times the query itself (decision 0019). ``prepared(name, build, params)`` keeps the SQL the
ORM compiled for the first call of a given shape and runs it again with the new values, converting only what
needs it: timestamps to aware UTC datetimes (SQLite gives them naive), JSON text to values.

Rules that keep it honest:
- ``build()`` is an ordinary queryset (``values_list``), so the SQL is the ORM's own, for the database in use,
  with its table and column names; the shape (``name`` plus the lengths of the lists) keys the cache.
- ``params`` are the values in the order the ORM binds them; the first compile of every shape checks that the
  ORM's own parameters are exactly these, so a wrong order fails at once, never silently.
- Only plain columns are read (no annotations of other types than those converted here).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models
from django.db.models import QuerySet

Row = tuple[Any, ...]
_Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class _Statement:
    sql: str
    converters: tuple[tuple[int, _Convert], ...]


_statements: dict[tuple[str, str, str], _Statement] = {}
_lock = threading.Lock()


def _aware(value: Any) -> Any:
    if isinstance(value, str):  # an expression's timestamp: SQLite gives its text
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # Django keeps UTC in the database
    return value


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _converter(field: models.Field[Any, Any]) -> _Convert | None:
    if isinstance(field, models.DateTimeField):
        return _aware
    if isinstance(field, models.JSONField):
        return _json
    return None


def _compile(queryset: QuerySet[Any, Any], params: Sequence[Any]) -> _Statement:
    compiler = queryset.query.get_compiler(connection=connection)
    sql, compiled_params = compiler.as_sql()
    if list(compiled_params) != list(params):
        raise ValueError(f"prepared read: the ORM binds {compiled_params!r}, the caller gave {params!r}")
    return _Statement(sql, _converters(compiler))


def _converters(compiler: Any) -> tuple[tuple[int, _Convert], ...]:
    found = []
    for index, (expression, _sql, _alias) in enumerate(compiler.select):
        convert = _converter(expression.output_field)
        if convert is not None:
            found.append((index, convert))
    return tuple(found)


def prepared(
    name: str,
    build: Callable[[], QuerySet[Any, Any]],
    params: Sequence[Any],
    *,
    shape: tuple[int, ...] = (),
) -> list[Row]:
    """The rows of ``build()`` for ``params``, from SQL compiled once per (name, shape, database)."""
    key = (name, repr(shape), connection.vendor)
    statement = _statements.get(key)
    if statement is None:
        with _lock:
            statement = _statements.get(key) or _compile(build(), params)
            _statements[key] = statement
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, list(params))
        rows = cursor.fetchall()
    if not statement.converters:
        return [tuple(row) for row in rows]
    out = []
    for row in rows:
        values = list(row)
        for index, convert in statement.converters:
            values[index] = convert(values[index])
        out.append(tuple(values))
    return out
