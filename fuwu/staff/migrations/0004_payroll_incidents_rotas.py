"""Incidents and appeals, closed months with their payroll lines and HR's review queue, rotas and split
shifts, saved column mappings and background jobs; the ledger learns the month of its facts apart from the
payroll month it counts in (a correction of a closed month lands in the next open one).

Existing entries get their month as the month of their facts: the guard is lifted for that one UPDATE and
put back at the end (on SQLite adding a NOT NULL column rebuilds the table, which drops its trigger).
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from fuwu.core.append_only import append_only, guard_lifted

LEDGER = "staff_ledgerentry"
GUARD = "ledger entries are append-only: a correction is a reversing entry"


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_employee_no_help_text_in_english"),
        ("staff", "0003_leave"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        guard_lifted(LEDGER, GUARD),
        migrations.CreateModel(
            name="Appeal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reason", models.CharField(max_length=500, verbose_name="reason")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="appealed at")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("pending", "Awaiting decision"),
                            ("upheld", "Upheld"),
                            ("dismissed", "Dismissed"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided at")),
                ("decision_note", models.CharField(blank=True, max_length=500, verbose_name="decision note")),
            ],
            options={
                "verbose_name": "appeal",
                "verbose_name_plural": "appeals",
            },
        ),
        migrations.CreateModel(
            name="ColumnMapping",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, unique=True, verbose_name="name")),
                ("columns", models.JSONField(default=dict, verbose_name="columns")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at"),
                ),
            ],
            options={
                "verbose_name": "column mapping",
                "verbose_name_plural": "column mappings",
            },
        ),
        migrations.CreateModel(
            name="Incident",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("clause", models.CharField(max_length=20, verbose_name="clause")),
                ("at", models.DateTimeField(verbose_name="happened at")),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="amount (yuan)",
                    ),
                ),
                (
                    "cost",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                        verbose_name="cost of the damage (yuan)",
                    ),
                ),
                ("concealed", models.BooleanField(default=False, verbose_name="concealed")),
                ("note", models.CharField(max_length=500, verbose_name="what happened")),
                ("proposed", models.JSONField(default=list, verbose_name="proposed entries")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("recorded", "Awaiting approval"),
                            ("approved", "Approved"),
                            ("rejected", "Not approved"),
                            ("withdrawn", "Withdrawn on appeal"),
                        ],
                        default="recorded",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="recorded at"),
                ),
                ("approver_role", models.CharField(max_length=40, verbose_name="approved by role")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided at")),
            ],
            options={
                "verbose_name": "incident",
                "verbose_name_plural": "incidents",
            },
        ),
        migrations.CreateModel(
            name="Job",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("import", "Attendance import"), ("close", "Monthly close")],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("month", models.DateField(blank=True, null=True, verbose_name="month")),
                ("filename", models.CharField(blank=True, max_length=255, verbose_name="file name")),
                ("source", models.CharField(blank=True, max_length=50, verbose_name="source")),
                ("data", models.BinaryField(null=True, verbose_name="file")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "Waiting"),
                            ("running", "Running"),
                            ("done", "Done"),
                            ("refused", "Refused"),
                        ],
                        default="queued",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                ("done", models.PositiveIntegerField(default=0, verbose_name="done")),
                ("of", models.PositiveIntegerField(default=0, verbose_name="of")),
                ("problems", models.JSONField(default=list, verbose_name="problems")),
                ("summary", models.CharField(blank=True, max_length=300, verbose_name="summary")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at"),
                ),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
            ],
            options={
                "verbose_name": "background job",
                "verbose_name_plural": "background jobs",
            },
        ),
        migrations.CreateModel(
            name="MonthClose",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "month",
                    models.DateField(help_text="The first day of the payroll month", verbose_name="month"),
                ),
                (
                    "closed_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="closed at"),
                ),
                ("employees", models.PositiveIntegerField(default=0, verbose_name="employees")),
                ("totals", models.JSONField(default=dict, verbose_name="totals")),
                ("needs_review", models.PositiveIntegerField(default=0, verbose_name="awaiting HR review")),
            ],
            options={
                "verbose_name": "closed month",
                "verbose_name_plural": "closed months",
            },
        ),
        migrations.CreateModel(
            name="PayrollLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("wage", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="monthly wage")),
                (
                    "bonus",
                    models.DecimalField(
                        decimal_places=2, max_digits=10, verbose_name="full-attendance bonus"
                    ),
                ),
                ("fines", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="fines")),
                (
                    "deductions",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="deductions"),
                ),
                (
                    "compensation",
                    models.DecimalField(decimal_places=2, max_digits=10, verbose_name="compensation"),
                ),
                ("rewards", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="rewards")),
                (
                    "floor_relief",
                    models.DecimalField(
                        decimal_places=2, max_digits=10, verbose_name="kept by the minimum wage"
                    ),
                ),
                ("net", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="pay")),
                ("needs_review", models.PositiveIntegerField(default=0, verbose_name="awaiting HR review")),
            ],
            options={
                "verbose_name": "payroll line",
                "verbose_name_plural": "payroll lines",
            },
        ),
        migrations.CreateModel(
            name="Review",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="month")),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                ("status", models.CharField(blank=True, max_length=60, verbose_name="proposed status")),
                ("clause", models.CharField(max_length=20, verbose_name="clause")),
                ("pack_version", models.PositiveIntegerField(null=True, verbose_name="pack version")),
                ("because", models.CharField(max_length=300, verbose_name="because")),
                ("key", models.CharField(max_length=200, verbose_name="decision key")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("open", "To review"),
                            ("confirmed", "Confirmed"),
                            ("dismissed", "Dismissed"),
                            ("void", "No longer applies"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at"),
                ),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="decided at")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="decision note")),
            ],
            options={
                "verbose_name": "review",
                "verbose_name_plural": "reviews",
            },
        ),
        migrations.CreateModel(
            name="Rota",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="name")),
                ("cycle", models.JSONField(default=list, verbose_name="cycle")),
                ("starts_on", models.DateField(verbose_name="first day of the cycle")),
            ],
            options={
                "verbose_name": "rota",
                "verbose_name_plural": "rotas",
            },
        ),
        migrations.AddField(
            model_name="employee",
            name="full_attendance_bonus",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="Leave empty for the amount the site's regulations set (p01.3)",
                max_digits=10,
                null=True,
                validators=[django.core.validators.MinValueValidator(Decimal("0"))],
                verbose_name="full-attendance bonus (yuan)",
            ),
        ),
        migrations.AddField(
            model_name="employee",
            name="rota_offset",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Days the person's cycle runs ahead of the rota's first day (teams A, B, C of a rota)",
                verbose_name="place in the rota",
            ),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="period",
            field=models.DateField(null=True, verbose_name="month of the facts"),
        ),
        migrations.RunSQL("UPDATE staff_ledgerentry SET period = month", migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="ledgerentry",
            name="period",
            field=models.DateField(verbose_name="month of the facts"),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="ref",
            field=models.CharField(blank=True, db_index=True, max_length=60, verbose_name="fact"),
        ),
        migrations.AddField(
            model_name="shift",
            name="break_end",
            field=models.TimeField(blank=True, null=True, verbose_name="break ends"),
        ),
        migrations.AddField(
            model_name="shift",
            name="break_start",
            field=models.TimeField(blank=True, null=True, verbose_name="break starts"),
        ),
        migrations.AlterField(
            model_name="employee",
            name="shift",
            field=models.ForeignKey(
                help_text="The fixed shift, worked on its days; with a rota, the rota decides each day",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="staff.shift",
                verbose_name="shift",
            ),
        ),
        migrations.AddIndex(
            model_name="ledgerentry",
            index=models.Index(fields=["employee", "period"], name="staff_ledger_employee_period"),
        ),
        migrations.AddField(
            model_name="appeal",
            name="by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="appealed by",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="decided by",
            ),
        ),
        migrations.AddField(
            model_name="columnmapping",
            name="created_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="created by",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="decided by",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="employee",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="incidents",
                to="staff.employee",
                verbose_name="employee",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="manager_on_duty",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="staff.employee",
                verbose_name="manager on duty",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="recorded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.site",
                verbose_name="site",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="incident",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appeal",
                to="staff.incident",
                verbose_name="incident",
            ),
        ),
        migrations.AddField(
            model_name="job",
            name="by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="by",
            ),
        ),
        migrations.AddField(
            model_name="job",
            name="result",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="staff.attendanceimport",
                verbose_name="import",
            ),
        ),
        migrations.AddField(
            model_name="job",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.site",
                verbose_name="site",
            ),
        ),
        migrations.AddField(
            model_name="monthclose",
            name="closed_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="closed by",
            ),
        ),
        migrations.AddField(
            model_name="monthclose",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.site",
                verbose_name="site",
            ),
        ),
        migrations.AddField(
            model_name="payrollline",
            name="close",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lines",
                to="staff.monthclose",
                verbose_name="closed month",
            ),
        ),
        migrations.AddField(
            model_name="payrollline",
            name="employee",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="staff.employee",
                verbose_name="employee",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="decided by",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="employee",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reviews",
                to="staff.employee",
                verbose_name="employee",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.site",
                verbose_name="site",
            ),
        ),
        migrations.AddField(
            model_name="rota",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.site",
                verbose_name="site",
            ),
        ),
        migrations.AddField(
            model_name="employee",
            name="rota",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="members",
                to="staff.rota",
                verbose_name="rota",
            ),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["employee", "at"], name="staff_incident_employee_at"),
        ),
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["site", "state"], name="staff_incident_site_state"),
        ),
        migrations.AddConstraint(
            model_name="monthclose",
            constraint=models.UniqueConstraint(fields=("site", "month"), name="staff_monthclose_site_month"),
        ),
        migrations.AddConstraint(
            model_name="payrollline",
            constraint=models.UniqueConstraint(
                fields=("close", "employee"), name="staff_payrollline_close_employee"
            ),
        ),
        migrations.AddIndex(
            model_name="review",
            index=models.Index(fields=["site", "state", "month"], name="staff_review_site_state"),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                fields=("employee", "month", "key"), name="staff_review_employee_key"
            ),
        ),
        migrations.AddConstraint(
            model_name="rota",
            constraint=models.UniqueConstraint(fields=("site", "name"), name="staff_rota_site_name"),
        ),
        append_only(LEDGER, GUARD),
    ]
