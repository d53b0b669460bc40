"""Issue 8's first journey in headless Chromium against a live server, at the car-service store:

1. the desk adds a new customer and records their car brought in on the customer's page → the file is due
   within two days (p16.b2) on 待建档案 with its deadline and clause → the desk fills the file
   (客户档案基本资料表: address, services wanted, the car's work done) and marks it made: it leaves the list;
2. the car is collected the next day → the first follow-up call is on the customer manager's worklist,
   not yet open, with its window (p16.b4: days 3 to 7) → on day 5 it is open and the manager, on a 390 px
   phone, makes it and records it (call record and call register);
3. in that call the customer complains; it is studied, not answered → a minute short of two days later the
   periodic task leaves it alone, at two days it reports it to the supervisor, who reads it in the browser;
4. the second call's window (p16.b5: 7 to 14 days after the first) opens and the manager makes it;
5. the supervisor decides a campaign 20 days ahead for this customer → its phone notice is owed 14 days
   before (p16.b6), on the campaign's page and on the manager's worklist.

How time passes: the live server runs in this process, so ``django.utils.timezone.now`` — what every
service, page and periodic task reads — is a clock the journey sets (``journey_steps.Clock``). It starts 13
days ago at 09:30 in the site's zone and ticks with real time; between steps it is moved forward to the next
moment of the story (the day after, day 5, two days after the call …). Nothing stored is rewritten: every
row is written by the pages, or by the escalation's periodic task, at the clock's time (the model fields
whose default is ``timezone.now`` read the clock too: the outbox delivers a notice only once its
``next_attempt_at`` has come).

Screenshots are kept in test-artifacts/followup-journey/.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from fuwu.core.models import Notification, Site
from fuwu.core.roles import Role
from fuwu.core.services import sites
from fuwu.customers.models import Customer, CustomerEvent
from fuwu.followup.models import Call, CallRequest, Campaign, CampaignCustomer
from fuwu.followup.tasks import escalate_requests
from fuwu.regulations.models import Obligation
from tests.followup.journey_steps import (
    ARTIFACTS,
    CHROMIUM,
    DESK,
    PHONE,
    SHANGHAI,
    Clock,
    at,
    field,
    fits,
    log_in,
    open_page,
    person,
    run_server_on,
    shoot,
    shown,
)

NAME = "孙立新"
COMPLAINT = "右前轮仍有异响,要求免费复查并赔偿误工费"


def _owed(subject_type: str, pk: int, what: str) -> Obligation:
    return Obligation.objects.get(subject_type=subject_type, subject_id=str(pk), what=what)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)")
@pytest.mark.django_db(transaction=True)
def test_a_car_brought_in_is_filed_called_twice_escalated_and_told_of_a_campaign(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    day0 = timezone.localtime(timezone.now(), SHANGHAI).date() - dt.timedelta(days=13)
    clock = Clock(at(day0, 9, 30))
    run_server_on(clock, monkeypatch)
    site = sites.create_site(
        kind=Site.Kind.STORE, name="滨江装饰门店", code="a", minimum_monthly_wage=Decimal("2690.00"), by=None
    )
    person(site, "desk", "王客服", Role.DISPATCHER)
    manager = person(site, "cm", "陈经理", Role.CUSTOMER_MANAGER)
    boss = person(site, "boss", "李主管", Role.SUPERVISOR)
    base = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            # 1. Day 0, 09:30: a new customer brings their car in; the desk adds them and the drop-off.
            desk = open_page(browser, DESK)
            log_in(desk, base, "desk")
            desk.goto(f"{base}/customers/new/")
            desk.fill("input[name=name]", NAME)
            desk.fill("input[name=phones]", "13905712288")
            desk.select_option("select[name=manager]", str(manager.pk))
            desk.fill("input[name=plate]", "浙A6N318")
            desk.fill("input[name=model]", "大众途观L")
            desk.fill("input[name=vehicle_type]", "SUV")
            desk.fill("input[name=service_interval_days]", "180")
            with desk.expect_navigation(url=re.compile(r".*/customers/\d+/$")):
                desk.click("form.card button[type=submit].primary")
            customer = Customer.objects.get(name=NAME)
            dropped = at(day0, 9, 30)
            contact = desk.locator("form[action$='/contacts/']")
            contact.locator("select[name=reason]").select_option(CustomerEvent.Reason.DROPOFF)
            contact.locator("input[name=at]").fill(field(dropped))
            with desk.expect_navigation():
                contact.locator("button[type=submit]").click()
            archive = _owed("customer", customer.pk, "archive")
            assert (archive.clause, archive.due, archive.assignee_id) == (
                "p16.b2", dropped + dt.timedelta(days=2), manager.pk
            )  # fmt: skip
            assert "送修进场" in desk.inner_text("main")
            shoot(desk, "1-desk-car-brought-in")

            desk.goto(f"{base}/customers/files-due/")
            row = desk.locator("tr", has_text=NAME).inner_text()
            assert shown(dropped + dt.timedelta(days=2)) in row and "p16.b2" in row and "陈经理" in row
            shoot(desk, "2-desk-files-due")

            # The desk fills the file: the address and what the customer wants, the work done on the car.
            desk.click(f"text={NAME}")
            with desk.expect_navigation(url=re.compile(r".*/edit/$")):
                desk.click("a.button:has-text('编辑')")
            desk.fill("input[name=address]", "滨江花苑5栋1单元1201")
            desk.fill("textarea[name=services_wanted]", "每180天保养一次,希望提前电话提醒")
            with desk.expect_navigation(url=re.compile(r".*/customers/\d+/$")):
                desk.click("form.card button[type=submit].primary")
            desk.click("summary:has-text('登记维修保养')")
            service = desk.locator("form[action$='/services/']")
            service.locator("input[name=work]").fill("更换机油机滤,四轮定位")
            service.locator("select[name=vehicle]").select_option(label="浙A6N318")
            service.locator("input[name=amount]").fill("680")
            with desk.expect_navigation():
                service.locator("button[type=submit]").click()
            with desk.expect_navigation():
                desk.click("form[action$='/file/'] button.primary")
            page_text = desk.inner_text("main")
            assert "王客服 于" in page_text and "建档" in page_text and "更换机油机滤" in page_text
            shoot(desk, "3-desk-file-made")
            desk.goto(f"{base}/customers/files-due/")
            assert "没有待建的档案。" in desk.inner_text("main")
            customer.refresh_from_db()
            assert customer.filed_at is not None and customer.address == "滨江花苑5栋1单元1201"
            assert customer.visited_on == day0
            archive.refresh_from_db()
            assert archive.state == Obligation.State.MET

            # 2. Day 1, 17:00: the car is collected; the first call's window is days 3 to 7 after.
            collected = at(day0 + dt.timedelta(days=1), 17)
            clock.move_to(collected)
            desk.goto(f"{base}/customers/{customer.pk}/")
            contact = desk.locator("form[action$='/contacts/']")
            contact.locator("select[name=reason]").select_option(CustomerEvent.Reason.PICKUP)
            contact.locator("input[name=at]").fill(field(collected))
            with desk.expect_navigation():
                contact.locator("button[type=submit]").click()
            first = _owed("customer", customer.pk, "call")
            opens, closes = collected + dt.timedelta(days=3), collected + dt.timedelta(days=7)
            assert (first.clause, first.earliest, first.due, first.assignee_id) == (
                "p16.b4", opens, closes, manager.pk
            )  # fmt: skip

            phone = open_page(browser, PHONE)
            log_in(phone, base, "cm")
            phone.goto(f"{base}/followup/")
            row = phone.locator("tr", has_text="p16.b4").inner_text()
            assert NAME in row and f"{shown(opens)} – {shown(closes)}" in row
            assert phone.locator("tr", has_text="p16.b4").locator(".tag").count() == 1  # not yet open
            fits(phone)
            shoot(phone, "4-manager-first-call-not-yet-phone")

            # Day 5, 10:00: the window is open; the manager calls and the customer complains.
            called = at(day0 + dt.timedelta(days=5), 10)
            clock.move_to(called)
            phone.goto(f"{base}/followup/")
            item = phone.locator("tr", has_text="p16.b4")
            assert item.locator(".tag").count() == 0
            with phone.expect_navigation(url=re.compile(r".*/followup/customers/\d+/$")):
                item.locator("a.fu-button").click()
            with phone.expect_navigation(url=re.compile(r".*/call/$")):
                phone.click("a.fu-button.primary")
            assert phone.input_value("input[name=at]") == field(called)
            assert phone.input_value("select[name=purpose]") == Call.Purpose.FIRST
            phone.fill("textarea[name=points]", "车辆使用正常;询问保养提醒方式,客户希望短信加电话")
            phone.fill("textarea[name=requests]", COMPLAINT)
            phone.fill("textarea[name=handling]", "记录在案,通话后研究复查方案")
            phone.check("input[name=complaint]")
            fits(phone)
            shoot(phone, "5-manager-records-first-call-phone")
            with phone.expect_navigation(url=re.compile(r".*/followup/customers/\d+/$")):
                phone.click("form.stack button[type=submit].primary")
            assert COMPLAINT in phone.inner_text("main")
            fits(phone)
            shoot(phone, "6-manager-first-call-recorded-phone")
            call = Call.objects.get(purpose=Call.Purpose.FIRST)
            assert (call.at, call.by_id, call.violations, call.sequence) == (called, manager.pk, [], 1)
            first.refresh_from_db()
            assert first.state == Obligation.State.MET
            phone.goto(f"{base}/followup/calls/?month={called:%Y-%m}")
            register = phone.locator("tr", has_text=NAME).inner_text()
            assert called.strftime("%Y-%m-%d") in register and "陈经理" in register
            fits(phone)
            shoot(phone, "7-call-register-phone")
            request = CallRequest.objects.get()
            assert (request.kind, request.state, request.escalate_at) == (
                CallRequest.Kind.COMPLAINT, CallRequest.State.STUDYING, called + dt.timedelta(days=2)
            )  # fmt: skip

            # 3. Two days on, still studied: the periodic task reports it, not a minute before.
            clock.move_to(called + dt.timedelta(days=2, minutes=-1))
            assert escalate_requests.call_local() == 0
            clock.move_to(called + dt.timedelta(days=2))
            assert escalate_requests.call_local() == 1
            request.refresh_from_db()
            assert (request.state, request.escalated_by) == (CallRequest.State.ESCALATED, None)
            assert Notification.objects.filter(
                recipient=boss, url=f"/followup/requests/{request.pk}/"
            ).exists()

            supervisor = open_page(browser, DESK)
            log_in(supervisor, base, "boss")
            supervisor.goto(f"{base}/notifications/")
            note = supervisor.locator("li", has_text=NAME).first.inner_text()
            assert "p16.b4" in note and COMPLAINT in note
            shoot(supervisor, "8-supervisor-notified")
            supervisor.goto(f"{base}/followup/requests/?state=escalated")
            row = supervisor.locator("tr", has_text=NAME).inner_text()
            assert shown(called) in row and COMPLAINT[:20] in row
            with supervisor.expect_navigation(url=re.compile(r".*/followup/requests/\d+/$")):
                supervisor.click(f"a:has-text('{COMPLAINT[:12]}')")
            text = supervisor.inner_text("main")
            assert COMPLAINT in text and "陈经理" in text
            assert (called + dt.timedelta(days=2)).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in text
            shoot(supervisor, "9-supervisor-reads-the-complaint")

            # 4. Day 12, 10:30: the second call's window (7 to 14 days after the first) is open.
            second_opens, second_closes = called + dt.timedelta(days=7), called + dt.timedelta(days=14)
            second_call = at(day0 + dt.timedelta(days=12), 10, 30)
            clock.move_to(second_call)
            phone.goto(f"{base}/followup/")
            item = phone.locator("tr", has_text="p16.b5")
            assert f"{shown(second_opens)} – {shown(second_closes)}" in item.inner_text()
            assert item.locator(".tag").count() == 0
            fits(phone)
            shoot(phone, "10-manager-second-call-open-phone")
            with phone.expect_navigation(url=re.compile(r".*/followup/customers/\d+/$")):
                item.locator("a.fu-button").click()
            with phone.expect_navigation(url=re.compile(r".*/call/$")):
                phone.click("a.fu-button.primary")
            assert phone.input_value("select[name=purpose]") == Call.Purpose.SECOND
            phone.fill("textarea[name=points]", "复查后异响已消除,客户满意;提醒下次保养时间")
            with phone.expect_navigation(url=re.compile(r".*/followup/customers/\d+/$")):
                phone.click("form.stack button[type=submit].primary")
            fits(phone)
            shoot(phone, "11-manager-second-call-recorded-phone")
            second = Call.objects.get(purpose=Call.Purpose.SECOND)
            assert (second.at, second.violations) == (second_call, [])
            window = Obligation.objects.get(subject_id=str(customer.pk), what="call", clause="p16.b5")
            assert (window.state, window.earliest, window.due) == ("met", second_opens, second_closes)

            # 5. The supervisor decides a free check 20 days ahead for this customer.
            clock.move_to(at(day0 + dt.timedelta(days=12), 11))
            campaign_day = day0 + dt.timedelta(days=32)
            supervisor.goto(f"{base}/followup/campaigns/new/")
            supervisor.fill("input[name=title]", "冬季免费检测活动")
            supervisor.select_option("select[name=kind]", Campaign.Kind.FREE)
            supervisor.fill("input[name=date]", campaign_day.isoformat())
            supervisor.select_option("select[name=owner]", str(manager.pk))
            supervisor.fill("textarea[name=description]", "免费检测制动、轮胎和空调")
            with supervisor.expect_navigation(url=re.compile(r".*/followup/campaigns/\d+/$")):
                supervisor.click("form.stack button[type=submit].primary")
            supervisor.fill("input[name=q]", NAME)
            with supervisor.expect_navigation():
                supervisor.click("form.filters button[type=submit]")
            with supervisor.expect_navigation():
                supervisor.click("form[action$='/customers/'] button[type=submit].primary")
            campaign = Campaign.objects.get()
            notice = _owed("campaign", campaign.pk, "call")
            # Told by phone by the end of the day two weeks before the campaign's day.
            notice_due = notice.due.astimezone(SHANGHAI)
            assert (notice.clause, notice.assignee_id) == ("p16.b6", manager.pk)
            assert f"{notice_due:%Y-%m-%d %H:%M:%S}" == f"{campaign_day - dt.timedelta(days=14)} 23:59:59"
            text = supervisor.inner_text("main")
            assert notice_due.strftime("%Y-%m-%d %H:%M") in text and "p16.b6" in text and NAME in text
            shoot(supervisor, "12-supervisor-campaign")
            phone.goto(f"{base}/followup/")
            listed = phone.locator("tr", has_text="p16.b6").first.inner_text()
            assert shown(notice_due) in listed and "冬季免费检测活动" in listed
            fits(phone)
            shoot(phone, "13-manager-campaign-notice-phone")
        finally:
            browser.close()
    assert CampaignCustomer.objects.filter(campaign=campaign, customer=customer, phoned_at=None).exists()
    assert list(Call.objects.order_by("at").values_list("purpose", flat=True)) == [
        Call.Purpose.FIRST, Call.Purpose.SECOND
    ]  # fmt: skip
