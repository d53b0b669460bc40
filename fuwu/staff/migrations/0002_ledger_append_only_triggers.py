"""Make the ledger append-only in the database too, as the audit trail is (core 0003): the model refuses
updates and deletes in Python, these triggers refuse them to raw SQL. PostgreSQL refuses UPDATE and
DELETE; SQLite refuses UPDATE (Django's test flush on SQLite empties tables with DELETE)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

PG_CREATE = """
CREATE OR REPLACE FUNCTION staff_ledgerentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: a correction is a reversing entry';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER staff_ledgerentry_append_only
    BEFORE UPDATE OR DELETE ON staff_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION staff_ledgerentry_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS staff_ledgerentry_append_only ON staff_ledgerentry;
DROP FUNCTION IF EXISTS staff_ledgerentry_append_only();
"""
SQLITE_CREATE = """
CREATE TRIGGER staff_ledgerentry_append_only BEFORE UPDATE ON staff_ledgerentry
BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: a correction is a reversing entry'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS staff_ledgerentry_append_only;"


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
