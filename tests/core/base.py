"""Shared test data: one user per role, two sites, built once per test class."""

from __future__ import annotations

from decimal import Decimal

from django.test import TestCase

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users

PASSWORD = "test-pass"


class RoleUsersTestCase(TestCase):
    site_a: Site
    site_b: Site
    by_role: dict[Role, User]
    outsider: User
    admin: User

    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin = users.create_user(
            username="root",
            password=PASSWORD,
            display_name="管理员",
            is_staff=True,
            is_superuser=True,
            by=None,
        )
        cls.site_a = sites.create_site(
            kind=Site.Kind.COMMUNITY,
            name="锦绣花园小区",
            code="a",
            minimum_monthly_wage=Decimal("2690.00"),
            by=None,
        )
        cls.site_b = sites.create_site(
            kind=Site.Kind.STORE,
            name="滨江装饰门店",
            code="b",
            minimum_monthly_wage=Decimal("2690.00"),
            by=None,
        )
        cls.by_role = {}
        for index, role in enumerate(Role):
            user = users.create_user(
                username=role.value,
                password=PASSWORD,
                display_name=f"用户{index}",
                phone=f"1391234{index:04d}",
                roles=[role],
                by=cls.admin,
            )
            if role is not Role.GENERAL_MANAGER:
                sites.add_member(cls.site_a, user, by=cls.admin)
            cls.by_role[role] = user
        cls.outsider = users.create_user(
            username="outsider", password=PASSWORD, display_name="外人", roles=[Role.TECHNICIAN], by=cls.admin
        )
        sites.add_member(cls.site_b, cls.outsider, by=cls.admin)
