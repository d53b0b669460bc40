"""`fuwu demo` builds the demo company, and a second run changes nothing."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase

from fuwu.core.models import AuditEntry, Membership, Notification, OutboxMessage, Site, User
from fuwu.core.roles import Role


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "sites": Site.objects.count(),
        "memberships": Membership.objects.count(),
        "outbox": OutboxMessage.objects.count(),
        "notifications": Notification.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


class DemoCommandTests(TestCase):
    def test_it_is_idempotent(self) -> None:
        call_command("demo", stdout=StringIO())
        first = _counts()
        call_command("demo", stdout=StringIO())
        assert _counts() == first

    def test_it_staffs_every_role_at_two_sites(self) -> None:
        call_command("demo", stdout=StringIO())
        assert Site.objects.count() == 2
        staff = User.objects.filter(is_superuser=False)
        assert staff.count() == 30
        for role in Role:
            assert Group.objects.get(name=role.group_name).user_set.exists(), role
        assert User.objects.get(username="gm").check_password("fuwu-demo")
        assert User.objects.get(username="admin").is_superuser
        # The in-app notices were delivered, so the home pages are not empty.
        assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
        assert Notification.objects.filter(recipient__username="supervisor1").count() == 2
