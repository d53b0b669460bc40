"""The approvals pages: the queue (what waits for me by role, site and delegation), a request's page with
its history, deciding from a page (409 when decided first), withdrawing, and delegations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fuwu.approvals import services as approvals
from fuwu.approvals.models import Delegation
from fuwu.core.models import User
from tests.approvals.base import CALLS, ApprovalsTestCase
from tests.core.base import PASSWORD

HOUR = dt.timedelta(hours=1)


class PageTestCase(ApprovalsTestCase):
    def login(self, user: User) -> None:
        self.client.logout()
        self.assertTrue(self.client.login(username=user.username, password=PASSWORD))


class ApprovalPageTests(PageTestCase):
    def test_the_queue_shows_what_waits_for_me_by_role_site_and_delegation(self) -> None:
        here = self.ask("p10.3.5", by=self.dispatcher)
        there = self.ask("p10.3.5", by=self.dispatcher, subject_id=2, site=self.site_b)
        ret = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("6200"), subject_id=3)
        self.login(self.supervisor)
        page = self.client.get(reverse("approvals:queue"))
        self.assertEqual([row.request.pk for row, _role, _note in page.context["rows"]], [here.pk])
        self.assertContains(page, "提供超出公司规定的服务项目")
        self.assertContains(page, 'href="/somewhere/"')
        self.login(self.gm)
        page = self.client.get(reverse("approvals:queue"))
        self.assertEqual([row.request.pk for row, _role, _note in page.context["rows"]], [ret.pk])
        self.assertContains(page, "¥6200.00")
        # The store's supervisor hands over; the customer manager now sees the store's request for them.
        now = timezone.now()
        approvals.delegate(
            delegator=self.supervisor_b,
            delegate=self.cm,
            starts_at=now - HOUR,
            ends_at=now + HOUR,
            by=self.supervisor_b,
        )
        self.login(self.cm)
        page = self.client.get(reverse("approvals:queue"))
        [(row, _role, _note)] = page.context["rows"]
        self.assertEqual((row.request.pk, row.for_user), (there.pk, self.supervisor_b))
        self.assertContains(page, "代门店主管")
        # Nothing waits for someone who approves nothing; the page still opens (a delegate may be anyone).
        self.login(self.dispatcher)
        self.assertContains(self.client.get(reverse("approvals:queue")), "没有待您审批的事项")
        self.assertEqual(self.client.post(reverse("approvals:queue")).status_code, 405)

    def test_the_queue_costs_the_same_queries_at_any_size(self) -> None:
        now = timezone.now()
        approvals.delegate(
            delegator=self.supervisor,
            delegate=self.gm,
            starts_at=now - HOUR,
            ends_at=now + HOUR,
            by=self.supervisor,
        )
        self.login(self.gm)
        self.ask(subject_id=0)
        self.ask("p10.3.5", subject_id=100, by=self.dispatcher)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(len(self.client.get(reverse("approvals:queue")).context["rows"]), 2)
        for subject in range(1, 15):
            self.ask(("p12.15", "p14.3.4.7"), amount=Decimal(1000 * subject), subject_id=subject)
            self.ask("p10.3.5", subject_id=100 + subject, by=self.dispatcher)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(self.client.get(reverse("approvals:queue")).context["rows"]), 30)
        self.assertEqual(len(many), len(few))

    def test_all_requests_are_those_the_person_may_see(self) -> None:
        here = self.ask("p10.3.5", by=self.dispatcher)
        self.ask("p10.3.5", by=self.dispatcher, subject_id=2, site=self.site_b)
        approvals.decide(here, by=self.supervisor, approve=False, note="不做")
        self.login(self.supervisor)
        page = self.client.get(reverse("approvals:history"))
        self.assertEqual([row.pk for row in page.context["page"]], [here.pk])
        self.assertEqual(
            len(self.client.get(reverse("approvals:history") + "?state=pending").context["page"]), 0
        )
        self.login(self.outsider)
        self.assertEqual(len(self.client.get(reverse("approvals:history")).context["page"]), 0)

    def test_all_requests_cost_the_same_queries_at_any_size(self) -> None:
        self.login(self.gm)
        self.ask(subject_id=0)
        self.client.get(reverse("approvals:history"))
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("approvals:history"))
        for subject in range(1, 12):
            chain = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal(1000 * subject), subject_id=subject)
            if subject % 3 == 0:
                approvals.decide(chain, by=self.gm2, approve=False, note="不同意")
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(self.client.get(reverse("approvals:history")).context["page"]), 12)
        self.assertEqual(len(many), len(few))

    def test_a_request_page_is_404_outside_the_person_s_scope(self) -> None:
        chain = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("6200"))
        approvals.decide(chain, by=self.gm, approve=True, note="提交办公会")
        url = reverse("approvals:request", args=[chain.pk])
        self.login(self.gm2)
        page = self.client.get(url)
        self.assertContains(page, "总经理办公会")
        self.assertContains(page, "提交办公会")  # the first step's note: the history
        self.assertTrue(page.context["note_required"])
        self.assertContains(page, "费用由客户承担")
        self.login(self.cm)  # the requester sees it, and may withdraw, not decide
        page = self.client.get(url)
        self.assertIsNone(page.context["deciding"])
        self.assertTrue(page.context["may_cancel"])
        for user in (self.outsider, self.dispatcher, self.supervisor_b):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user.username)

    def test_approve_from_the_queue_and_a_second_decision_is_409(self) -> None:
        chain = self.ask(("p12.15", "p14.3.4.7"), amount=Decimal("6200"))
        url = reverse("approvals:decide", args=[chain.pk])
        self.login(self.gm)
        answer = self.client.post(url, {"decision": "approve", "step": "1", "next": "queue"})
        self.assertRedirects(answer, reverse("approvals:queue"))
        # A second click on the first step, or another general manager deciding it: 409, nothing changes.
        self.login(self.gm2)
        answer = self.client.post(url, {"decision": "reject", "step": "1"})
        self.assertEqual(answer.status_code, 409)
        self.assertContains(answer, "已被处理", status_code=409)
        # The meeting's step without its note: 422, the field named.
        answer = self.client.post(url, {"decision": "approve", "step": "2", "note": ""})
        self.assertEqual(answer.status_code, 422)
        self.assertIn("note", answer.context["errors"])
        answer = self.client.post(url, {"decision": "approve", "step": "2", "note": "3月2日办公会同意"})
        self.assertRedirects(answer, reverse("approvals:request", args=[chain.pk]))
        self.assertEqual(CALLS, [(chain.pk, "approved", self.gm2.pk)])
        self.login(self.supervisor)  # sees the site's requests, decides no general manager's step
        self.assertEqual(self.client.post(url, {"decision": "approve"}).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(url, {"decision": "approve"}).status_code, 404)

    def test_the_requester_withdraws_others_get_403(self) -> None:
        chain = self.ask(by=self.dispatcher)
        url = reverse("approvals:cancel", args=[chain.pk])
        self.login(self.supervisor)  # sees the site's requests, may not withdraw another's
        self.assertEqual(self.client.post(url, {"reason": "x"}).status_code, 403)
        self.login(self.dispatcher)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertRedirects(
            self.client.post(url, {"reason": "不退了"}), reverse("approvals:request", args=[chain.pk])
        )
        chain.refresh_from_db()
        self.assertEqual((chain.state, chain.cancel_reason), ("cancelled", "不退了"))
        self.assertEqual(self.client.post(url).status_code, 409)


class DelegationPageTests(PageTestCase):
    def test_hand_over_my_approvals_and_end_the_delegation(self) -> None:
        url = reverse("approvals:delegations")
        self.login(self.supervisor)
        page = self.client.get(url)
        self.assertNotIn("delegator", page.context["form"].fields)  # one's own approvals only
        local = timezone.localtime()
        form = {
            "delegate": self.supervisor2.pk,
            "starts_at": (local - HOUR).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + 48 * HOUR).strftime("%Y-%m-%dT%H:%M"),
            "reason": "休年假",
        }
        self.assertRedirects(self.client.post(url, form), url)
        delegation = Delegation.objects.get()
        self.assertEqual((delegation.delegator, delegation.delegate), (self.supervisor, self.supervisor2))
        answer = self.client.post(url, {**form, "delegate": self.cm.pk})
        self.assertEqual(answer.status_code, 409)  # one delegation at a time
        answer = self.client.post(url, {**form, "ends_at": form["starts_at"]})
        self.assertEqual(answer.status_code, 422)
        # Someone who approves nothing has nothing to hand over.
        self.login(self.dispatcher)
        self.assertEqual(self.client.post(url, {**form, "delegate": self.cm.pk}).status_code, 422)
        self.assertEqual(len(self.client.get(url).context["lines"]), 0)
        end = reverse("approvals:delegation_end", args=[delegation.pk])
        self.assertEqual(self.client.post(end).status_code, 404)  # not theirs to see
        # The general manager may hand over someone's approvals and sees every delegation.
        self.login(self.gm)
        self.assertIn("delegator", self.client.get(url).context["form"].fields)
        self.assertEqual(len(self.client.get(url).context["lines"]), 1)
        self.login(self.supervisor2)
        self.assertEqual(self.client.get(end).status_code, 405)
        self.assertRedirects(self.client.post(end), url)
        delegation.refresh_from_db()
        self.assertEqual(delegation.ended_by, self.supervisor2)
