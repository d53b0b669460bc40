"""The reads every board page runs are prepared on the database in use (core.prepared), not the ORM."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from fuwu.core.prepared import forget, is_prepared
from fuwu.core.roles import Role
from fuwu.orders.models import Order
from fuwu.orders.views.board import EPOCH
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase


class BoardReadsArePreparedTests(OrdersTestCase):
    def test_the_reads_of_a_signed_in_board_are_prepared(self) -> None:
        self.new_order(minutes_ago=90)  # a breached deadline: a clock to read
        forget()
        self.client.login(username=self.by_role[Role.DISPATCHER].username, password=PASSWORD)
        queries: list[dict[str, str | int]] = [
            {},
            {"status": "created", "site": self.site_a.pk, "technician": self.tech.pk},
        ]
        for query in queries:
            for _ in range(2):
                self.assertEqual(self.client.get("/orders/", query).status_code, 200)
        api = self.client.get("/api/v1/orders", {"site": self.site_a.code, "status": "created"})
        self.assertEqual(api.status_code, 200)
        self.client.get("/api/v1/orders", {"site": self.site_a.code, "status": "created"})
        for name in ("session_user", "obligations_of", "technician_names", "board_rows", "api_orders"):
            with self.subTest(read=name):
                self.assertTrue(is_prepared(name), f"{name} runs through the ORM on {connection.vendor}")

    def test_a_later_page_is_prepared_too_and_walks_the_same_rows(self) -> None:
        for minutes in (50, 40, 30):
            self.new_order(minutes_ago=minutes)
        self.client.login(username=self.by_role[Role.DISPATCHER].username, password=PASSWORD)
        first = self.client.get("/api/v1/orders", {"page_size": 1}).json()
        forget()
        cursor = first["next"].split("cursor=")[1]
        seen = [first["results"][0]["id"]]
        while cursor:
            page = self.client.get("/api/v1/orders", {"page_size": 1, "cursor": cursor}).json()
            seen += [row["id"] for row in page["results"]]
            cursor = page["next"].split("cursor=")[1] if page["next"] else ""
        self.assertTrue(
            is_prepared("api_orders"), f"a later page runs through the ORM on {connection.vendor}"
        )
        self.assertEqual(seen, sorted(seen, reverse=True))
        self.assertEqual(len(seen), len(set(seen)))
        newest = Order.objects.order_by("-received_at", "-id").first()
        assert newest is not None
        micros = (newest.received_at - EPOCH) // dt.timedelta(microseconds=1)
        for _ in range(2):
            self.assertEqual(self.client.get("/orders/", {"after": f"{micros}.{newest.pk}"}).status_code, 200)
        self.assertTrue(
            is_prepared("board_rows"), f"the board's later page runs through the ORM on {connection.vendor}"
        )
