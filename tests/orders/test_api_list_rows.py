"""The list's rows are built without validation (fuwu.orders.api.schemas.order_built): each must be exactly
what the validated path answers for the same order, key order included, and valid for ``OrderOut``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fuwu.orders.api.schemas import OrderOut
from fuwu.orders.services import orders
from tests.api.base import ApiTestCase, body
from tests.orders.base import OrdersTestCase


class ListRowsTests(OrdersTestCase, ApiTestCase):
    def test_each_row_equals_the_validated_answer_for_the_same_order(self) -> None:
        plain = self.new_order(tags=("leak",))
        breached = self.new_order(minutes_ago=90)  # its arrival deadline is past: a breached deadline
        arrived = orders.arrive(
            orders.dispatch(breached, technician=self.tech, by=self.dispatcher), by=self.tech, checklist={}
        )
        quoted = orders.quote(arrived, by=self.tech, amount=Decimal("80.50"), items="阀门", accepted=True)
        for user, expected_ids in ((self.dispatcher, {plain.pk, quoted.pk}), (self.tech, {quoted.pk})):
            with self.subTest(user=user.username):
                rows: list[dict[str, Any]] = body(self.call("GET", "/api/v1/orders", user))["results"]
                self.assertEqual({row["id"] for row in rows}, expected_ids)
                for row in rows:
                    one = body(self.call("GET", f"/api/v1/orders/{row['id']}", user))
                    self.assertEqual(row, one)
                    self.assertEqual(list(row), list(one))  # the same keys in the same order
                    self.assertEqual(OrderOut.model_validate(row).model_dump(), row)
        row = next(
            r
            for r in body(self.call("GET", "/api/v1/orders", self.dispatcher))["results"]
            if r["id"] == quoted.pk
        )
        self.assertEqual(row["quote"], {"amount": "80.50", "items": "阀门", "accepted": True})
        self.assertEqual(row["technician"]["id"], self.tech.pk)
        self.assertIn("breached", {deadline["state"] for deadline in row["deadlines"]})
