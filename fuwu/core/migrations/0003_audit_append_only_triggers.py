"""Make the audit trail append-only in the database too, so raw SQL cannot rewrite it.

The model refuses updates and deletes in Python; these triggers are the second guard (fuwu.core.append_only).
"""

from django.db import migrations

from fuwu.core.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles")]
    operations = [append_only("core_auditentry", "audit entries are append-only")]
