"""Households at both test sites, on top of the role users."""

from __future__ import annotations

from datetime import date

from fuwu.customers import services
from fuwu.customers.models import Household, Residence
from tests.core.base import RoleUsersTestCase


class HouseholdsTestCase(RoleUsersTestCase):
    home_a: Household
    home_b: Household

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.home_a = services.household_create(
            site=cls.site_a, building="3", unit="2", room="501", moved_in_on=date(2026, 5, 1), by=cls.admin
        )
        services.owner_register(name="张秀英", phone="13912345678", households=[cls.home_a], by=cls.admin)
        services.owner_register(
            name="李小明",
            phone="13687654321",
            households=[cls.home_a],
            relation=Residence.Relation.TENANT,
            by=cls.admin,
        )
        cls.home_b = services.household_create(
            site=cls.site_b, community="滨江花苑", building="7", unit="1", room="602", by=cls.admin
        )
        services.owner_register(name="王桂兰", phone="15800001111", households=[cls.home_b], by=cls.admin)
