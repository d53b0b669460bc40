"""Schemathesis over the whole OpenAPI schema: whatever a client sends, no operation answers 5xx.

For every operation in /api/v1/openapi.json, hypothesis generates requests from the schema — valid ones
and, separately, ones that break it — and sends them through the Django app in-process (no server), with
a dispatcher's and a technician's Bearer tokens. Every answer must:
- never be a 5xx (not_a_server_error);
- carry a status code the operation documents, with a body matching the documented schema;
- be application/json;
- for a request that breaks the schema, be a 4xx (negative_data_rejection).

Path ids are drawn half the time from objects that exist (orders in each state, a due visit, a visit
with its rectification), so the operations get past their 404s into the services. Every example runs in
a savepoint that is rolled back, so examples never see each other's writes. The run is derandomized:
CI sends the same requests every time, on SQLite and on PostgreSQL.

HostileInputTests below are the hand-written checks of the same promise, and the regression tests of
the failures the fuzzing found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

import hypothesis
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from fuwu.core.models import User
from fuwu.customers.services import household_create
from fuwu.orders.models import Order
from fuwu.orders.services import orders, visits
from fuwu.staff.models import AttendanceDay
from fuwu.staff.services import employees as staff_people
from fuwu.staff.services import leave as staff_leave
from fuwu.staff.services.appeals import appeal_shift
from fuwu.staff.services.reconcile import reconcile_months
from tests.api.base import ApiTestCase, body
from tests.orders.base import OrdersTestCase
from tests.staff.base import SHANGHAI

SCHEMA_URL = "/api/v1/openapi.json"
CHECKS: list[CheckFunction] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Examples per operation: (valid, schema-breaking). The dispatcher may call nearly everything, so their
# run goes deep; the technician's run checks the other side of the role and scope checks.
DISPATCHER_EXAMPLES = (15, 10)
TECHNICIAN_EXAMPLES = (10, 5)

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def in_test_transaction(handler: WSGIHandler) -> Wsgi:
    """Django's WSGI handler without its per-request connection cleanup, as Django's test client runs it.

    The real handler closes a connection whose autocommit is off at request start and end; inside a
    TestCase that is the test's own transaction, which must stay open.
    """

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = handler(environ, start_response)
            try:
                content = b"".join(response)
            finally:
                response.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return iter([content])

    return app


def run_examples(strategy: st.SearchStrategy[Case[Any]], app: Wsgi, count: int) -> None:
    """Send `count` generated requests, each in a rolled-back savepoint, and check every answer."""

    @hypothesis.settings(
        max_examples=count,
        derandomize=True,  # the same requests on every run: a CI failure reproduces locally
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.generate],  # find, don't shrink: the report names the request anyway
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    @given(case=strategy)
    def example(case: Case[Any]) -> None:
        with transaction.atomic():
            response = case.call(app=app)
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS)

    example()


# Fields that a valid request sends without a time, so the service's own default (now) applies: a random
# time is almost always in the future or before the previous step, and answered 422 before the service.
TIMES = ("at", "received_at", "appointment")
# A path id no seed names (customers, after-sales, approvals …): 1 exists in some runs, 2**31 never.
UNSEEDED: list[int | str] = [1, 2**31 - 1]


class SchemaFuzzTests(OrdersTestCase, ApiTestCase):
    ids: dict[str, list[int | str]]
    known: dict[str, Any]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        household = household_create(site=cls.site_a, building="3", unit="2", room="1201", by=cls.admin)
        start = timezone.now() - dt.timedelta(hours=5)

        def new(minutes: int) -> Order:
            return orders.create_order(
                site=cls.site_a,
                by=cls.dispatcher,
                description="卫生间漏水",
                channel="phone",
                tags=("general",),
                household=household,
                contact_name="王女士",
                contact_phone="13800138000",
                received_at=start + dt.timedelta(minutes=minutes),
            )

        def arrived(order: Order) -> Order:
            order = orders.dispatch(order, technician=cls.tech, by=cls.dispatcher)
            return orders.arrive(order, by=cls.tech, checklist={"uniform": True})

        created = new(0)
        dispatched = orders.dispatch(new(1), technician=cls.tech, by=cls.dispatcher)
        on_site = arrived(new(2))
        completed = orders.complete(arrived(new(3)), by=cls.tech, notes="已修好")
        cancelled = orders.cancel(new(4), by=cls.dispatcher, reason="业主取消")
        unhappy = orders.complete(arrived(new(5)), by=cls.tech, notes="已修好")
        unvisited = orders.complete(arrived(new(6)), by=cls.tech, notes="已修好")
        due = visits.plan_visit(completed, by=cls.agent)
        low = visits.plan_visit(unhappy, by=cls.agent)
        visits.record_visit(low, by=cls.agent, channel="phone", score=2, answers={}, reason="仍漏水")
        low.refresh_from_db()
        shift = staff_people.create_shift(
            site=cls.site_a, name="正常班", start=dt.time(9), end=dt.time(18), by=None
        )
        worker = staff_people.create_employee(
            user=cls.tech, site=cls.site_a, shift=shift, monthly_wage=Decimal("4350.00"),
            hired_on=dt.date(2025, 1, 1), manager=cls.dispatcher, by=None,
        )  # fmt: skip
        asked = staff_leave.request_leave(
            employee=worker, leave_type="sick", start=timezone.localdate(), days=Decimal(1), by=cls.tech
        )
        # Two fined late shifts: one to appeal, one appealed (their manager, the dispatcher, decides it).
        late = [
            AttendanceDay.objects.create(
                employee=worker,
                day=day,
                shift_start=dt.time(9),
                shift_end=dt.time(18),
                clock_in=dt.datetime.combine(day, dt.time(9, 45), SHANGHAI),
                clock_out=dt.datetime.combine(day, dt.time(18), SHANGHAI),
            )
            for day in (dt.date(2026, 3, 4), dt.date(2026, 3, 5))
        ]
        reconcile_months([(worker, dt.date(2026, 3, 1))], by=None)
        real = dt.datetime(2026, 3, 5, 8, 55, tzinfo=SHANGHAI)
        appealed = appeal_shift(late[1], reason="考勤机故障", clock_in=real, clock_out=None, by=cls.tech)
        cls.ids = {
            "order_id": [o.pk for o in (created, dispatched, on_site, completed, cancelled, unhappy)],
            "visit_id": [due.pk, low.pk],
            "rectification_id": [low.rectification.pk],
            "leave_id": [asked.pk],
            # The close's path: a site code and months; no review exists (the fuzzing roles get 403).
            "site": ["a"],
            "month": ["2026-03", timezone.localdate().strftime("%Y-%m")],
            "review_id": [1],
            # Appeals: shifts of the technician's; no incident exists (404 for everyone).
            "shift_id": [shift.pk for shift in late],
            "appeal_id": [appealed.pk],
            "incident_id": [1],
        }
        today = timezone.localdate()
        # Body and query fields set to values that exist, in half of the valid requests.
        cls.known = {
            "site": "a",
            "household": household.pk,
            "tags": ["leak"],
            "contact_phone": "13800138000",
            "technician": cls.tech.pk,
            "order": unvisited.pk,
            "assignee": cls.agent.pk,
            "month": today.strftime("%Y-%m"),
            "start": (today - dt.timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
        }

    def grounded(self, case: Case[Any], ground: bool) -> Case[Any]:
        """`case` with the fields of `known` set to existing objects and its times left to the default."""
        if ground:
            for part in (case.body, case.query):
                if isinstance(part, dict):
                    part.update((name, value) for name, value in self.known.items() if name in part)
                    for name in TIMES:
                        part.pop(name, None)
        return case

    def strategy(
        self, operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode, user: User
    ) -> st.SearchStrategy[Case[Any]]:
        """Requests for `operation` as `user`; half of them name objects that exist (path ids, and in
        valid requests the body's and query's sites, orders and people)."""
        auth = {"Authorization": f"Bearer {self.token_for(user)}"}
        cases = operation.as_strategy(generation_mode=mode, headers=auth)
        names = [parameter.name for parameter in operation.path_parameters]
        if names:
            existing = st.fixed_dictionaries(
                {name: st.sampled_from(self.ids.get(name, UNSEEDED)) for name in names}
            )

            def for_path(path: dict[str, int | str]) -> st.SearchStrategy[Case[Any]]:
                return operation.as_strategy(generation_mode=mode, headers=auth, path_parameters=path)

            cases = st.one_of(cases, existing.flatmap(for_path))
        if mode is GenerationMode.NEGATIVE:
            return cases  # a schema-breaking request stays broken
        return st.builds(self.grounded, cases, st.booleans())

    def fuzz(self, user: User, examples: tuple[int, int]) -> None:
        app = in_test_transaction(WSGIHandler())
        schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app)
        operations = [result.ok() for result in schema.get_all_operations() if isinstance(result, Ok)]
        self.assertGreaterEqual(len(operations), 23)
        valid, broken = examples
        for operation in operations:
            runs = [(GenerationMode.POSITIVE, valid)]
            # An operation without parameters or body (GET /me) has nothing to break.
            if operation.path_parameters or operation.query or operation.body:
                runs.append((GenerationMode.NEGATIVE, broken))
            for mode, count in runs:
                with self.subTest(operation=operation.label, mode=mode.value, user=user.username):
                    run_examples(self.strategy(operation, mode, user), app, count)

    def test_a_dispatcher_never_meets_a_server_error_or_an_undocumented_answer(self) -> None:
        self.fuzz(self.dispatcher, DISPATCHER_EXAMPLES)

    def test_a_technician_never_meets_a_server_error_or_an_undocumented_answer(self) -> None:
        self.fuzz(self.tech, TECHNICIAN_EXAMPLES)


class HostileInputTests(OrdersTestCase, ApiTestCase):
    """Inputs a client may send by mistake or malice, each answered 4xx with a clear body, never 500."""

    def problems(self, response: Any) -> list[dict[str, Any]]:
        self.assertEqual(response.status_code, 422, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        detail: list[dict[str, Any]] = body(response)["detail"]
        self.assertTrue(detail and all(problem["msg"] for problem in detail), detail)
        return detail

    def test_a_body_that_is_not_json_or_not_an_object_is_422(self) -> None:
        order = self.new_order()
        for text in ('{"site": "a",', "\xff\xfe", "[]", '"close"', "42", "null"):
            response = self.call("POST", f"/api/v1/orders/{order.pk}/close", self.dispatcher, text)
            self.assertEqual([p["loc"] for p in self.problems(response)], [["body"]], text)
        order.refresh_from_db()
        self.assertEqual(order.status, "created")

    def test_an_address_the_api_does_not_have_is_a_json_404(self) -> None:
        for url in ("/api/v1/orders/abc", "/api/v1/orders/-1", "/api/v1/orders/1.5/close", "/api/v1/nope"):
            for method in ("GET", "POST"):
                response = self.call(method, url, self.dispatcher, {})
                self.assertEqual(response.status_code, 404, (method, url))
                self.assertEqual(set(body(response)), {"detail"})
                self.assertEqual(self.call(method, url, None, {}).status_code, 401)

    def test_a_method_an_address_does_not_answer_is_a_json_405(self) -> None:
        response = self.call("GET", "/api/v1/orders/1/close", self.dispatcher)
        self.assertEqual((response.status_code, response["Allow"]), (405, "POST"))
        self.assertEqual(body(response), {"detail": "此地址不接受 GET 请求,只接受 POST。"})

    def test_a_huge_id_in_a_filter_is_422_naming_it(self) -> None:
        huge = str(2**70)
        for url, field in (
            (f"/api/v1/orders?technician={huge}", "technician"),
            (f"/api/v1/visits?assignee={huge}", "assignee"),
            (f"/api/v1/visits?order={huge}", "order"),
            (f"/api/v1/kpis?site=a&month=2026-03&technician={huge}", "technician"),
        ):
            self.assertEqual(
                self.problems(self.call("GET", url, self.dispatcher))[0]["loc"], ["query", field]
            )
        for url in (f"/api/v1/orders/{huge}", f"/api/v1/orders/{2**63}/close"):
            self.assertEqual(
                self.call("POST" if "close" in url else "GET", url, self.dispatcher).status_code, 404
            )

    def test_page_size_and_cursor_are_checked(self) -> None:
        for query, field in (
            ("page_size=1000000", "page_size"),
            ("page_size=0", "page_size"),
            ("cursor=%%%garbage", "cursor"),
            ("cursor=W10", "cursor"),
        ):
            for path in ("orders", "visits", "sites", "staff"):
                detail = self.problems(self.call("GET", f"/api/v1/{path}?{query}", self.dispatcher))
                self.assertEqual(detail[0]["loc"], ["query", field], (path, query))

    def test_kpi_site_and_month_out_of_the_ordinary_are_422(self) -> None:
        for query, field in (
            ("site=²&month=2026-03", "site"),
            ("site=a&month=9999-12", "month"),
            ("site=a&month=0000-01", "month"),
            ("site=a&month=0001-01", "month"),
        ):
            detail = self.problems(self.call("GET", f"/api/v1/kpis?{query}", self.dispatcher))
            self.assertEqual(detail[0]["loc"], ["query", field], query)

    def test_times_without_offset_or_out_of_range_are_422(self) -> None:
        for value in ("2026-03-02T09:00:00", "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00"):
            payload = {"site": "a", "location": "1栋", "description": "漏水", "received_at": value}
            response = self.call("POST", "/api/v1/orders", self.dispatcher, payload)
            self.assertEqual(self.problems(response)[0]["loc"], ["body", "received_at"], value)
            response = self.call(
                "GET", f"/api/v1/orders?received_after={value.replace('+', '%2B')}", self.dispatcher
            )
            self.assertEqual(self.problems(response)[0]["loc"], ["query", "received_after"], value)

    def test_chinese_in_every_string_field_is_kept(self) -> None:
        payload = {
            "site": "a",
            "location": "锦绣花园3栋2单元1201",
            "contact_name": "王女士",
            "contact_phone": "一三八",
            "tags": ["漏水"],
            "description": "卫生间漏水",
            "channel": "phone",
        }
        # Every bad field in one answer: the changed one with the Chinese tag and phone.
        for change, loc in ({"site": "锦绣"}, ["body", "site"]), ({"channel": "电话"}, ["body", "channel"]):
            detail = self.problems(self.call("POST", "/api/v1/orders", self.dispatcher, payload | change))
            self.assertEqual(
                sorted(p["loc"] for p in detail),
                sorted([loc, ["body", "contact_phone"], ["body", "tags", 0]]),
            )
        detail = self.problems(self.call("POST", "/api/v1/orders", self.dispatcher, payload))
        self.assertEqual(sorted(p["loc"] for p in detail), [["body", "contact_phone"], ["body", "tags", 0]])
        payload.update(site="a", contact_phone="13800138000", tags=["leak"], channel="phone")
        response = self.call("POST", "/api/v1/orders", self.dispatcher, payload)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIn("锦绣花园3栋2单元1201".encode(), response.content)  # unescaped UTF-8
        created = body(response)
        self.assertEqual((created["location"], created["contact_name"]), ("锦绣花园3栋2单元1201", "王女士"))
        for query, status in (
            ("q=锦绣花园", 200),
            ("tag=漏水", 200),
            ("site=锦绣", 422),
            ("status=已完成", 422),
        ):
            response = self.call("GET", f"/api/v1/orders?{query}", self.dispatcher)
            self.assertEqual(response.status_code, status, (query, response.content))
        # The visit exists: a body is judged once the address, the role and the state allow the action.
        due = visits.plan_visit(self.done_order(), by=self.agent)
        visit = {"channel": "电话", "score": 2, "reason": "仍然漏水", "answers": {"staff_attitude": "很好"}}
        detail = self.problems(self.call("POST", f"/api/v1/visits/{due.pk}/record", self.agent, visit))
        self.assertEqual([p["loc"] for p in detail], [["body", "channel"]])

    def test_a_one_megabyte_description_is_422_and_a_larger_body_400(self) -> None:
        payload = {"site": "a", "location": "1栋", "description": "x" * 1_000_000}
        response = self.call("POST", "/api/v1/orders", self.dispatcher, payload)
        self.assertEqual(self.problems(response)[0]["loc"], ["body", "description"])
        payload["description"] = "漏" * 1_000_000  # 6 MB as \\u escapes: more than Django reads
        response = self.call("POST", "/api/v1/orders", self.dispatcher, payload)
        self.assertEqual(response.status_code, 400)
        self.assertIn("请求体超过了一个请求允许的", body(response)["detail"])
        self.assertFalse(Order.objects.exists())

    def test_times_at_the_edges_of_the_service_years_are_answered(self) -> None:
        base = {"site": "a", "location": "1栋", "description": "漏水", "tags": ["leak", "emergency"]}
        for change in (
            {"received_at": "2000-01-01T00:00:00+14:00"},
            {"received_at": "2001-03-02T09:00:00+08:00"},
            {"appointment": "2099-12-31T23:59:59-12:00"},
        ):
            response = self.call("POST", "/api/v1/orders", self.dispatcher, base | change)
            self.assertIn(response.status_code, (201, 422), (change, response.content))
        leap_year = {"site": "a", "start": "2024-01-01", "end": "2024-12-31"}
        response = self.call("POST", "/api/v1/visits/sample", self.agent, leap_year)
        self.assertEqual(response.status_code, 201, response.content)
        century = {"site": "a", "start": "2000-01-01", "end": "2099-12-31"}
        detail = self.problems(self.call("POST", "/api/v1/visits/sample", self.agent, century))
        self.assertEqual([p["loc"] for p in detail], [["body", "end"]])
