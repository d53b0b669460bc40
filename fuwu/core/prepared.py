"""Reads that every page runs: the ORM writes their SQL once per shape, then they run with new values.

A list page asks the same few questions on every request — the signed-in user with their roles and sites,
the page's rows, the stored deadlines of those rows, the technicians of the user's sites. Django builds and
compiles a queryset anew each time and converts every value through its converter chain; for these reads
that cost several times the query itself (decision 0019). ``prepared(name, build, values)`` compiles
``build(values)`` the first time a shape is seen and then runs the same SQL with new values, converting only
what the driver gives in another form than the ORM would: timestamps to aware UTC datetimes (SQLite gives
them naive), JSON text to values.

Where each value goes among the SQL's parameters is learnt, not assumed: at the first call of a shape the
queryset is compiled once as given and once more per value with that value changed; the parameters that
change are that value's places. A shape is run prepared only when this is unambiguous — the SQL stays the
same and every value lands as the ORM hands a plain value to the driver (an aware datetime as the
database's timestamp parameter; an ``icontains`` pattern, a time compared with a date, is transformed) —
otherwise, and for any call whose values could change the SQL (None), it runs through the ORM as usual.
So a prepared read answers exactly what the ORM answers, or is the ORM.

The shape is ``name``, the caller's ``shape`` (what the filters present are) and the number of values in
each list; ``values`` hold ints, strings and aware datetimes (and lists of them), and every parameter of
the SQL must be one of them — constants included — or the shape is not prepared (a variable the build
closed over would otherwise be frozen at its first value).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.query import ValuesIterable

Row = tuple[Any, ...]
Values = Mapping[str, Any]
_Convert = Callable[[Any], Any]
_Slot = tuple[str, int | None]  # (name, index in its list, or None for a single value)


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple[Any, ...]  # as compiled the first time; the values' places are filled in each run
    places: tuple[tuple[_Slot, tuple[int, ...]], ...]  # each value's parameters (a value may be in several)
    converters: tuple[tuple[int, _Convert], ...]
    names: tuple[str, ...] | None  # the keys of dict rows (a values() queryset), None for tuples


_UNPREPARABLE = object()
_statements: dict[tuple[Any, ...], _Statement | object] = {}
_lock = threading.Lock()


def _aware(value: Any) -> Any:
    if isinstance(value, str):  # an expression's timestamp: SQLite gives its text
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)  # Django keeps UTC in the database
    return value


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _decimal(places: int) -> _Convert:
    exponent = Decimal(10) ** -places

    def convert(value: Any) -> Any:  # SQLite gives a float or text; both become the field's places
        return None if value is None else Decimal(str(value)).quantize(exponent)

    return convert


# Fields whose values every driver gives as the ORM would (text, numbers, booleans, dates).
_AS_GIVEN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,
    models.ForeignKey,
)


def _converter(field: models.Field[Any, Any]) -> _Convert | object | None:
    """What makes a driver's value the ORM's; None when it needs nothing; _UNPREPARABLE for a field whose
    conversion is not written here (its reads run through the ORM)."""
    if isinstance(field, models.DateTimeField):
        return _aware
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.DecimalField):
        return _decimal(field.decimal_places or 0)
    if isinstance(field, _AS_GIVEN):
        return None
    return _UNPREPARABLE


def _slots(values: Values) -> list[tuple[_Slot, Any]]:
    found: list[tuple[_Slot, Any]] = []
    for name, value in values.items():
        if isinstance(value, list | tuple):
            found.extend(((name, index), item) for index, item in enumerate(value))
        else:
            found.append(((name, None), value))
    return found


def _preparable(value: Any) -> bool:
    if isinstance(value, datetime):
        return value.tzinfo is not None  # a naive time is the ORM's to interpret (and warn about)
    return isinstance(value, int | str) and not isinstance(value, bool)


def _changed(value: Any) -> Any:
    """Another value of the same kind, so that its parameter shows where it goes."""
    if isinstance(value, datetime):
        return value + timedelta(seconds=1)
    return value + 7919 if isinstance(value, int) else f"{value}\u2063"


def _as_parameter(value: Any) -> Any:
    """The value as the ORM hands it to the driver when it compares a timestamp column with it: SQLite
    keeps naive UTC text, PostgreSQL takes the datetime. Ints and strings go as they are."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _with(values: Values, slot: _Slot, new: Any) -> dict[str, Any]:
    changed = dict(values)
    name, index = slot
    if index is None:
        changed[name] = new
    else:
        items = list(changed[name])
        items[index] = new
        changed[name] = items
    return changed


