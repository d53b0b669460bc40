"""The dispatcher's board: who may open it, what it shows, its filters, its cost and its pagination."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.orders.models import Order
from fuwu.orders.services import orders
from fuwu.regulations.models import Obligation
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase

BOARD = reverse("orders:board")


class BoardTests(OrdersTestCase):
    tech: User
    tech2: User
    dispatcher: User

    def login(self, role: Role) -> None:
        self.client.login(username=self.by_role[role].username, password=PASSWORD)

    def test_readers_see_the_board_and_other_roles_are_refused(self) -> None:
        order = self.new_order()
        for role in (
            Role.DISPATCHER,
            Role.SUPERVISOR,
            Role.GENERAL_MANAGER,
            Role.VISITOR_AGENT,
            Role.CUSTOMER_MANAGER,
        ):
            self.login(role)
            response = self.client.get(BOARD)
            self.assertEqual(response.status_code, 200, role)
            self.assertContains(response, str(order.number))
        for role in (Role.TECHNICIAN, Role.HR_FINANCE, Role.GUARD, Role.EMPLOYEE):
            self.login(role)
            self.assertEqual(self.client.get(BOARD).status_code, 403, role)

    def test_post_is_not_allowed(self) -> None:
        self.login(Role.DISPATCHER)
        self.assertEqual(self.client.post(BOARD).status_code, 405)

    def test_another_sites_orders_are_not_listed(self) -> None:
        other = orders.create_order(
            site=self.site_b, by=None, description="门锁坏了", channel="qr", location="B1"
        )
        self.login(Role.DISPATCHER)
        response = self.client.get(BOARD)
        self.assertNotContains(response, str(other.number))
        # Asking for the other site by id is dropped, not obeyed.
        response = self.client.get(BOARD, {"site": self.site_b.pk})
        self.assertNotContains(response, str(other.number))

    def test_each_open_deadline_shows_time_left_with_its_colour(self) -> None:
        fresh = self.new_order(minutes_ago=2)  # p09.2a arrival within 25 minutes: most of it left
        late = self.new_order(minutes_ago=60)  # its arrival deadline passed 35 minutes ago
        self.login(Role.DISPATCHER)
        response = self.client.get(BOARD)
        lines = {line.id: line for line in response.context["lines"]}
        self.assertEqual([c.colour for c in lines[fresh.pk].clocks], ["ok"])
        self.assertEqual([c.colour for c in lines[late.pk].clocks], ["late"])
        self.assertTrue(lines[late.pk].clocks[0].left.startswith("超时"))
        self.assertTrue(lines[late.pk].late)
        self.assertContains(response, "clock-late")
        self.assertContains(response, '<tr class="row-late">')
        # Each line links to its order's page.
        self.assertEqual(lines[late.pk].url, reverse("orders:detail", args=[late.pk]))
        self.assertContains(response, f'href="{lines[late.pk].url}"')

    def test_filters_by_text_status_tag_technician_and_breach(self) -> None:
        leak = self.new_order(minutes_ago=2, tags=("leak",))
        late = self.new_order(minutes_ago=90)
        orders.create_order(
            site=self.site_a,
            by=self.dispatcher,
            description="灯不亮",
            channel="phone",
            location="9栋101",
            contact_phone="13900001111",
        )
        late = orders.dispatch(late, technician=self.tech2, by=self.dispatcher)
        self.login(Role.DISPATCHER)

        def numbers(**query: str | int) -> set[str | None]:
            response = self.client.get(BOARD, query)
            return {line.number for line in response.context["lines"]}

        self.assertEqual(numbers(q="9栋"), {Order.objects.get(location="9栋101").number})
        self.assertEqual(numbers(q="00001111"), {Order.objects.get(location="9栋101").number})
        self.assertEqual(numbers(tag="leak"), {leak.number})
        self.assertEqual(numbers(status="dispatched"), {late.number})
        self.assertEqual(numbers(technician=self.tech2.pk), {late.number})
        self.assertEqual(numbers(breached="on"), {late.number})
        self.assertTrue(Obligation.objects.filter(subject_id=str(late.pk), due__lt=timezone.now()).exists())

    def test_htmx_refresh_returns_only_the_table(self) -> None:
        self.new_order()
        self.login(Role.DISPATCHER)
        page = self.client.get(BOARD)
        self.assertContains(page, 'hx-trigger="every 30s"')
        partial = self.client.get(BOARD, headers={"HX-Request": "true"})
        self.assertContains(partial, '<table class="table stacked board">')
        self.assertNotContains(partial, "<html")
        self.assertNotContains(partial, 'role="search"')  # the filters stay as they are

    def test_query_count_does_not_grow_with_rows(self) -> None:
        self.login(Role.DISPATCHER)
        for _ in range(5):
            self.new_order()
        with CaptureQueriesContext(connection) as five:
            self.assertEqual(self.client.get(BOARD).status_code, 200)
        for _ in range(20):
            self.new_order()
        with self.assertNumQueries(len(five.captured_queries)):
            response = self.client.get(BOARD)
        self.assertEqual(len(response.context["lines"]), 20)

    def test_keyset_pagination_walks_every_open_order_once(self) -> None:
        base = timezone.now() - dt.timedelta(hours=3)
        made = set()
        for index in range(45):
            order = orders.create_order(
                site=self.site_a,
                by=self.dispatcher,
                description=f"第{index}单",
                channel="phone",
                location=f"{index}号",
                received_at=base + dt.timedelta(minutes=index // 3),
            )
            made.add(order.number)
        self.login(Role.DISPATCHER)
        seen: list[str] = []
        query: dict[str, str] = {}
        for _ in range(5):
            response = self.client.get(BOARD, query)
            seen += [line.number for line in response.context["lines"]]
            cursor = response.context["next_cursor"]
            if not cursor:
                break
            query = {"after": cursor}
        self.assertEqual(len(seen), 45)
        self.assertEqual(set(seen), made)
        with CaptureQueriesContext(connection) as first:
            self.client.get(BOARD)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(BOARD, {"after": response.context["next_cursor"] or cursor})
