"""Sites scope what a user sees; phone numbers are masked unless the role calls people back."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from fuwu.core.roles import Role
from fuwu.core.scoping import mask_phone, sees_full_phone_numbers, sites_visible_to
from tests.core.base import RoleUsersTestCase


class SiteScopeTests(RoleUsersTestCase):
    def test_the_general_manager_and_superusers_see_every_site(self) -> None:
        assert set(sites_visible_to(self.by_role[Role.GENERAL_MANAGER])) == {self.site_a, self.site_b}
        assert set(sites_visible_to(self.admin)) == {self.site_a, self.site_b}

    def test_others_see_only_their_sites(self) -> None:
        assert list(sites_visible_to(self.by_role[Role.TECHNICIAN])) == [self.site_a]
        assert list(sites_visible_to(self.outsider)) == [self.site_b]
        assert not sites_visible_to(AnonymousUser()).exists()

    def test_the_sites_page_lists_only_visible_sites(self) -> None:
        client = Client()
        client.force_login(self.outsider)
        page = client.get(reverse("sites")).content.decode()
        assert "滨江装饰门店" in page and "锦绣花园小区" not in page


class PhoneMaskTests(RoleUsersTestCase):
    def test_mask_phone(self) -> None:
        assert mask_phone("13812341234") == "138****1234"
        assert mask_phone("021-5555") == "021*5555"
        assert mask_phone("12345") == "*****"

    def test_who_sees_full_numbers(self) -> None:
        assert sees_full_phone_numbers(self.by_role[Role.DISPATCHER])
        assert sees_full_phone_numbers(self.by_role[Role.VISITOR_AGENT])
        assert not sees_full_phone_numbers(self.by_role[Role.TECHNICIAN])
        assert not sees_full_phone_numbers(self.by_role[Role.GUARD])

    def test_the_sites_page_masks_numbers_for_a_technician(self) -> None:
        dispatcher_phone = self.by_role[Role.DISPATCHER].phone
        client = Client()
        client.force_login(self.by_role[Role.TECHNICIAN])
        page = client.get(reverse("sites")).content.decode()
        assert dispatcher_phone not in page and mask_phone(dispatcher_phone) in page
        client.force_login(self.by_role[Role.DISPATCHER])
        assert dispatcher_phone in client.get(reverse("sites")).content.decode()
