"""The desk's intake form with the phone lookup, the technician's page and the batch pages."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.customers.models import Household, Owner, Residence
from fuwu.orders.models import Batch, Order, Rectification
from fuwu.orders.services import orders, visits
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase


class IntakeTests(OrdersTestCase):
    tech: User
    dispatcher: User

    def setUp(self) -> None:
        self.client.login(username=self.dispatcher.username, password=PASSWORD)

    def test_phone_lookup_shows_the_household_and_its_past_orders(self) -> None:
        home = Household.objects.create(site=self.site_a, building="3", unit="2", room="1201")
        owner = Owner.objects.create(name="王芳", phone="13912345678")
        Residence.objects.create(owner=owner, household=home, relation="owner")
        past = orders.create_order(
            site=self.site_a, by=self.dispatcher, description="水龙头坏了", channel="phone", household=home
        )
        other = Household.objects.create(site=self.site_b, building="9", unit="1", room="101")
        Residence.objects.create(
            owner=Owner.objects.create(name="外站", phone="13912345678"), household=other, relation="owner"
        )
        response = self.client.get(reverse("orders:lookup"), {"caller_phone": "1391234"})
        self.assertEqual([h.pk for h in response.context["households"]], [home.pk])
        self.assertContains(response, str(past.number))
        self.assertContains(response, "王芳")
        self.assertContains(self.client.get(reverse("orders:lookup"), {"caller_phone": "13"}), "至少 4 位")

    def test_the_form_creates_the_order_for_the_chosen_household(self) -> None:
        home = Household.objects.create(site=self.site_a, building="1", unit="1", room="101")
        response = self.client.post(
            reverse("orders:new"),
            {
                "site": self.site_a.pk,
                "caller_phone": "13800001111",
                "household": home.pk,
                "tags": ["leak", "emergency"],
                "description": "厨房漏水",
                "channel": "phone",
            },
        )
        order = Order.objects.get(description="厨房漏水")
        self.assertRedirects(response, reverse("orders:detail", args=[order.pk]))
        self.assertEqual(
            (order.household_id, order.tags, order.created_by_id),
            (home.pk, ["leak", "emergency"], self.dispatcher.pk),
        )

    def test_missing_place_and_a_bad_photo_are_shown_and_nothing_is_saved(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = self.client.post(
            reverse("orders:new"),
            {
                "site": self.site_a.pk,
                "description": "灯坏了",
                "channel": "phone",
                "photos": SimpleUploadedFile("x.png", b"GIF89a....."),
            },
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "不是 JPEG、PNG 或 WebP 图片", status_code=422)
        response = self.client.post(
            reverse("orders:new"), {"site": self.site_a.pk, "description": "灯坏了", "channel": "phone"}
        )
        self.assertContains(response, "未选择房屋时必须填写报修地点", status_code=422)
        self.assertFalse(Order.objects.exists())

    def test_roles_and_methods(self) -> None:
        for role in (Role.TECHNICIAN, Role.VISITOR_AGENT, Role.GUARD):
            self.client.login(username=self.by_role[role].username, password=PASSWORD)
            self.assertEqual(self.client.get(reverse("orders:new")).status_code, 403)
            self.assertEqual(self.client.get(reverse("orders:lookup")).status_code, 403)
        self.client.login(username=self.dispatcher.username, password=PASSWORD)
        self.assertEqual(self.client.put(reverse("orders:new")).status_code, 405)
        self.assertEqual(self.client.post(reverse("orders:lookup")).status_code, 405)


class MinePageTests(OrdersTestCase):
    tech: User
    tech2: User
    dispatcher: User
    agent: User

    def test_only_my_open_orders_with_constant_queries(self) -> None:
        self.client.login(username=self.tech.username, password=PASSWORD)
        for _ in range(2):
            orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        theirs = orders.dispatch(self.new_order(), technician=self.tech2, by=self.dispatcher)
        with CaptureQueriesContext(connection) as few:
            response = self.client.get(reverse("orders:mine"))
        self.assertEqual(len(response.context["lines"]), 2)
        self.assertNotContains(response, str(theirs.number))
        for _ in range(8):
            orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(reverse("orders:mine"))
        self.assertEqual(len(response.context["lines"]), 10)
        self.assertContains(response, "接单")

    def test_roles_and_methods(self) -> None:
        self.client.login(username=self.dispatcher.username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("orders:mine")).status_code, 403)
        self.client.login(username=self.tech.username, password=PASSWORD)
        self.assertEqual(self.client.post(reverse("orders:mine")).status_code, 405)

    def test_a_rectification_is_listed_and_done_from_the_phone(self) -> None:
        order = self.done_order()
        visit = visits.plan_visit(order, by=self.agent)
        visits.record_visit(visit, by=self.agent, channel="phone", score=2, reason="还在漏")
        rectification = Rectification.objects.get(visit=visit)
        self.client.login(username=self.tech2.username, password=PASSWORD)
        url = reverse("orders:rectification_done", args=[rectification.pk])
        self.assertEqual(self.client.post(url).status_code, 404)  # not their order
        self.client.login(username=self.tech.username, password=PASSWORD)
        page = self.client.get(reverse("orders:mine"))
        self.assertEqual([r.pk for r in page.context["rectifications"]], [rectification.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertRedirects(self.client.post(url, {"notes": "重新打胶"}), reverse("orders:mine"))
        rectification.refresh_from_db()
        self.assertEqual(rectification.state, "done")
        self.assertIsNotNone(rectification.next_visit_id)
        # Twice: the message says so, and nothing more happens.
        response = self.client.post(url, {"notes": "again"}, follow=True)
        self.assertContains(response, "该整改已经完成")
        self.assertEqual(order.visits.count(), 2)


class BatchPageTests(OrdersTestCase):
    dispatcher: User

    def test_receive_list_detail_and_deliver(self) -> None:
        self.client.login(username=self.dispatcher.username, password=PASSWORD)
        response = self.client.post(
            reverse("orders:batches"), {"site": self.site_a.pk, "customer_name": "华美酒店", "units": 23}
        )
        batch = Batch.objects.get()
        self.assertRedirects(response, reverse("orders:batch", args=[batch.pk]))
        page = self.client.get(reverse("orders:batch", args=[batch.pk]))
        self.assertContains(page, "p12.8")
        self.assertContains(self.client.get(reverse("orders:batches")), "华美酒店")
        self.client.post(reverse("orders:batch_deliver", args=[batch.pk]))
        batch.refresh_from_db()
        self.assertEqual(batch.status, "delivered")
        again = self.client.post(reverse("orders:batch_deliver", args=[batch.pk]))
        self.assertContains(again, "该批次已经交付", status_code=409)
        self.assertEqual(batch.visits.count(), 1)

    def test_roles_scope_and_methods(self) -> None:
        other = Batch.objects.create(
            site=self.site_b, customer_name="外站", units=1, received_at="2026-01-01T00:00Z"
        )
        self.client.login(username=self.by_role[Role.CUSTOMER_MANAGER].username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("orders:batches")).status_code, 200)
        self.assertEqual(self.client.post(reverse("orders:batches"), {"units": 1}).status_code, 403)
        self.client.login(username=self.by_role[Role.TECHNICIAN].username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("orders:batches")).status_code, 403)
        self.client.login(username=self.dispatcher.username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("orders:batch", args=[other.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("orders:batch_deliver", args=[other.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("orders:batch_deliver", args=[other.pk])).status_code, 405)
