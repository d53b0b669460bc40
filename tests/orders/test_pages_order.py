"""The order page and its actions: scope, roles, methods, Conflicts that change nothing, field errors."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from fuwu.approvals.models import ApprovalStep
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.orders.models import Order, OrderEvent
from fuwu.orders.services import orders, trades
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase


class OrderPageTests(OrdersTestCase):
    tech: User
    tech2: User
    dispatcher: User
    supervisor: User
    agent: User

    def login(self, user: User) -> None:
        self.client.login(username=user.username, password=PASSWORD)

    def test_the_page_shows_details_masked_phone_timeline_and_the_clause_of_each_deadline(self) -> None:
        order = self.new_order(minutes_ago=5)
        self.login(self.by_role[Role.CUSTOMER_MANAGER])
        response = self.client.get(reverse("orders:detail", args=[order.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "13800138000")  # a customer manager calls back: full number
        self.assertContains(response, "p09.2a")
        self.assertContains(response, "受理报修")
        kinds = [item["kind"] for item in response.context["timeline"]]
        self.assertEqual(sorted(set(kinds)), ["deadline", "event"])
        order = orders.dispatch(order, technician=self.tech, by=self.dispatcher)
        self.login(self.tech)
        response = self.client.get(reverse("orders:detail", args=[order.pk]))
        self.assertContains(response, "138****8000")
        self.assertNotContains(response, "13800138000")
        self.assertContains(response, "https://uri.amap.com/search?keyword=")

    def test_outside_scope_is_404_and_wrong_method_405(self) -> None:
        mine = self.new_order()
        other_site = orders.create_order(
            site=self.site_b, by=None, description="x", channel="qr", location="B"
        )
        self.login(self.dispatcher)
        self.assertEqual(self.client.get(reverse("orders:detail", args=[other_site.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("orders:print", args=[other_site.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("orders:detail", args=[mine.pk])).status_code, 405)
        self.assertEqual(self.client.get(reverse("orders:accept", args=[mine.pk])).status_code, 405)
        # A technician opens only the orders given to them.
        orders.dispatch(mine, technician=self.tech2, by=self.dispatcher)
        self.login(self.tech)
        self.assertEqual(self.client.get(reverse("orders:detail", args=[mine.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("orders:accept", args=[mine.pk])).status_code, 404)

    def test_dispatch_shows_each_technicians_open_load_and_assigns(self) -> None:
        busy = self.new_order()
        orders.dispatch(busy, technician=self.tech2, by=self.dispatcher)
        order = self.new_order()
        self.login(self.dispatcher)
        page = self.client.get(reverse("orders:detail", args=[order.pk]))
        loads = {t["pk"]: t["open_load"] for t in page.context["technicians"]}
        self.assertEqual(loads, {self.tech.pk: 0, self.tech2.pk: 1})
        response = self.client.post(reverse("orders:dispatch", args=[order.pk]), {"technician": self.tech.pk})
        self.assertRedirects(response, reverse("orders:detail", args=[order.pk]))
        order.refresh_from_db()
        self.assertEqual((order.status, order.technician_id), ("dispatched", self.tech.pk))

    def test_dispatch_shows_each_technicians_trades_and_who_suits_the_fault(self) -> None:
        trades.set_trades(self.tech, ["plumbing", "waterproofing"], by=self.supervisor)
        trades.set_trades(self.tech2, ["electrical"], by=self.supervisor)
        order = self.new_order(tags=("leak",))
        self.login(self.dispatcher)
        page = self.client.get(reverse("orders:detail", args=[order.pk]))
        shown = {t["pk"]: (t["trades"], t["suits"]) for t in page.context["technicians"]}
        self.assertEqual(shown, {self.tech.pk: (["水暖", "防水"], True), self.tech2.pk: (["电工"], False)})
        self.assertContains(page, "水暖、防水")
        self.assertContains(page, '<span class="tag suits">对口</span>', count=1)

    def test_a_wrong_role_is_refused_with_403_and_nothing_changes(self) -> None:
        order = self.new_order()
        self.login(self.agent)
        response = self.client.post(reverse("orders:dispatch", args=[order.pk]), {"technician": self.tech.pk})
        self.assertEqual(response.status_code, 403)
        order.refresh_from_db()
        self.assertEqual(order.status, "created")

    def test_a_conflict_shows_its_message_with_409_and_changes_nothing(self) -> None:
        order = self.done_order()
        self.login(self.tech)
        events = OrderEvent.objects.filter(order=order).count()
        response = self.client.post(reverse("orders:complete", args=[order.pk]), {"notes": "again"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "不能完工", status_code=409)
        order.refresh_from_db()
        self.assertEqual(order.completion_notes, "已修好")
        self.assertEqual(OrderEvent.objects.filter(order=order).count(), events)

    def test_technician_accepts_checks_in_quotes_and_completes_from_the_page(self) -> None:
        order = orders.dispatch(self.new_order(minutes_ago=5), technician=self.tech, by=self.dispatcher)
        self.login(self.tech)
        page = self.client.get(reverse("orders:detail", args=[order.pk]))
        self.assertEqual(page.context["can"], {"accept", "arrive", "photo"})
        self.client.post(reverse("orders:accept", args=[order.pk]))
        checklist = {"uniform": "on", "badge": "on", "shoe_covers": "on", "knocked": "on", "consent": "on"}
        self.client.post(reverse("orders:arrive", args=[order.pk]), checklist)
        order.refresh_from_db()
        self.assertEqual(order.status, "arrived")
        self.assertEqual(order.arrival_checklist["uniform"], True)
        self.assertEqual(order.arrival_checklist["floor_mat"], False)
        bad = self.client.post(reverse("orders:quote", args=[order.pk]), {"amount": "abc", "items": "换阀门"})
        self.assertEqual(bad.status_code, 422)
        self.assertContains(bad, "请填写金额", status_code=422)
        self.assertContains(bad, '<textarea name="items" rows="2">换阀门</textarea>', status_code=422)
        # Another form's failure leaves the quote's fields empty (not the text of a Python object).
        no_photo = self.client.post(reverse("orders:photo", args=[order.pk]))
        self.assertContains(no_photo, '<textarea name="items" rows="2"></textarea>', status_code=422)
        self.client.post(
            reverse("orders:quote", args=[order.pk]), {"amount": "85.5", "items": "换阀门", "accepted": "yes"}
        )
        self.client.post(reverse("orders:complete", args=[order.pk]), {"notes": "换了阀门"})
        order.refresh_from_db()
        self.assertEqual(
            (order.status, str(order.quote_amount), order.quote_accepted), ("completed", "85.50", True)
        )

    def test_completing_on_a_later_day_asks_for_the_explanation_beside_its_field(self) -> None:
        received = timezone.now() - dt.timedelta(days=2)
        order = orders.create_order(
            site=self.site_a,
            by=self.dispatcher,
            description="墙面渗水",
            channel="phone",
            location="5栋",
            received_at=received,
        )
        orders.dispatch(
            order, technician=self.tech, by=self.dispatcher, at=received + dt.timedelta(minutes=1)
        )
        orders.arrive(order, by=self.tech, at=received + dt.timedelta(minutes=20), checklist={})
        self.login(self.tech)
        page = self.client.get(reverse("orders:detail", args=[order.pk]))
        self.assertTrue(page.context["needs_explanation"])
        self.assertContains(page, 'name="explanation"')
        response = self.client.post(reverse("orders:complete", args=[order.pk]), {"notes": "好了"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.context["errors"]["explanation"][:8], "未在到场当天完工")
        self.assertEqual(Order.objects.get(pk=order.pk).status, "arrived")

    def test_supervisor_approves_work_outside_the_service_list(self) -> None:
        order = self.new_order(outside_service_list=True)
        self.login(self.dispatcher)
        self.assertNotIn(
            "approval", self.client.get(reverse("orders:detail", args=[order.pk])).context["can"]
        )
        self.assertEqual(
            self.client.post(
                reverse("orders:approval", args=[order.pk]), {"decision": "approve"}
            ).status_code,
            403,
        )
        self.login(self.supervisor)
        self.client.post(reverse("orders:approval", args=[order.pk]), {"decision": "approve"})
        order.refresh_from_db()
        self.assertEqual(order.approval, "approved")
        # The decision is the p10.3.5 request's, in the approvals app.
        step = ApprovalStep.objects.get(request__subject_type="order", request__subject_id=str(order.pk))
        self.assertEqual((step.state, step.decided_by_id), ("approved", self.supervisor.pk))

    def test_cancel_needs_a_reason_close_and_rework(self) -> None:
        order = self.new_order()
        self.login(self.dispatcher)
        response = self.client.post(reverse("orders:cancel", args=[order.pk]), {"reason": " "})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.context["errors"], {"reason": "请填写取消原因"})
        done = self.done_order()
        self.client.post(reverse("orders:close", args=[done.pk]))
        done.refresh_from_db()
        self.assertEqual(done.status, "closed")
        response = self.client.post(reverse("orders:rework", args=[done.pk]), {"description": "又漏了"})
        new = Order.objects.get(rework_of=done)
        self.assertRedirects(response, reverse("orders:detail", args=[new.pk]))

    def test_print_work_order_has_no_menu(self) -> None:
        order = self.new_order()
        self.login(self.dispatcher)
        response = self.client.get(reverse("orders:print", args=[order.pk]))
        self.assertContains(response, "派 工 单")
        self.assertNotContains(response, "mainnav")
        self.assertEqual(self.client.post(reverse("orders:print", args=[order.pk])).status_code, 405)


@override_settings(MEDIA_ROOT="/tmp/fuwu-test-media")
class PhotoTests(OrdersTestCase):
    tech: User
    dispatcher: User

    def upload(self, name: str, data: bytes) -> object:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(name, data, content_type="image/jpeg")

    def test_photos_are_checked_by_their_bytes_and_served_only_in_scope(self) -> None:
        order = orders.dispatch(self.new_order(), technician=self.tech, by=self.dispatcher)
        self.client.login(username=self.tech.username, password=PASSWORD)
        url = reverse("orders:photo", args=[order.pk])
        fake = self.client.post(url, {"photo": self.upload("a.jpg", b"<?php echo 1; ?>")})
        self.assertEqual(fake.status_code, 422)
        self.assertContains(fake, "不是 JPEG、PNG 或 WebP 图片", status_code=422)
        big = self.client.post(
            url, {"photo": self.upload("b.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024))}
        )
        self.assertContains(big, "超过 5 MB", status_code=422)
        self.assertEqual(order.photos.count(), 0)
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        self.assertEqual(self.client.post(url, {"photo": self.upload("c.jpg", png)}).status_code, 302)
        photo = order.photos.get()
        self.assertTrue(photo.image.name.endswith(".png"))
        served = self.client.get(reverse("orders:photo_file", args=[photo.pk]))
        self.assertEqual((served.status_code, served["Content-Type"]), (200, "image/png"))
        self.assertEqual(b"".join(served.streaming_content), png)  # type: ignore[attr-defined]
        self.client.login(username=self.by_role[Role.GUARD].username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("orders:photo_file", args=[photo.pk])).status_code, 404)
