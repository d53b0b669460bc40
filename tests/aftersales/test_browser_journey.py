"""Issue 8's second journey in headless Chromium against a live server: the desk registers a return above
the amount the pack sets (p14.3.4.7's office_meeting_above) → its chain shows the general manager and then
the general manager's office meeting → the general manager approves, then records the meeting's decision →
the supervisor, on a 390 px phone, carries it out → the goods are back in the parts store ledger (p12.16a)
and the monthly parts-cost report to finance shows them (p12.16b), on screen and in its workbook.

Screenshots are kept in test-artifacts/aftersales-journey/.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from fuwu.aftersales.models import AccountEntry, PartMovement, ReturnRequest
from fuwu.aftersales.services import parts
from fuwu.approvals.models import ApprovalRequest
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.customers.models import Purchase
from fuwu.customers.services.customers import create_customer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "aftersales-journey"
PASSWORD = "journey-pass"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1366, "height": 900}


def _person(site: Site | None, username: str, name: str, role: Role) -> User:
    user = users.create_user(username=username, password=PASSWORD, display_name=name, roles=[role], by=None)
    if site is not None:
        sites.add_member(site, user, by=None)
    return user


def _page(browser: Browser, viewport: ViewportSize) -> Page:
    phone = viewport["width"] < 500
    context = browser.new_context(
        viewport=viewport, device_scale_factor=2 if phone else 1, is_mobile=phone, locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def _shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)")
@pytest.mark.django_db(transaction=True)
def test_a_return_above_the_amount_goes_to_the_office_meeting(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    site = sites.create_site(
        kind=Site.Kind.STORE, name="滨江装饰门店", code="a", minimum_monthly_wage=Decimal("2690.00"), by=None
    )
    _person(None, "gm", "张总", Role.GENERAL_MANAGER)
    boss = _person(site, "boss", "李主管", Role.SUPERVISOR)
    desk = _person(site, "desk", "王客服", Role.DISPATCHER)
    _person(site, "finance", "赵财务", Role.HR_FINANCE)
    customer = create_customer(
        site=site, name="王女士", phones=["13800138000"], address="滨江花苑5栋1单元1201", by=desk
    )
    Purchase.objects.create(
        customer=customer, product="格力中央空调 GMV-120", grade="一级能效", purchased_on=dt.date(2025, 7, 1),
        amount=Decimal("6800.00"),
    )  # fmt: skip
    unit = parts.create_part(site, by=boss, code="GMV-120", name="中央空调外机 GMV-120", unit="台")
    parts.stock_in(unit, by=boss, quantity=2, unit_cost=Decimal("5200.00"), supplier="格力华东")
    base = live_server.url
    month = timezone.localdate().strftime("%Y-%m")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            # The desk registers the return: the customer found by a fragment of the number.
            front = _page(browser, DESK)
            _log_in(front, base, "desk")
            front.goto(f"{base}/aftersales/returns/new/?site=a")
            front.fill("input[name=q]", "0013")
            front.wait_for_selector("text=格力中央空调 GMV-120")
            front.check("input[name=purchase]")
            front.select_option("select[name=kind]", "return")
            front.fill("input[name=amount]", "6800.00")
            front.select_option("select[name=part]", label="GMV-120 中央空调外机 GMV-120")
            front.fill("textarea[name=content]", "外机压缩机三次维修仍不制冷,要求退货")
            _shoot(front, "1-desk-registers-the-return")
            with front.expect_navigation(url=re.compile(r".*/aftersales/returns/\d+/$")):
                front.click("form.card button[type=submit].primary")
            text = front.inner_text("main")
            assert "总经理办公会" in text and "p14.3.4.7" in text and "5000.00" in text
            _shoot(front, "2-desk-sees-the-chain")
            request = ReturnRequest.objects.get()

            # The general manager approves, then records the office meeting's decision.
            gm = _page(browser, DESK)
            _log_in(gm, base, "gm")
            gm.goto(f"{base}/aftersales/returns/{request.pk}/")
            with gm.expect_navigation(url=re.compile(r".*/approvals/\d+/$")):
                gm.click("text=审批这一步")
            gm.fill("input[name=note]", "同意退货,金额超过5000元,提交总经理办公会")
            with gm.expect_navigation():
                gm.click("button[name=decision][value=approve]")
            _shoot(gm, "3-general-manager-approved")
            gm.fill("input[name=note]", "2026年第12次总经理办公会:同意退货并全额退款")
            with gm.expect_navigation():
                gm.click("button[name=decision][value=approve]")
            _shoot(gm, "4-office-meeting-approved")
            assert ApprovalRequest.objects.get().state == ApprovalRequest.State.APPROVED

            # The supervisor carries it out on a phone.
            phone = _page(browser, PHONE)
            _log_in(phone, base, "boss")
            phone.goto(f"{base}/aftersales/returns/{request.pk}/")
            assert "已批准" in phone.inner_text("main")
            _fits(phone)
            with phone.expect_navigation():
                phone.click("form.decide button[type=submit].primary")
            assert "已办理" in phone.inner_text("main")
            _shoot(phone, "5-supervisor-carried-it-out-phone")
            phone.goto(f"{base}/aftersales/registers/parts-ledger/?site=a&month={month}")
            ledger = phone.inner_text("main")
            assert "中央空调外机 GMV-120(退货入库)" in ledger and "5200.00" in ledger
            _fits(phone)
            _shoot(phone, "6-parts-ledger-phone")

            # Finance reads the month's parts-cost report and downloads its workbook.
            finance = _page(browser, DESK)
            _log_in(finance, base, "finance")
            finance.goto(f"{base}/aftersales/reports/parts-cost/?site=a&month={month}")
            row = finance.locator("tr", has_text="GMV-120").first.inner_text()
            assert "1 · 5200.00" in row  # returned goods back in
            assert "3 · 15600.00" in row  # the closing stock
            _shoot(finance, "7-finance-parts-cost-report")
            finance.goto(f"{base}/aftersales/reports/parts-cost/print/?site=a&month={month}")
            _shoot(finance, "8-finance-parts-cost-printable")
            finance.goto(f"{base}/aftersales/reports/parts-cost/?site=a&month={month}")
            with finance.expect_download() as download:
                finance.click("text=Excel")
            workbook = tmp_path / "parts-cost.xlsx"
            download.value.save_as(str(workbook))
        finally:
            browser.close()
    request.refresh_from_db()
    assert (request.state, request.costs_to_customer) == (ReturnRequest.State.DONE, False)
    back = PartMovement.objects.get(return_request=request)
    assert (back.kind, back.quantity, back.amount) == ("return", 1, Decimal("5200.00"))
    assert AccountEntry.objects.get(return_request=request).expense == Decimal("6800.00")
    _check_workbook(workbook)


def _check_workbook(path: Path) -> None:
    """Sheet 1's row of the part: the return's quantity and value, the closing stock, as numbers."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(path)
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    headers = rows[1]
    line = next(row for row in rows if row[0] == "GMV-120")
    cell = dict(zip(headers, line, strict=False))
    assert cell["退货入库 · 数量"] == 1
    assert Decimal(str(cell["退货入库 · 金额"])) == Decimal("5200")
    assert cell["期末数量"] == 3
    assert Decimal(str(cell["期末金额"])) == Decimal("15600")
