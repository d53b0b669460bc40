"""The orders API as the contract writes it: shapes, transitions, 401/403/404/409/422, scope and masking."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from fuwu.core.roles import Role
from fuwu.orders.models import Order
from fuwu.orders.services import orders
from tests.api.base import ApiTestCase, body
from tests.orders.base import OrdersTestCase


class OrdersApiTests(OrdersTestCase, ApiTestCase):
    def post_order(self, **changes: object) -> dict[str, object]:
        payload: dict[str, object] = {
            "site": "a",
            "location": "3栋2单元1201",
            "contact_name": "王女士",
            "contact_phone": "13800138000",
            "tags": ["leak"],
            "description": "卫生间漏水",
            "appointment": None,
            "channel": "phone",
            "received_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
        }
        payload.update(changes)
        response = self.call("POST", "/api/v1/orders", self.dispatcher, payload)
        self.assertEqual(response.status_code, 201, response.content)
        result: dict[str, object] = body(response)
        return result

    def test_a_new_order_answers_201_with_its_deadlines(self) -> None:
        order = self.post_order()
        self.assertEqual((order["status"], order["site"], order["tags"]), ("created", "a", ["leak"]))
        deadline = next(d for d in order["deadlines"] if d["what"] == "arrival")  # type: ignore[attr-defined]
        self.assertEqual((deadline["clause"], deadline["state"]), ("p09.2a", "open"))
        self.assertTrue(deadline["due"].endswith("+08:00"))
        self.assertEqual(
            set(deadline),
            {"what", "due", "clause", "pack_version", "because", "state", "met_at", "breached_at"},
        )
        self.assertIsNone(order["technician"])
        self.assertIsNone(order["rework_of"])

    def test_bad_body_is_422_naming_each_field(self) -> None:
        response = self.call(
            "POST",
            "/api/v1/orders",
            self.dispatcher,
            {"site": "a", "tags": ["leak", "nope"], "description": "x"},
        )
        self.assertEqual(response.status_code, 422)
        places = [problem["loc"] for problem in body(response)["detail"]]
        self.assertIn(["body", "tags", 1], places)
        self.assertIn(["body", "location"], places)
        self.assertFalse(Order.objects.exists())

    def test_every_bad_field_is_named_in_one_answer(self) -> None:
        body_in = {
            "site": "nope",
            "tags": ["leak", "bogus"],
            "channel": "fax",
            "description": "x",
            "contact_phone": "abc",
        }
        response = self.call("POST", "/api/v1/orders", self.dispatcher, body_in)
        self.assertEqual(response.status_code, 422)
        places = [problem["loc"] for problem in body(response)["detail"]]
        for place in (
            ["body", "site"],
            ["body", "tags", 1],
            ["body", "channel"],
            ["body", "location"],
            ["body", "contact_phone"],
        ):
            self.assertIn(place, places)

    def test_a_naive_time_or_a_future_time_is_refused(self) -> None:
        response = self.call(
            "POST",
            "/api/v1/orders",
            self.dispatcher,
            {"site": "a", "location": "1栋", "description": "x", "received_at": "2026-03-02T09:00:00"},
        )
        self.assertEqual(response.status_code, 422)
        future = (timezone.now() + dt.timedelta(hours=2)).isoformat()
        response = self.call(
            "POST",
            "/api/v1/orders",
            self.dispatcher,
            {"site": "a", "location": "1栋", "description": "x", "received_at": future},
        )
        self.assertEqual(body(response)["detail"][0]["loc"], ["body", "received_at"])

    def test_the_whole_path_through_the_api(self) -> None:
        order = self.post_order(tags=["general"])
        url = f"/api/v1/orders/{order['id']}"
        response = self.call("POST", f"{url}/dispatch", self.dispatcher, {"technician": self.tech.pk})
        self.assertEqual(body(response)["status"], "dispatched")
        self.assertEqual(body(response)["technician"]["id"], self.tech.pk)
        self.assertEqual(self.call("POST", f"{url}/accept", self.tech, {}).status_code, 200)
        response = self.call(
            "POST", f"{url}/arrive", self.tech, {"checklist": {"uniform": True, "shoe_covers": True}}
        )
        self.assertEqual(body(response)["status"], "arrived")
        response = self.call(
            "POST", f"{url}/quote", self.tech, {"amount": "80.00", "items": "换角阀", "accepted": True}
        )
        self.assertEqual(body(response)["quote"]["amount"], "80.00")
        response = self.call("POST", f"{url}/complete", self.tech, {"notes": "已修好"})
        done = body(response)
        self.assertEqual(done["status"], "completed")
        states = {d["what"]: d["state"] for d in done["deadlines"]}
        self.assertEqual(states["arrival"], "met")
        self.assertEqual(states["completion"], "met")
        self.assertEqual(body(self.call("POST", f"{url}/close", self.dispatcher, {}))["status"], "closed")
        again = self.call("POST", f"{url}/close", self.dispatcher, {})
        self.assertEqual(again.status_code, 409)
        self.assertIn("不能关闭", body(again)["detail"])

    def test_without_a_language_cookie_409_and_422_are_the_chinese_integrators_were_promised(self) -> None:
        """The messages have English msgids; a client that sends no cookie gets the same bytes as before."""
        order = self.done_order()
        again = self.call("POST", f"/api/v1/orders/{order.pk}/complete", self.tech, {})
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again["Content-Language"], "zh-hans")
        conflict = {"detail": f"工单 {order.number} 当前状态为「已完工」,不能完工。"}
        self.assertEqual(again.content, json.dumps(conflict, ensure_ascii=False).encode())
        bad = {"site": "a", "description": "x", "channel": "fax", "contact_phone": "abc", "tags": ["x", "x"]}
        response = self.call("POST", "/api/v1/orders", self.dispatcher, bad)
        self.assertEqual(response.status_code, 422)
        invalid = {
            "detail": [
                {
                    "loc": ["body", "tags", 0],
                    "msg": "未知的标签「x」,可选:general、difficult、special_craft、small、large、emergency、"
                    "burst_pipe、leak、power_outage、safety_facility",
                },
                {
                    "loc": ["body", "tags", 1],
                    "msg": "未知的标签「x」,可选:general、difficult、special_craft、small、large、emergency、"
                    "burst_pipe、leak、power_outage、safety_facility",
                },
                {"loc": ["body", "tags"], "msg": "标签重复"},
                {"loc": ["body", "location"], "msg": "未选择房屋时必须填写报修地点"},
                {"loc": ["body", "channel"], "msg": "渠道须为:phone、walk_in、qr、api、wecom"},
                {"loc": ["body", "contact_phone"], "msg": "电话号码只能包含数字、空格和 - +"},
            ]
        }
        self.assertEqual(response.content, json.dumps(invalid, ensure_ascii=False).encode())

    def test_rework_answers_201_with_the_link(self) -> None:
        first = self.done_order()
        response = self.call(
            "POST", f"/api/v1/orders/{first.pk}/rework", self.dispatcher, {"description": "又漏"}
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(body(response)["rework_of"], first.pk)

    def test_complete_on_a_later_day_without_explanation_is_422_naming_it(self) -> None:
        order = self.new_order(minutes_ago=60 * 30)
        start = order.received_at
        orders.dispatch(order, technician=self.tech, by=self.dispatcher, at=start)
        orders.arrive(order, by=self.tech, at=start + dt.timedelta(minutes=10), checklist={})
        response = self.call("POST", f"/api/v1/orders/{order.pk}/complete", self.tech, {})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(body(response)["detail"][0]["loc"], ["body", "explanation"])

    def test_roles_and_scope(self) -> None:
        order = self.new_order()
        url = f"/api/v1/orders/{order.pk}"
        self.assertEqual(self.call("GET", url, None).status_code, 401)
        self.assertEqual(self.call("GET", url, self.outsider).status_code, 404)  # another site's technician
        self.assertEqual(self.call("GET", url, self.tech).status_code, 404)  # not assigned to them
        self.assertEqual(
            self.call("POST", f"{url}/dispatch", self.tech, {"technician": self.tech.pk}).status_code, 404
        )
        valid = {"site": "a", "location": "1栋", "description": "灯坏了"}
        self.assertEqual(self.call("POST", "/api/v1/orders", self.tech, valid).status_code, 403)
        orders.dispatch(order, technician=self.tech, by=self.dispatcher)
        self.assertEqual(self.call("GET", url, self.tech).status_code, 200)
        self.assertEqual(
            self.call("POST", f"{url}/dispatch", self.tech, {"technician": self.tech.pk}).status_code, 403
        )
        self.assertEqual(self.call("POST", f"{url}/accept", self.tech2, {}).status_code, 404)
        self.assertEqual(self.call("GET", url, self.by_role[Role.GENERAL_MANAGER]).status_code, 200)

    def test_phone_is_masked_for_roles_that_do_not_call_back(self) -> None:
        order = orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        self.assertEqual(
            body(self.call("GET", f"/api/v1/orders/{order.pk}", self.tech))["contact_phone"], "138****8000"
        )
        full = body(self.call("GET", f"/api/v1/orders/{order.pk}", self.dispatcher))["contact_phone"]
        self.assertEqual(full, "13800138000")

    def test_list_filters_and_a_technician_sees_only_own(self) -> None:
        mine = orders.dispatch(self.new_order(tags=("leak",)), technician=self.tech, by=self.dispatcher)
        self.new_order(tags=("general",))
        self.assertEqual(len(body(self.call("GET", "/api/v1/orders", self.dispatcher))["results"]), 2)
        tech_list = body(self.call("GET", "/api/v1/orders", self.tech))["results"]
        self.assertEqual([o["id"] for o in tech_list], [mine.pk])
        leak = body(self.call("GET", "/api/v1/orders?tag=leak", self.dispatcher))["results"]
        self.assertEqual([o["id"] for o in leak], [mine.pk])
        found = body(self.call("GET", "/api/v1/orders?q=0013800", self.dispatcher))["results"]
        self.assertEqual(len(found), 2)
        dispatched = body(self.call("GET", "/api/v1/orders?status=dispatched&site=a", self.dispatcher))[
            "results"
        ]
        self.assertEqual([o["id"] for o in dispatched], [mine.pk])
        self.assertEqual(self.call("GET", "/api/v1/orders?site=b", self.dispatcher).status_code, 422)

    def test_breached_filter(self) -> None:
        late = self.new_order(minutes_ago=90)
        orders.arrive(
            orders.dispatch(late, technician=self.tech, by=self.dispatcher), by=self.tech, checklist={}
        )
        self.new_order(minutes_ago=1)
        found = body(self.call("GET", "/api/v1/orders?breached=true", self.dispatcher))["results"]
        self.assertEqual([o["id"] for o in found], [late.pk])

    def test_the_list_costs_the_same_queries_for_more_orders(self) -> None:
        for _ in range(3):
            self.new_order()
        self.call("GET", "/api/v1/orders", self.dispatcher)  # token and caches warmed
        with self.assertNumQueries(self._list_queries()):
            self.call("GET", "/api/v1/orders", self.dispatcher)
        for _ in range(12):
            self.new_order()
        with self.assertNumQueries(self._list_queries()):
            self.call("GET", "/api/v1/orders", self.dispatcher)

    def _list_queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.call("GET", "/api/v1/orders", self.dispatcher)
        return len(captured)

    def test_idempotency_key_returns_the_first_order(self) -> None:
        payload = {"site": "a", "location": "1栋", "description": "灯坏了", "tags": ["small"]}
        first = self.call("POST", "/api/v1/orders", self.dispatcher, payload, idempotency_key="k-1")
        second = self.call("POST", "/api/v1/orders", self.dispatcher, payload, idempotency_key="k-1")
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertEqual(first.content, second.content)
        self.assertEqual(Order.objects.count(), 1)
