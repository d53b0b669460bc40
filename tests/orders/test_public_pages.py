"""The pages without login: the report page, the tracking link and the owner's rating link."""

from __future__ import annotations

import time
from unittest import mock

from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from fuwu.core.models import AuditEntry, User
from fuwu.core.roles import Role
from fuwu.orders.models import Order, OrderPhoto, ReturnVisit
from fuwu.orders.services import rating, visits
from fuwu.orders.views.public import track_token
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase

REPORT = {
    "location": "6栋1单元502",
    "contact_name": "李先生",
    "contact_phone": "13700001234",
    "description": "阳台下水管堵了",
    "tags": ["leak"],
}


@override_settings(MEDIA_ROOT="/tmp/fuwu-test-media")
class ReportPageTests(OrdersTestCase):
    dispatcher: User

    def setUp(self) -> None:
        cache.clear()  # the rate limit counts in the cache

    def url(self) -> str:
        return reverse("public:report", args=[self.site_a.code])

    def test_an_owner_reports_and_the_tracking_link_shows_only_that_order(self) -> None:
        someone_else = self.new_order()
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        response = self.client.post(
            self.url(), {**REPORT, "photos": [SimpleUploadedFile("a.jpg", b"\xff\xd8\xff\xe0" + b"1" * 20)]}
        )
        order = Order.objects.get(description="阳台下水管堵了")
        self.assertEqual(
            (order.channel, order.site_id, order.created_by_id, order.tags),
            ("qr", self.site_a.pk, None, ["leak"]),
        )
        self.assertEqual(order.photos.count(), 1)
        track = response["Location"]
        self.assertTrue(track.startswith("/r/t/"))
        page = self.client.get(track)
        self.assertContains(page, str(order.number))
        self.assertContains(page, "报修已提交")
        self.assertContains(page, "受理报修")
        self.assertNotContains(page, str(someone_else.number))
        self.assertNotContains(page, "13700001234")
        self.assertNotContains(page, "1234")  # not even the tail of a phone number
        # The desk hears of it.
        self.assertTrue(
            AuditEntry.objects.filter(action="order.create", object_pk=str(order.pk), actor=None).exists()
        )

    def test_a_tampered_or_foreign_token_is_404(self) -> None:
        order = self.new_order()
        token = track_token(order)
        self.assertEqual(self.client.get(reverse("public:track", args=[token])).status_code, 200)
        self.assertEqual(
            self.client.get(
                reverse("public:track", args=[token[:-1] + ("A" if token[-1] != "A" else "B")])
            ).status_code,
            404,
        )
        forged = signing.dumps(order.pk, salt="another.salt")
        self.assertEqual(self.client.get(reverse("public:track", args=[forged])).status_code, 404)
        self.assertEqual(self.client.get(reverse("public:track", args=["garbage"])).status_code, 404)
        self.assertEqual(self.client.post(reverse("public:track", args=[token])).status_code, 405)

    def test_unknown_site_is_404_and_bad_input_is_shown(self) -> None:
        self.assertEqual(self.client.get(reverse("public:report", args=["nowhere"])).status_code, 404)
        response = self.client.post(self.url(), {**REPORT, "description": ""})
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Order.objects.exists())

    def test_photo_too_large_or_not_an_image_is_refused_and_nothing_saved(self) -> None:
        big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 1))
        response = self.client.post(self.url(), {**REPORT, "photos": [big]})
        self.assertContains(response, "超过 5 MB", status_code=422)
        svg = SimpleUploadedFile("x.jpg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
        response = self.client.post(self.url(), {**REPORT, "photos": [svg]})
        self.assertContains(response, "不是 JPEG、PNG 或 WebP 图片", status_code=422)
        self.assertFalse(Order.objects.exists())
        self.assertFalse(OrderPhoto.objects.exists())

    def test_the_rate_limit_answers_429_in_chinese_after_ten_posts_an_hour(self) -> None:
        for _ in range(10):
            self.assertEqual(self.client.post(self.url(), REPORT).status_code, 302)
        response = self.client.post(self.url(), REPORT)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "提交过于频繁", status_code=429)
        self.assertEqual(Order.objects.count(), 10)
        # Another address is not limited.
        self.assertEqual(self.client.post(self.url(), REPORT, REMOTE_ADDR="10.0.0.9").status_code, 302)

    def test_the_poster_shows_a_qr_code_of_the_report_page(self) -> None:
        self.client.login(username=self.dispatcher.username, password=PASSWORD)
        response = self.client.get(reverse("orders:poster", args=[self.site_a.code]))
        self.assertContains(response, "<svg")
        self.assertContains(response, "http://testserver/r/a/")
        self.assertEqual(self.client.get(reverse("orders:poster", args=[self.site_b.code])).status_code, 404)
        self.client.login(username=self.by_role[Role.TECHNICIAN].username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("orders:poster", args=[self.site_a.code])).status_code, 403)


