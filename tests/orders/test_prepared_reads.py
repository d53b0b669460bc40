"""The reads every board page runs are prepared on the database in use (core.prepared), not the ORM."""

from __future__ import annotations

from django.db import connection

from fuwu.core.prepared import forget, is_prepared
from fuwu.core.roles import Role
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
