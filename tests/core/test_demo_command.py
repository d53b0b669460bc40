"""`fuwu demo` builds the demo company, and a second run changes nothing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.models import Count
from django.test import SimpleTestCase, TestCase
from django.utils import timezone

from fuwu.core import demo
from fuwu.core.models import AuditEntry, Membership, Notification, OutboxMessage, Site, User
from fuwu.core.roles import Role
from fuwu.customers.models import Household, Owner, Residence


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "sites": Site.objects.count(),
        "memberships": Membership.objects.count(),
        "outbox": OutboxMessage.objects.count(),
        "notifications": Notification.objects.count(),
        "audit": AuditEntry.objects.count(),
        "households": Household.objects.count(),
        "owners": Owner.objects.count(),
        "residences": Residence.objects.count(),
    }


class DemoCommandTests(TestCase):
    def test_it_is_idempotent(self) -> None:
        call_command("demo", stdout=StringIO())
        first = _counts()
        call_command("demo", stdout=StringIO())
        assert _counts() == first

    def test_each_app_reports_what_its_loader_made(self) -> None:
        out = StringIO()
        call_command("demo", stdout=out)
        households = Household.objects.count()
        assert f"\n  customers: {households} households, " in out.getvalue()

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
        # The welcome, the site staffed, an incident waiting for approval, an appeal for a decision.
        assert Notification.objects.filter(recipient__username="supervisor1").count() == 4

    def test_it_houses_owners_at_both_sites(self) -> None:
        call_command("demo", stdout=StringIO())
        by_site = dict(Household.objects.values_list("site__code").annotate(n=Count("id")))
        assert by_site["jinxiu"] >= 30 and by_site["binjiang"] >= 10
        assert 40 <= Owner.objects.count() <= 50
        assert not Household.objects.filter(residence__isnull=True).exists()
        assert Owner.objects.values("phone").distinct().count() == Owner.objects.count()
        shared = Household.objects.annotate(n=Count("residence")).filter(n=2)
        assert shared.count() >= 3
        relations = set(Residence.objects.values_list("relation", flat=True))
        assert relations == {Residence.Relation.OWNER, Residence.Relation.TENANT, Residence.Relation.FAMILY}
        week_ago = timezone.localdate() - timedelta(days=7)
        assert Household.objects.filter(moved_in_on__gte=week_ago).count() >= 3
        # The store's customers live in a community of their own, named on each household.
        assert not Household.objects.filter(site__code="binjiang", community="").exists()


def _summary(name: str) -> demo.Loader:
    return lambda context: name


class DemoRegistryTests(SimpleTestCase):
    def test_loaders_run_after_those_they_need(self) -> None:
        with mock.patch.dict(demo._LOADERS, clear=True):
            demo.register("visits", _summary("visits"), after=("orders",))
            demo.register("orders", _summary("orders"), after=("customers",))
            demo.register("customers", _summary("customers"))
            demo.register("staff", _summary("staff"))
            assert [e.name for e in demo.loaders()] == ["customers", "orders", "visits", "staff"]

    def test_registering_again_changes_nothing_but_a_second_loader_is_refused(self) -> None:
        load = _summary("customers")
        with mock.patch.dict(demo._LOADERS, clear=True):
            demo.register("customers", load)
            demo.register("customers", load)
            assert len(demo.loaders()) == 1
            with pytest.raises(ImproperlyConfigured, match="already registered"):
                demo.register("customers", _summary("other"))

    def test_a_missing_or_circular_dependency_is_a_configuration_error(self) -> None:
        with mock.patch.dict(demo._LOADERS, clear=True):
            demo.register("orders", _summary("orders"), after=("customers",))
            with pytest.raises(ImproperlyConfigured, match="no installed app registers"):
                demo.loaders()
            demo.register("customers", _summary("customers"), after=("orders",))
            with pytest.raises(ImproperlyConfigured, match="wait for each other"):
                demo.loaders()