class RatingLinkTests(OrdersTestCase):
    tech: User
    agent: User

    def test_the_owner_rates_once_and_a_low_score_starts_a_rectification(self) -> None:
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        url = rating.rating_link(visit)
        self.assertContains(self.client.get(url), "很不满意")
        response = self.client.post(url, {"score": "1"})
        self.assertContains(response, "请告诉我们不满意的原因", status_code=422)
        response = self.client.post(url, {"score": "1", "reason": "师傅没来"})
        self.assertContains(response, "已评价")
        visit.refresh_from_db()
        self.assertEqual(
            (visit.state, visit.score, visit.channel, visit.recorded_by_id), ("done", 1, "phone", None)
        )
        self.assertTrue(
            visit.order is not None and visit.order.rectifications.filter(assignee=self.tech).exists()
        )
        self.assertTrue(AuditEntry.objects.filter(action="visit.rate_by_owner", actor=None).exists())
        again = self.client.post(url, {"score": "5"})
        self.assertContains(again, "已评价")
        visit.refresh_from_db()
        self.assertEqual(visit.score, 1)

    def test_a_tampered_or_expired_link_is_404(self) -> None:
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        token = rating.rating_token(visit)
        self.assertEqual(self.client.get(reverse("public:rate", args=[token + "x"])).status_code, 404)
        assert visit.order is not None
        # A tracking token is signed too, but with another salt: it opens no rating page.
        self.assertEqual(
            self.client.get(reverse("public:rate", args=[track_token(visit.order)])).status_code, 404
        )
        with mock.patch("django.core.signing.time.time", return_value=time.time() + 8 * 24 * 3600):
            self.assertEqual(self.client.get(reverse("public:rate", args=[token])).status_code, 404)
        self.assertEqual(ReturnVisit.objects.get(pk=visit.pk).state, "due")

    def test_the_link_goes_to_the_assignee_and_the_sites_wecom_robot_once_a_day(self) -> None:
        from fuwu.core.models import OutboxMessage
        from fuwu.regulations.models import SiteRegulation

        SiteRegulation.objects.update_or_create(
            site=self.site_a,
            defaults={"wecom_webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"},
        )
        visit = visits.plan_visit(self.done_order(), by=self.agent)
        link = rating.send_rating_link(visit, by=self.agent, base="https://fuwu.example/")
        self.assertTrue(link.startswith("https://fuwu.example/r/v/"))
        sent = OutboxMessage.objects.filter(payload__url=link)
        self.assertEqual(sorted(sent.values_list("channel", flat=True)), ["in_app", "wecom"])
        self.assertEqual(sent.get(channel="in_app").recipient, visit.assignee)
        rating.send_rating_link(visit, by=self.agent, base="https://fuwu.example/")
        self.assertEqual(OutboxMessage.objects.filter(payload__subject__startswith="请业主评价").count(), 2)
        self.assertIsNotNone(rating.visit_of_token(link.rsplit("/", 2)[-2]))
