"""The return-visit worklist, the record form, sampling and the owner's rating link."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fuwu.core.models import OutboxMessage, User
from fuwu.core.roles import Role
from fuwu.orders.models import Rectification, ReturnVisit, Sample
from fuwu.orders.services import visits
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase

WORKLIST = reverse("orders:visits")


class WorklistTests(OrdersTestCase):
    tech: User
    agent: User
    supervisor: User

    def setUp(self) -> None:
        self.client.login(username=self.agent.username, password=PASSWORD)

    def test_visits_in_due_order_overdue_marked_and_filtered_by_state(self) -> None:
        first = visits.plan_visit(self.done_order(minutes_ago=60 * 24 * 5), by=self.agent)
        second = visits.plan_visit(self.done_order(minutes_ago=60), by=self.agent)
        response = self.client.get(WORKLIST)
        rows = list(response.context["page"].object_list)
        self.assertEqual(
            [v.pk for v in rows],
            sorted([first.pk, second.pk], key=lambda pk: ReturnVisit.objects.get(pk=pk).due),
        )
        overdue = [v.pk for v in self.client.get(WORKLIST, {"state": "overdue"}).context["page"].object_list]
        self.assertEqual(overdue, [v.pk for v in rows if v.due < timezone.now()])
        if overdue:
            self.assertContains(response, "row-late")
        visits.record_visit(second, by=self.agent, channel="phone", score=5)
        done = self.client.get(WORKLIST, {"state": "done"})
        self.assertEqual([v.pk for v in done.context["page"].object_list], [second.pk])
        self.assertContains(done, "很满意")

    def test_query_count_does_not_grow_with_rows(self) -> None:
        for _ in range(2):
            visits.plan_visit(self.done_order(), by=self.agent)
        with CaptureQueriesContext(connection) as few:
            self.client.get(WORKLIST)
        for _ in range(6):
            visits.plan_visit(self.done_order(), by=self.agent)
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(WORKLIST)
        self.assertEqual(len(response.context["page"].object_list), 8)

    def test_roles_scope_and_methods(self) -> None:
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        for role in (Role.TECHNICIAN, Role.GUARD, Role.CUSTOMER_MANAGER):
            self.client.login(username=self.by_role[role].username, password=PASSWORD)
            self.assertEqual(self.client.get(WORKLIST).status_code, 403, role)
            self.assertEqual(self.client.get(reverse("orders:visit", args=[visit.pk])).status_code, 403, role)
        self.client.login(username=self.agent.username, password=PASSWORD)
        self.assertEqual(self.client.post(WORKLIST).status_code, 405)
        self.assertEqual(self.client.get(reverse("orders:sample")).status_code, 405)
        other = User.objects.get(username="outsider")
        self.assertFalse(other.has_role(Role.VISITOR_AGENT))
        self.client.login(username=self.by_role[Role.DISPATCHER].username, password=PASSWORD)
        self.assertEqual(self.client.post(reverse("orders:sample"), {}).status_code, 403)

    def test_record_form_requires_a_reason_at_2_and_starts_the_rectification(self) -> None:
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        url = reverse("orders:visit", args=[visit.pk])
        page = self.client.get(url)
        self.assertContains(page, "很不满意")
        self.assertContains(page, "对讲")
        response = self.client.post(url, {"channel": "intercom", "score": "2"})
        self.assertContains(response, "必须填写不满意的原因", status_code=422)
        self.assertEqual(ReturnVisit.objects.get(pk=visit.pk).state, "due")
        response = self.client.post(
            url,
            {"channel": "intercom", "score": "2", "reason": "还漏水", "repair_ok": "否", "charges_ok": "是"},
        )
        self.assertRedirects(response, WORKLIST)
        visit.refresh_from_db()
        self.assertEqual(
            (visit.state, visit.channel, visit.answers),
            ("done", "intercom", {"repair_ok": "否", "charges_ok": "是"}),
        )
        self.assertTrue(Rectification.objects.filter(visit=visit, assignee=self.tech).exists())
        again = self.client.post(url, {"channel": "phone", "score": "5"})
        self.assertEqual(again.status_code, 409)
        self.assertContains(again, "已经记录过了", status_code=409)
        visit.refresh_from_db()
        self.assertEqual(visit.score, 2)

    def test_sampling_shows_the_chosen_orders_and_the_seed(self) -> None:
        for _ in range(4):
            self.done_order()
        self.client.login(username=self.supervisor.username, password=PASSWORD)
        today = timezone.localdate()
        response = self.client.post(
            reverse("orders:sample"),
            {"site": self.site_a.pk, "start": today - dt.timedelta(days=1), "end": today, "seed": 42},
        )
        self.assertEqual(response.status_code, 200)
        sample = Sample.objects.get()
        self.assertEqual(sample.seed, 42)
        self.assertContains(response, "42")
        self.assertEqual(len(response.context["chosen"]), len(sample.chosen))
        self.assertGreaterEqual(len(sample.chosen), 2)  # at least 30 % of 4, rounded up
        bad = self.client.post(
            reverse("orders:sample"),
            {"site": self.site_a.pk, "start": today, "end": today - dt.timedelta(days=3)},
        )
        self.assertContains(bad, "结束日期不能早于开始日期", status_code=422)

    def test_the_rating_link_is_queued_through_the_outbox_to_the_assignee(self) -> None:
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        response = self.client.post(reverse("orders:visit_link", args=[visit.pk]), follow=True)
        self.assertContains(response, "评价链接已发送")
        message = OutboxMessage.objects.filter(
            recipient=visit.assignee, payload__subject__startswith="请业主评价"
        ).get()
        self.assertIn("/r/v/", message.payload["url"])
        self.assertTrue(message.payload["url"].startswith("http://testserver/r/v/"))
