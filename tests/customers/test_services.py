"""Household and owner writes go through services, each leaving audit entries in its transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from fuwu.core.models import AuditEntry
from fuwu.customers import services
from fuwu.customers.models import Household, Owner, Residence
from tests.customers.base import HouseholdsTestCase


class HouseholdCreateTests(HouseholdsTestCase):
    def test_it_records_the_household_at_its_site(self) -> None:
        home = services.household_create(
            site=self.site_a,
            building="1",
            unit="1",
            room="301",
            area=Decimal("89.50"),
            moved_in_on=date(2026, 11, 20),
            by=self.admin,
        )
        assert str(home) == "1栋1单元301"
        entry = AuditEntry.objects.get(action="household.create", object_pk=str(home.pk))
        assert (entry.actor, entry.site) == (self.admin, self.site_a)
        assert entry.after is not None and entry.after["area"] == "89.50"
        assert entry.after["moved_in_on"] == "2026-11-20"

    def test_a_second_household_at_the_same_address_is_refused_and_nothing_recorded(self) -> None:
        before = AuditEntry.objects.count()
        with pytest.raises(ValidationError):
            services.household_create(site=self.site_a, building="3", unit="2", room="501", by=self.admin)
        assert AuditEntry.objects.count() == before
        # The same address at another site is another household.
        services.household_create(site=self.site_b, building="3", unit="2", room="501", by=self.admin)

    def test_a_store_customers_home_names_its_community(self) -> None:
        assert str(self.home_b) == "滨江花苑 7栋1单元602"


class OwnerRegisterTests(HouseholdsTestCase):
    def test_it_records_the_owner_and_each_residence(self) -> None:
        second = services.household_create(
            site=self.site_a, building="1", unit="2", room="1102", moved_in_on=date(2026, 3, 8), by=self.admin
        )
        owner = services.owner_register(
            name="刘志强", phone="18600001234", households=[self.home_a, second], by=self.admin
        )
        registered = AuditEntry.objects.get(action="owner.register", object_pk=str(owner.pk))
        assert registered.after is not None and registered.after["name"] == "刘志强"
        assert registered.after["households"] == [self.home_a.pk, second.pk]
        assert registered.site == self.site_a and registered.actor == self.admin
        residences = AuditEntry.objects.filter(action="residence.create", after__owner_id=owner.pk)
        assert residences.count() == 2
        # `since` defaults to the household's move-in date.
        assert Residence.objects.get(owner=owner, household=second).since == date(2026, 3, 8)
        assert set(owner.households.all()) == {self.home_a, second}

    def test_an_owner_at_two_sites_is_recorded_without_a_site(self) -> None:
        owner = services.owner_register(name="陈玉梅", households=[self.home_a, self.home_b], by=self.admin)
        assert AuditEntry.objects.get(action="owner.register", object_pk=str(owner.pk)).site is None

    def test_residents_of_a_household(self) -> None:
        relations = dict(self.home_a.residence_set.values_list("owner__name", "relation"))
        assert relations == {"张秀英": "owner", "李小明": "tenant"}


class AdminTests(HouseholdsTestCase):
    def test_the_admin_lists_households_and_owners(self) -> None:
        client = Client()
        client.force_login(self.admin)
        assert client.get("/admin/customers/household/").status_code == 200
        assert client.get("/admin/customers/owner/").status_code == 200
        owner = Owner.objects.get(name="张秀英")
        assert client.get(f"/admin/customers/owner/{owner.pk}/change/").status_code == 200

    def test_an_admin_edit_of_an_inline_residence_is_recorded(self) -> None:
        owner = Owner.objects.get(name="王桂兰")
        residence = Residence.objects.get(owner=owner)
        client = Client()
        client.force_login(self.admin)
        response = client.post(
            f"/admin/customers/owner/{owner.pk}/change/",
            {
                "name": "王桂兰",
                "phone": "15800001111",
                "created_at_0": "2026-01-01",
                "created_at_1": "08:00:00",
                "residence_set-TOTAL_FORMS": "1",
                "residence_set-INITIAL_FORMS": "1",
                "residence_set-MIN_NUM_FORMS": "0",
                "residence_set-MAX_NUM_FORMS": "1000",
                "residence_set-0-id": str(residence.pk),
                "residence_set-0-owner": str(owner.pk),
                "residence_set-0-household": str(self.home_b.pk),
                "residence_set-0-relation": "tenant",
                "residence_set-0-since": "2026-02-01",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        entry = AuditEntry.objects.get(action="admin.change", model_label="customers.Residence")
        assert entry.before is not None and entry.before["relation"] == "owner"
        assert entry.after is not None and entry.after["relation"] == "tenant"
        assert Household.objects.count() == 2
