"""Many rows inserted in one statement without a model instance each: an import's 220,000 shifts.

``bulk_create`` builds a model instance per row and compiles every value through its field, which is most
of an import's writing time. Here the values are adapted by the same fields (``get_db_prep_save``), once
per distinct value, and sent with ``executemany``. No signals are sent and no primary keys come back, as
with ``bulk_create`` on SQLite; the caller audits the rows as a batch (decisions/0022).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction

BATCH = 20_000  # rows a statement: memory for the adapted values stays small


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (values in the order of ``fields``, attribute names such as ``employee_id``) into
    ``model``'s table. Name every column but the primary key: the fields' defaults are Python's, which
    the database does not know. Must run inside the caller's transaction. Returns the rows inserted."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk.insert must run inside the write's transaction")
    by_name = {field.attname: field for field in model._meta.concrete_fields}
    columns = [by_name[name] for name in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    adapters = [_adapter(field) for field in columns]
    width = len(adapters)
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} values for {width} fields")
            # The length is checked above: zip's own check would cost a little on every row.
            batch.append([adapt(value) for adapt, value in zip(adapters, row, strict=False)])
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _adapter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """The field's value as the database takes it, worked out once per distinct value (a month's dates,
    shift times and clock minutes repeat across thousands of rows)."""
    known: dict[Any, Any] = {None: None}

    def adapt(value: Any) -> Any:
        try:
            return known[value]
        except KeyError:
            adapted = known[value] = field.get_db_prep_save(value, connection)
            return adapted
        except TypeError:  # an unhashable value (a JSON field's dict)
            return field.get_db_prep_save(value, connection)

    return adapt
