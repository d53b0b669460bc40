"""Create the company's nine roles as groups (their Chinese names are the regulations' titles)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Frozen here on purpose: a migration must not change when fuwu.core.roles changes later.
ROLE_GROUPS = [
    "总经理",
    "部门主管",
    "客服/调度",
    "维修工",
    "回访员",
    "客户经理",
    "人事/财务",
    "值班/保安",
    "员工",
]


def create_groups(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        group.objects.get_or_create(name=name)


def delete_groups(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, delete_groups)]
