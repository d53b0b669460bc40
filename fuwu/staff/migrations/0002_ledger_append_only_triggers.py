"""Make the ledger append-only in the database too, as the audit trail is (fuwu.core.append_only)."""

from django.db import migrations

from fuwu.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("staff", "0001_initial")]
    operations = [
        append_only("staff_ledgerentry", "ledger entries are append-only: a correction is a reversing entry")
    ]
