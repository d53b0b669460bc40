"""The menu: grouped entries open from one item, a group of one is just its entry, and an app naming a
group that does not exist fails at start-up, not on a page."""

from __future__ import annotations

import re

from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from fuwu.core import navigation
from fuwu.core.roles import Role
from tests.core.base import RoleUsersTestCase


def groups_in(html: str) -> dict[str, list[str]]:
    """Each group's summary → the labels of its entries, as the menu shows them."""
    found = {}
    for summary, items in re.findall(
        r'<details class="navgroup" name="menu"><summary[^>]*>([^<]+)</summary>'
        r'<div class="navgroup-items">(.*?)</div></details>',
        html,
    ):
        found[summary] = re.findall(r">([^<]+)</a>", items)
    return found


class MenuTests(RoleUsersTestCase):
    def menu_of(self, role: Role) -> str:
        client = Client()
        client.force_login(self.by_role[role])
        response = client.get(reverse("home"))
        self.assertEqual(response.status_code, 200)
        return str(response.context["menu"]) if response.context else response.content.decode()

    def test_a_supervisor_sees_groups_with_their_entries(self) -> None:
        groups = groups_in(self.menu_of(Role.SUPERVISOR))
        self.assertIn("员工", groups)
        self.assertIn("我的奖惩", groups["员工"])
        self.assertIn("跟踪服务", groups)
        self.assertGreaterEqual(len(groups["跟踪服务"]), 2)

    def test_a_group_of_one_entry_is_shown_as_the_entry(self) -> None:
        html = self.menu_of(Role.TECHNICIAN)
        self.assertNotIn("维修", groups_in(html))  # the technician's one repairs page
        self.assertIn(f'href="{reverse("orders:mine")}"', html)

    def test_the_current_page_marks_its_group(self) -> None:
        user = self.by_role[Role.SUPERVISOR]
        html = str(navigation.menu(user, reverse("staff:leave")))
        self.assertRegex(html, r'<summary class="current">员工</summary>')

    def test_an_entry_naming_an_unknown_group_is_refused(self) -> None:
        with self.assertRaisesMessage(ImproperlyConfigured, "names no group"):
            navigation.register(navigation.NavItem("home", navigation.GROUPS["staff"], group="nope"))