def _compiled(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...], Any]:
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    return sql, tuple(params), compiler


def _learn(build: Callable[[Values], QuerySet[Any, Any]], values: Values) -> _Statement | object:
    """The statement of this shape, with each value's place among the parameters; or unpreparable."""
    queryset = build(values)
    sql, params, compiler = _compiled(queryset)
    places = []
    for slot, value in _slots(values):
        other = _changed(value)
        try:
            other_sql, other_params, _ = _compiled(build(_with(values, slot, other)))
        except Exception:  # the build reads the value (int("7\u2063")): not a plain parameter
            return _UNPREPARABLE
        if other_sql != sql or len(other_params) != len(params):
            return _UNPREPARABLE
        moved = tuple(i for i, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b)
        given, changed = _as_parameter(value), _as_parameter(other)
        if not moved or any(params[i] != given or other_params[i] != changed for i in moved):
            # The ORM transforms it (a pattern, a time compared with a date): not a plain value.
            return _UNPREPARABLE
        places.append((slot, moved))
    covered = {index for _slot, indexes in places for index in indexes}
    if covered != set(range(len(params))):
        # A parameter that is none of the values (a closure's variable, a literal) would be frozen at
        # this first call's value: every parameter must come from the values, or the ORM runs it.
        return _UNPREPARABLE
    converters: list[tuple[int, _Convert]] = []
    for index, (expression, _sql, _alias) in enumerate(compiler.select):
        convert = _converter(expression.output_field)
        if convert is _UNPREPARABLE:
            return _UNPREPARABLE
        if convert is not None:
            converters.append((index, cast(_Convert, convert)))
    names = None
    # A values() queryset gives dicts keyed by its fields (their aliases in the SELECT).
    if issubclass(queryset._iterable_class, ValuesIterable):
        names = tuple(alias for _expression, _sql, alias in compiler.select)
    return _Statement(sql, params, tuple(places), tuple(converters), names)


def prepared(
    name: str,
    build: Callable[[Values], QuerySet[Any, Any]],
    values: Values,
    *,
    shape: Hashable = (),
) -> list[Any]:
    """The rows of ``build(values)`` — tuples of a ``values_list``, dicts of a ``values`` queryset — read
    with SQL compiled once per shape on this database."""
    slots = _slots(values)
    if not all(_preparable(value) for _slot, value in slots):
        return list(build(values))  # a None or another kind of value: the ORM decides the SQL
    key = (name, shape, connection.vendor, tuple((slot[0], slot[1]) for slot, _value in slots))
    statement = _statements.get(key)
    if statement is None:
        with _lock:
            statement = _statements.get(key) or _learn(build, values)
            _statements[key] = statement
    if not isinstance(statement, _Statement):
        return list(build(values))
    params = list(statement.params)
    given = dict(slots)
    for slot, indexes in statement.places:
        parameter = _as_parameter(given[slot])
        for index in indexes:
            params[index] = parameter
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, params)
        rows = cursor.fetchall()
    if statement.converters:
        converted = []
        for row in rows:
            items = list(row)
            for index, convert in statement.converters:
                items[index] = convert(items[index])
            converted.append(items)
        rows = converted
    if statement.names is not None:
        return [dict(zip(statement.names, row, strict=True)) for row in rows]
    return [tuple(row) for row in rows]


def is_prepared(name: str) -> bool:
    """Whether some shape of the read ``name`` runs prepared on this database (for tests)."""
    return any(
        key[0] == name and key[2] == connection.vendor and isinstance(statement, _Statement)
        for key, statement in _statements.items()
    )


def forget() -> None:
    """Forget every compiled statement (a test that changes the schema or the database)."""
    with _lock:
        _statements.clear()
