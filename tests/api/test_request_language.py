"""Every API error speaks the request's language: Chinese without Accept-Language, English for `en`.

One answer never mixes the two: the schema's problems (pydantic's, reworded by fuwu.core.api.messages),
the API's own sentences (cursor, site, 401, 404, 405 …) and the services' checks all follow the language
LocaleMiddleware's reading gives the request (decision 0021).
"""

from __future__ import annotations

import re
from typing import Any

from django.test import override_settings

from fuwu.orders.models import Order
from tests.api.base import ApiTestCase, body
from tests.orders.base import OrdersTestCase

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
# English prose: two Latin words in a row ("Field required", "Input should"). Codes, choices, formats
# and examples (walk_in, YYYY-MM-DD, ISO 8601, 2026-03-02T09:00:00+08:00) are not prose.
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}")
ENGLISH = {"Accept-Language": "en"}
ENGLISH_COOKIE = {"Cookie": "django_language=en"}

STATUSES = ", ".join(Order.Status.values)


class RequestLanguageTests(OrdersTestCase, ApiTestCase):
    def problems(self, response: Any) -> list[dict[str, Any]]:
        self.assertEqual(response.status_code, 422, response.content)
        detail: list[dict[str, Any]] = body(response)["detail"]
        return detail

    def assert_chinese(self, *messages: str) -> None:
        for message in messages:
            self.assertRegex(message, CJK, message)
            self.assertNotRegex(message, ENGLISH_WORDS, message)

    def assert_english(self, *messages: str) -> None:
        for message in messages:
            self.assertNotRegex(message, CJK, message)

    # ------------------------------------------------------------------ the answer of the report

    def test_a_body_problem_a_site_problem_and_a_service_problem_in_one_chinese_answer(self) -> None:
        response = self.call("POST", "/api/v1/orders", self.dispatcher, {"site": "nope"})
        self.assertEqual(
            self.problems(response),
            [
                {"loc": ["body", "description"], "msg": "必须填写"},
                {"loc": ["body", "site"], "msg": "您可见的站点中没有「nope」"},
                {"loc": ["body", "location"], "msg": "未选择房屋时必须填写报修地点"},
            ],
        )
        self.assertEqual(response["Content-Language"], "zh-hans")
        self.assertIn("Accept-Language", response["Vary"])

    def test_the_same_answer_in_english(self) -> None:
        response = self.call("POST", "/api/v1/orders", self.dispatcher, {"site": "nope"}, **ENGLISH)
        self.assertEqual(
            self.problems(response),
            [
                {"loc": ["body", "description"], "msg": "This field is missing; it is required."},
                {"loc": ["body", "site"], "msg": "No site 'nope' among the sites you can see."},
                {"loc": ["body", "location"], "msg": "Give the location when no household is chosen."},
            ],
        )
        self.assertEqual(response["Content-Language"], "en")

    def test_every_shape_problem_of_a_body_is_worded_in_the_language(self) -> None:
        bad = {
            "site": "a",
            "description": "x" * 5001,
            "received_at": "2026-03-02T09:00:00",
            "appointment": "soon",
            "household": "abc",
            "tags": "leak",
            "channel": 5,
            "contact_phone": ["138"],
            "outside_service_list": "maybe",
        }
        chinese = {
            tuple(p["loc"]): p["msg"]
            for p in self.problems(self.call("POST", "/api/v1/orders", self.dispatcher, bad))
        }
        self.assertEqual(chinese[("body", "description")], "最多 5000 个字符")
        self.assertEqual(chinese[("body", "received_at")], "时间须带时区偏移,例如 2026-03-02T09:00:00+08:00")
        self.assertEqual(chinese[("body", "household")], "应为整数")
        self.assertEqual(chinese[("body", "tags")], "应为列表([…])")
        self.assertEqual(chinese[("body", "outside_service_list")], "应为 true 或 false")
        self.assert_chinese(*chinese.values())
        response = self.call("POST", "/api/v1/orders", self.dispatcher, bad, **ENGLISH)
        english = {tuple(p["loc"]): p["msg"] for p in self.problems(response)}
        self.assertEqual(english.keys(), chinese.keys())
        self.assertEqual(english[("body", "description")], "Give at most 5000 characters.")
        self.assertEqual(english[("body", "household")], "Give a whole number.")
        self.assert_english(*english.values())
        self.assertFalse(Order.objects.exists())

    # ------------------------------------------------------------------ queries and cursors

    def test_a_query_problem(self) -> None:
        url = "/api/v1/orders?page_size=500&status=done&received_after=2026-03-02T09:00"
        chinese = self.problems(self.call("GET", url, self.dispatcher))
        self.assertEqual(
            chinese,
            [
                {"loc": ["query", "page_size"], "msg": "不能大于 100"},
                {"loc": ["query", "status"], "msg": "须为以下之一:" + "、".join(Order.Status.values)},
                {
                    "loc": ["query", "received_after"],
                    "msg": "时间须带时区偏移,例如 2026-03-02T09:00:00+08:00",
                },
            ],
        )
        english = self.problems(self.call("GET", url, self.dispatcher, **ENGLISH))
        self.assertEqual(
            [p["msg"] for p in english],
            [
                "Give a value of at most 100.",
                f"Give one of {STATUSES}.",
                "Give the time with its offset, e.g. 2026-03-02T09:00:00+08:00.",
            ],
        )

    def test_a_cursor_problem(self) -> None:
        chinese = self.problems(self.call("GET", "/api/v1/orders?cursor=zzz", self.dispatcher))
        self.assertEqual(
            chinese, [{"loc": ["query", "cursor"], "msg": "游标不是此列表给出的,请去掉游标从第一页重新开始"}]
        )
        english = self.problems(self.call("GET", "/api/v1/orders?cursor=zzz", self.dispatcher, **ENGLISH))
        self.assertEqual(english[0]["msg"], "The cursor is not one this list gave; start again without it.")

    def test_a_kpi_query_problem(self) -> None:
        url = "/api/v1/kpis?site=nope&month=2026-3"
        chinese = self.problems(self.call("GET", url, self.supervisor))
        self.assertEqual(
            [p["msg"] for p in chinese], ["月份须写成 YYYY-MM,而不是「2026-3」", "没有站点「nope」"]
        )
        english = self.problems(self.call("GET", url, self.supervisor, **ENGLISH))
        self.assertEqual(
            [p["msg"] for p in english], ["Write the month as YYYY-MM, not '2026-3'.", "No site 'nope'."]
        )

    # ------------------------------------------------------------------ the API's other answers

    def test_401_404_405_409_and_403_follow_the_language(self) -> None:
        order = self.new_order()
        cases: list[tuple[str, str, Any, int]] = [
            ("GET", "/api/v1/orders", None, 401),
            ("GET", "/api/v1/orders/999999", self.dispatcher, 404),
            ("GET", "/api/v1/nope", self.dispatcher, 404),
            ("GET", f"/api/v1/orders/{order.pk}/close", self.dispatcher, 405),
            ("POST", f"/api/v1/orders/{order.pk}/close", self.dispatcher, 409),
            ("POST", "/api/v1/orders", self.tech, 403),
        ]
        for method, url, user, status in cases:
            with self.subTest(url=url, status=status):
                chinese = self.call(method, url, user, {"site": "a"})
                self.assertEqual(chinese.status_code, status)
                self.assert_chinese(body(chinese)["detail"])
                english = self.call(method, url, user, {"site": "a"}, **ENGLISH)
                self.assertEqual(english.status_code, status)
                self.assert_english(body(english)["detail"])
        self.assertEqual(
            body(self.call("GET", "/api/v1/orders/999999", self.dispatcher, **ENGLISH))["detail"],
            "Not found: no such object, or it is outside your sites.",
        )

    def test_bad_json_an_idempotency_key_and_a_nul_character(self) -> None:
        order = self.new_order()
        close = f"/api/v1/orders/{order.pk}/close"
        for text, expected in (("{bad", "请求体不是有效的 JSON"), ("[]", "请求体必须是 JSON 对象({…})")):
            self.assertEqual(
                self.problems(self.call("POST", close, self.dispatcher, text))[0]["msg"], expected
            )
            english = self.problems(self.call("POST", close, self.dispatcher, text, **ENGLISH))
            self.assert_english(english[0]["msg"])
        nested = "[" * 100_000 + "]" * 100_000  # json gives up (RecursionError): ninja's 400
        unread = self.call("POST", close, self.dispatcher, nested)
        self.assertEqual((unread.status_code, body(unread)), (400, {"detail": "无法读取请求体。"}))
        unread = self.call("POST", close, self.dispatcher, nested, **ENGLISH)
        self.assertEqual(body(unread), {"detail": "The body could not be read."})
        key = {"Idempotency-Key": "k" * 201}
        refused = self.problems(self.call("POST", close, self.dispatcher, {}, **key))
        self.assertEqual(refused[0]["msg"], "Idempotency-Key 须为 1 到 200 个字符(最好用 UUID)")
        refused = self.problems(self.call("POST", close, self.dispatcher, {}, **key, **ENGLISH))
        self.assertEqual(refused[0]["msg"], "An Idempotency-Key has 1 to 200 characters (a UUID is best).")
        nul = self.problems(self.call("GET", "/api/v1/orders?site=a%00", self.dispatcher))
        self.assertEqual(nul[0]["msg"], "输入中含有空字符(NUL),无法处理")
        nul = self.problems(self.call("GET", "/api/v1/orders?site=a%00", self.dispatcher, **ENGLISH))
        self.assertEqual(nul[0]["msg"], "The input contains a NUL character, which cannot be processed.")

    # ------------------------------------------------------------------ how the language is chosen

    def test_the_language_is_read_as_django_reads_it_and_chinese_otherwise(self) -> None:
        url = "/api/v1/orders?page_size=0"
        for header, expected in (
            ("en-US,en;q=0.9", "Give a value of at least 1."),
            ("zh-CN,zh;q=0.9,en;q=0.5", "不能小于 1"),
            ("fr", "不能小于 1"),
            ("*", "不能小于 1"),
        ):
            with self.subTest(header=header):
                response = self.call("GET", url, self.dispatcher, **{"Accept-Language": header})
                self.assertEqual(self.problems(response)[0]["msg"], expected)

    def test_the_language_cookie_comes_before_the_header(self) -> None:
        self.client.cookies["django_language"] = "zh-hans"
        response = self.client.get(
            "/api/v1/orders?page_size=0",
            headers={"Authorization": f"Bearer {self.token_for(self.dispatcher)}", "Accept-Language": "en"},
        )
        self.assertEqual(self.problems(response)[0]["msg"], "不能小于 1")

    def test_a_page_still_ignores_the_browsers_language(self) -> None:
        page = self.client.get("/login/", headers={"Accept-Language": "en"}).content.decode()
        self.assertIn("登录服务管理系统", page)


@override_settings(ROOT_URLCONF="tests.api.urls_probe")
class ProbeLanguageTests(ApiTestCase):
    """The other ways pydantic's problems become a 422: a plain Schema body, and paginate() reading the
    page parameters itself. The probe is not under /api/, so it follows the language cookie only."""

    def test_a_plain_schema_body(self) -> None:
        response = self.call("POST", "/probe/sites", self.admin, {"code": "x", "tags": [1]}, **ENGLISH_COOKIE)
        self.assertEqual(
            body(response)["detail"],
            [
                {"loc": ["body", "name"], "msg": "This field is missing; it is required."},
                {"loc": ["body", "tags", 0], "msg": "Give text (a JSON string)."},
            ],
        )

    def test_page_parameters_read_by_paginate(self) -> None:
        url = "/probe/sites/oldest-first?page_size=many"
        self.assertEqual(body(self.call("GET", url, self.admin))["detail"][0]["msg"], "应为整数")
        english = body(self.call("GET", url, self.admin, **ENGLISH_COOKIE))["detail"]
        self.assertEqual(english, [{"loc": ["query", "page_size"], "msg": "Give a whole number."}])
