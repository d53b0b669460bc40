"""Every write done through a service leaves an audit entry in the same transaction."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from fuwu.core.models import AuditEntry, Notification, Site
from fuwu.core.roles import Role
from fuwu.core.services import audit, notifications, outbox, sites, users
from tests.core.base import RoleUsersTestCase


def _last() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    return entry


class ServiceWritesAreAudited(RoleUsersTestCase):
    def test_creating_a_site_records_it_after(self) -> None:
        site = sites.create_site(
            kind=Site.Kind.PROJECT,
            name="新项目",
            code="new",
            minimum_monthly_wage=Decimal("2500.00"),
            by=self.admin,
        )
        entry = _last()
        assert (entry.action, entry.object_pk, entry.actor) == ("site.create", str(site.pk), self.admin)
        assert entry.before is None
        assert entry.after is not None and entry.after["name"] == "新项目"
        assert entry.after["minimum_monthly_wage"] == "2500.00"

    def test_updating_a_site_records_before_and_after(self) -> None:
        sites.update_site(self.site_a, by=self.admin, minimum_monthly_wage=Decimal("2800.00"))
        entry = _last()
        assert entry.action == "site.update"
        assert entry.before is not None and entry.before["minimum_monthly_wage"] == "2690.00"
        assert entry.after is not None and entry.after["minimum_monthly_wage"] == "2800.00"
        assert entry.site == self.site_a

    def test_membership_changes_are_recorded_once(self) -> None:
        user = self.by_role[Role.TECHNICIAN]
        before = AuditEntry.objects.count()
        sites.add_member(self.site_b, user, by=self.admin)
        sites.add_member(self.site_b, user, by=self.admin)  # no change, so no entry
        assert AuditEntry.objects.count() == before + 1
        sites.remove_member(self.site_b, user, by=self.admin)
        assert _last().action == "membership.delete"

    def test_user_writes_are_recorded_without_the_password(self) -> None:
        user = users.create_user(username="new", password="s3cret-pw", display_name="新人", by=self.admin)
        created = _last()
        assert created.action == "user.create"
        assert created.after is not None and created.after["password"] == "***"
        users.set_roles(user, [Role.GUARD], by=self.admin)
        changed = _last()
        assert changed.before is not None and changed.before["roles"] == []
        assert changed.after is not None and changed.after["roles"] == ["guard"]
        users.deactivate_user(user, by=self.admin)
        assert _last().after == {**(changed.after or {}), "is_active": False}

    def test_notify_and_read_are_recorded(self) -> None:
        user = self.by_role[Role.EMPLOYEE]
        with self.captureOnCommitCallbacks(execute=True):
            outbox.notify(targets=[outbox.in_app(user)], subject="s", body="b", key="k1", by=self.admin)
        actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
        assert actions[-2:] == ["outbox.queue", "outbox.sent"]
        notification = Notification.objects.get(recipient=user)
        notifications.mark_read(notification, by=user)
        assert (_last().action, _last().actor) == ("notification.read", user)


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction() -> None:
    # Outside atomic the entry could commit without the write it describes, or the reverse.
    site = Site.objects.create(kind=Site.Kind.STORE, name="x", code="x")
    with pytest.raises(RuntimeError):
        audit.record(actor=None, action="site.create", obj=site, before=None, after=None)


class AdminWritesAreAudited(RoleUsersTestCase):
    def test_an_admin_change_records_before_and_after(self) -> None:
        client = Client()
        client.force_login(self.admin)
        url = f"/admin/core/site/{self.site_b.pk}/change/"
        response = client.post(
            url,
            {
                "kind": "store",
                "name": "滨江装饰旗舰店",
                "code": "b",
                "minimum_monthly_wage": "2690.00",
                "created_at_0": "2026-01-01",
                "created_at_1": "08:00:00",
                "membership_set-TOTAL_FORMS": "0",
                "membership_set-INITIAL_FORMS": "1",
                "membership_set-MIN_NUM_FORMS": "0",
                "membership_set-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        entry = AuditEntry.objects.filter(action="admin.change", model_label="core.Site").get()
        assert entry.before is not None and entry.before["name"] == "滨江装饰门店"
        assert entry.after is not None and entry.after["name"] == "滨江装饰旗舰店"
        assert entry.actor == self.admin


class AdminRoleChangesAreAudited(RoleUsersTestCase):
    def test_changing_a_users_groups_in_the_admin_is_recorded(self) -> None:
        user = self.by_role[Role.TECHNICIAN]
        client = Client()
        client.force_login(self.admin)
        guard = Group.objects.get(name=Role.GUARD.group_name)
        response = client.post(
            f"/admin/core/user/{user.pk}/change/",
            {
                "username": user.username,
                "display_name": user.display_name,
                "phone": user.phone,
                "is_active": "on",
                "groups": [str(guard.pk)],
                "date_joined_0": "2026-01-01",
                "date_joined_1": "08:00:00",
                # The inlines apps add to a person's page (a technician's trades), unchanged.
                **inline_management_forms(client, f"/admin/core/user/{user.pk}/change/"),
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        entry = AuditEntry.objects.get(action="admin.set_roles", object_pk=str(user.pk))
        assert entry.before == {"groups": ["维修工"]}
        assert entry.after == {"groups": ["值班/保安"]}


def inline_management_forms(client: Client, url: str) -> dict[str, str]:
    """The management fields of every inline formset on an admin change page, as the page gives them."""
    page = client.get(url).content.decode()
    fields = re.findall(
        r'<input type="hidden" name="([\w-]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d+)"',
        page,
    )
    return dict(fields)


class SnapshotTests(RoleUsersTestCase):
    def test_a_snapshot_is_what_the_row_reads_back_as_from_json(self) -> None:
        site = self.site_a
        site.minimum_monthly_wage = Decimal("2690.50")
        extra = {"roles": ["a", "b"], "when": site.created_at, "n": 3}
        data = {f.attname: f.value_from_object(site) for f in site._meta.concrete_fields}
        expected = json.loads(json.dumps({**data, **extra}, cls=DjangoJSONEncoder))
        self.assertEqual(audit.snapshot(site, extra=extra), expected)
        self.assertEqual(audit.snapshot(site)["minimum_monthly_wage"], "2690.50")
