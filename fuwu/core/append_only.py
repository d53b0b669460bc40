"""Database guards for append-only tables (the audit trail, the ledger): a migration operation that makes
the database itself refuse what the model already refuses in Python.

PostgreSQL refuses UPDATE and DELETE (TRUNCATE, used only by test flushes and restores, is not a row
trigger). SQLite refuses UPDATE only: Django's test flush on SQLite empties tables with DELETE.
"""

from __future__ import annotations

from collections.abc import Callable

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def append_only(table: str, message: str) -> migrations.RunPython:
    """The reversible operation that installs (and on the way back removes) the guard on ``table``."""
    forwards, backwards = _guard(table, message)
    return migrations.RunPython(forwards, backwards)


def guard_lifted(table: str, message: str) -> migrations.RunPython:
    """The operation that removes the guard for the rest of a migration that must change existing rows
    (a new column filled from another); the migration ends with ``append_only`` to put it back. On the
    way back it reinstalls the guard."""
    forwards, backwards = _guard(table, message)
    return migrations.RunPython(backwards, forwards)


Operation = Callable[[Apps, BaseDatabaseSchemaEditor], None]


def _guard(table: str, message: str) -> tuple[Operation, Operation]:
    name = f"{table}_append_only"
    quoted = message.replace("'", "''")
    create = {
        "postgresql": f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{quoted}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name}
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}();
""",
        "sqlite": f"""
CREATE TRIGGER {name} BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{quoted}'); END;
""",
    }
    drop = {
        "postgresql": f"DROP TRIGGER IF EXISTS {name} ON {table};\nDROP FUNCTION IF EXISTS {name}();",
        "sqlite": f"DROP TRIGGER IF EXISTS {name};",
    }

    def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        sql = create.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        sql = drop.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return forwards, backwards
