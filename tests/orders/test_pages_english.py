"""The repair-order pages in English after the language switch, and unchanged in Chinese by default.

In English a page may still show Chinese only where it is data (names, addresses, descriptions, site names)
or the regulations' own text (an obligation's ``because``): every word of the page itself is English, and
so is what a service says when it refuses an action or a field.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import translation

import fuwu.orders
from fuwu.core.models import Site, User
from fuwu.orders.models import Order, OrderEvent, Rectification, ReturnVisit
from fuwu.orders.services import orders, visits
from fuwu.regulations.models import Obligation
from tests.core.base import PASSWORD
from tests.orders.base import OrdersTestCase

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
# Chinese on every page in both languages: the brand, and the switch back to Chinese named in Chinese.
ALWAYS_CHINESE = ("服务", "简体中文")
JINJA_DIR = Path(fuwu.orders.__file__).parent / "jinja2"


class EnglishPagesTests(OrdersTestCase):
    tech: User
    dispatcher: User
    agent: User
    waiting: Order
    mine: Order
    visit: ReturnVisit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        helper = cls("run")
        # A minute old: time is left whether p10.3.7's 10 minutes bind (08:00–17:30) or p09.2a's 25.
        cls.waiting = helper.new_order(tags=("leak", "emergency"), minutes_ago=1)
        cls.mine = orders.dispatch(helper.new_order(minutes_ago=30), technician=cls.tech, by=cls.dispatcher)
        cls.visit = visits.plan_visit(helper.done_order(minutes_ago=60 * 24 * 5), by=cls.agent)
        unhappy = visits.plan_visit(helper.done_order(minutes_ago=60 * 24 * 3), by=cls.agent)
        visits.record_visit(unhappy, by=cls.agent, channel="phone", score=1, reason="师傅迟到")

    def client_for(self, user: User | None, language: str | None) -> Client:
        client = Client()
        if language:
            response = client.post("/i18n/setlang/", {"language": language, "next": "/"})
            self.assertEqual(response.status_code, 302)
        if user is not None:
            self.assertTrue(client.login(username=user.username, password=PASSWORD))
        return client

    def page(self, client: Client, url: str) -> str:
        response = client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def data_words(self) -> list[str]:
        """Everything Chinese the pages may show that is not a page's own word, longest first."""
        words: set[str] = set(ALWAYS_CHINESE)
        words.update(Site.objects.values_list("name", flat=True))
        words.update(str(user) for user in User.objects.all())
        for order in Order.objects.select_related("household"):
            words.update((order.description, order.location, order.contact_name, order.place))
        words.update(OrderEvent.objects.values_list("note", flat=True))
        words.update(Obligation.objects.values_list("because", flat=True))
        words.update(ReturnVisit.objects.values_list("reason", flat=True))
        words.update(Rectification.objects.values_list("notes", flat=True))
        return sorted((w for w in words if w), key=len, reverse=True)

    def assert_english(self, html: str, *expected: str) -> None:
        for text in expected:
            self.assertIn(text, html)
        for word in self.data_words():
            html = html.replace(word, "")
        self.assertEqual(CJK.findall(html), [], "Chinese left on an English page")

    def assert_chinese(self, html: str, *expected: str) -> None:
        for text in expected:
            self.assertIn(text, html)

    def test_the_dispatchers_board_and_order_page(self) -> None:
        board = reverse("orders:board")
        detail = reverse("orders:detail", args=[self.waiting.pk])
        english = self.client_for(self.dispatcher, "en")
        self.assert_english(
            self.page(english, board),
            '<html lang="en">',
            "<h1>Repair orders</h1>",
            "+ New repair request",
            "All open",
            "Breached only",
            "Apply filters",
            "<th>Order number</th>",
            "<th>Deadlines</th>",
            "Refreshes every 30 seconds",
            "Updated at",
            "Awaiting dispatch",  # 待派工
            "Dispatched",  # 已派工
            "Leak",
            "Emergency",
            " left",
        )
        self.assert_english(
            self.page(english, detail),
            "Order ",
            "Awaiting dispatch",
            "You can now",
            "Request details",
            "Dispatch",
            "Technician (in brackets: the open orders they have)",
            "Cancel the order",
            "Timeline",
            "Received",  # the timeline's 受理报修
            "Arrival deadline (Open)",
            "Clause",
            "Phone",
        )
        chinese = self.client_for(self.dispatcher, None)
        self.assert_chinese(
            self.page(chinese, board),
            "<h1>报修工单</h1>",
            "全部未完成",
            "只看超时",
            "<th>单号</th>",
            "每 30 秒自动刷新",
            "更新于",
            "待派工",
            "已派工",
            "漏水",
            "剩 ",
        )
        self.assert_chinese(
            self.page(chinese, detail),
            "待派工",
            "现在可以",
            "报修信息",
            "维修工(括号内为手上未完成的工单数)",
            "取消工单",
            "受理报修",
            "到场期限(进行中)",
        )

    def test_the_technicians_own_pages(self) -> None:
        mine = reverse("orders:mine")
        detail = reverse("orders:detail", args=[self.mine.pk])
        english = self.client_for(self.tech, "en")
        self.assert_english(
            self.page(english, mine),
            "<h1>My orders</h1>",
            "Open orders",
            "Dispatched",
            "Accept",
            "Rectifications to do",
            "Rectification done",
        )
        self.assert_english(
            self.page(english, detail),
            "Dispatched",
            "Accept",
            "Check in on site",
            "Work uniform on",
            "Navigate",
        )
        chinese = self.client_for(self.tech, None)
        self.assert_chinese(
            self.page(chinese, mine), "<h1>我的工单</h1>", "未完成的工单", "已派工", "接单", "待整改"
        )
        self.assert_chinese(self.page(chinese, detail), "已派工", "到场签到", "穿工装", "导航")

    def test_the_return_visit_worklist(self) -> None:
        worklist = reverse("orders:visits")
        english = self.client_for(self.agent, "en")
        self.assert_english(
            self.page(english, worklist),
            "Return-visit worklist",
            "Overdue",
            "Due by",
            "Round 1",
            "Record the visit",
        )
        self.assert_english(
            self.page(english, f"{worklist}?state=done"), "Result", "1 Very dissatisfied", "Phone"
        )
        self.assert_english(
            self.page(english, reverse("orders:visit", args=[self.visit.pk])),
            "Return visit round 1",
            "How the visit was made",
            "5 Very satisfied",
            "Save the visit",
        )
        chinese = self.client_for(self.agent, None)
        self.assert_chinese(self.page(chinese, worklist), "回访工作表", "已逾期", "第1轮", "记录回访")
        self.assert_chinese(self.page(chinese, f"{worklist}?state=done"), "1 很不满意", "电话")

    def test_the_public_report_page(self) -> None:
        report = reverse("public:report", args=[self.site_a.code])
        self.assert_english(
            self.page(self.client_for(None, "en"), report),
            '<html lang="en">',
            "<h1>Online repair request</h1>",
            "Location (building, unit, room)",
            "Burst pipe",
            "Submit the request",
        )
        self.assert_chinese(
            self.page(self.client_for(None, None), report),
            "<h1>在线报修</h1>",
            "报修地点(楼栋、单元、房号)",
            "爆管",
        )

    def test_an_action_the_orders_state_refuses_is_explained_in_the_pages_language(self) -> None:
        """Completing an order twice: the service's Conflict in English after the switch, and by default the
        exact Chinese sentence the page has always shown."""
        order = self.done_order(minutes_ago=90)
        complete = reverse("orders:complete", args=[order.pk])
        english = self.client_for(self.tech, "en").post(complete, {"notes": "again"})
        self.assertEqual(english.status_code, 409)
        self.assert_english(
            english.content.decode(),
            '<p class="alert" role="alert">'
            f"Order {order.number} is “Completed”, which does not allow completion.</p>",
        )
        chinese = self.client_for(self.tech, None).post(complete, {"notes": "again"})
        self.assertEqual(chinese.status_code, 409)
        self.assert_chinese(
            chinese.content.decode(),
            f'<p class="alert" role="alert">工单 {order.number} 当前状态为「已完工」,不能完工。</p>',
        )

    def test_the_intake_forms_field_errors_are_in_the_pages_language(self) -> None:
        """No household and no location, and a phone number with letters: intake's own checks."""
        form = {
            "site": self.site_a.pk,
            "description": "The tap drips",
            "channel": "phone",
            "caller_phone": "abc",
        }
        english = self.client_for(self.dispatcher, "en").post(reverse("orders:new"), form)
        self.assertEqual(english.status_code, 422)
        self.assert_english(
            english.content.decode(),
            '<span class="error">Give the location when no household is chosen.</span>',
            '<span class="error">A phone number may contain only digits, spaces, - and +.</span>',
        )
        chinese = self.client_for(self.dispatcher, None).post(reverse("orders:new"), form)
        self.assertEqual(chinese.status_code, 422)
        self.assert_chinese(
            chinese.content.decode(),
            '<span class="error">未选择房屋时必须填写报修地点</span>',
            '<span class="error">电话号码只能包含数字、空格和 - +</span>',
        )
        self.assertFalse(Order.objects.filter(description="The tap drips").exists())

    def test_every_word_of_the_jinja_bodies_is_in_the_catalogue(self) -> None:
        """makemessages reads a .jinja file as it reads a Django template: a word is extracted only when it is
        written as a bare {{ _("…") }} (no arguments, no filters), so the bodies use that form alone."""
        for template in JINJA_DIR.rglob("*.jinja"):
            source = re.sub(r"\{#.*?#\}", "", template.read_text(), flags=re.S)
            words = re.findall(r"""\{\{ _\((?:"([^"]+)"|'([^']+)')\) \}\}""", source)
            self.assertEqual(
                source.count("_("), len(words), f"{template.name}: a _() makemessages cannot read"
            )
            with translation.override("zh-hans"):
                for double, single in words:
                    word = double or single
                    self.assertNotEqual(translation.gettext(word), word, f"{template.name}: {word}")
