"""p10.3.5's decision now lives in the approvals app (approvals 0002 moved the decided ones there): the
order keeps only ``approval``, the request's state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0003_technician_trades"),
        ("approvals", "0002_orders_p10_3_5"),
    ]

    operations = [
        migrations.RemoveField(model_name="order", name="approved_at"),
        migrations.RemoveField(model_name="order", name="approved_by"),
    ]
