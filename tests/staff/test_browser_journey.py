"""Issue 7's journey in headless Chromium against a live server: HR uploads a DingTalk export → the month
view shows the fines → the employee, on a 390 px phone, reads them in 我的奖惩 with the clause and its text,
asks for a day of sick leave (the manager approves: the day's absence is reversed) and appeals the
45-minute lateness with the real clock-in → the supervisor upholds it and the fine is reversed → HR closes
the month → the payroll workbook is downloaded and its totals checked cell by cell against the ledger.

Screenshots are kept in test-artifacts/staff-journey/.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.staff.models import Employee, Leave, LedgerEntry, PayrollLine
from fuwu.staff.samples import Day, dingtalk_workbook
from fuwu.staff.services.employees import create_employee, create_shift

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "staff-journey"
PASSWORD = "journey-pass"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1366, "height": 900}
WEEK = [dt.date(2026, 3, 2) + dt.timedelta(days=n) for n in range(5)]
CLOCKS = [("08:57", "18:03"), ("09:12", "18:01"), ("09:45", "18:05"), ("", ""), ("08:50", "18:10")]


def _person(site: Site, username: str, name: str, role: Role, number: str = "") -> User:
    user = users.create_user(
        username=username, password=PASSWORD, display_name=name, roles=[role], employee_no=number, by=None
    )
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


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)")
@pytest.mark.django_db(transaction=True)
def test_an_export_becomes_fines_an_employee_reads_and_leave_corrects(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    site = sites.create_site(
        kind=Site.Kind.COMMUNITY,
        name="锦绣花园小区",
        code="a",
        minimum_monthly_wage=Decimal("2690.00"),
        by=None,
    )
    _person(site, "hr", "林人事", Role.HR_FINANCE)
    boss = _person(site, "boss", "李主管", Role.SUPERVISOR)
    worker = _person(site, "worker", "韩梅", Role.EMPLOYEE, number="0085")
    shift = create_shift(site=site, name="正常班", start=dt.time(9), end=dt.time(18), by=None)
    employee = create_employee(
        user=worker, site=site, shift=shift, monthly_wage=Decimal("4350.00"), hired_on=dt.date(2025, 1, 1),
        manager=boss, by=None,
    )  # fmt: skip
    export = tmp_path / "考勤报表_202603.xlsx"
    export.write_bytes(
        dingtalk_workbook([Day("85", "韩梅", d, (c,)) for d, c in zip(WEEK, CLOCKS, strict=True)])
    )
    base = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            hr = _page(browser, DESK)
            _log_in(hr, base, "hr")
            hr.goto(f"{base}/staff/attendance/import/")
            hr.select_option("select[name=site]", str(site.pk))
            hr.set_input_files("input[name=file]", str(export))
            # The upload is a job the worker runs (at once under tests); its page shows the result.
            with hr.expect_navigation(url=re.compile(r".*/staff/attendance/imports/\d+/$")):
                hr.click("form.stack button[type=submit]")
            hr.wait_for_selector("text=已导入 1 人的 5 个班次")
            _shoot(hr, "1-hr-imported")
            hr.goto(f"{base}/staff/months/?site={site.pk}&month=2026-03")
            row = hr.locator("tr", has_text="韩梅")
            assert "60.00" in row.inner_text()  # the fines: 10 for 12 minutes late, 50 for 45
            _shoot(hr, "2-hr-month")

            phone = _page(browser, PHONE)
            _log_in(phone, base, "worker")
            phone.goto(f"{base}/staff/ledger/?month=2026-03")
            text = phone.inner_text("main")
            assert "迟到45分钟" in text and "旷工" in text and "p01.3.1" in text
            phone.locator("summary", has_text="p01.3.1").first.click()
            assert "迟到" in phone.locator("details[open]").first.inner_text()  # the clause's own text
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"the ledger is {width}px wide on a phone"
            _shoot(phone, "3-employee-ledger-phone")
            phone.goto(f"{base}/staff/leave/")
            phone.select_option("select[name=leave_type]", "sick")
            phone.fill("input[name=start]", "2026-03-05")
            phone.fill("input[name=days]", "1")
            phone.fill("input[name=reason]", "发烧就医")
            with phone.expect_navigation(url=f"{base}/staff/leave/"):
                phone.click("form.stack button[type=submit]")
            _shoot(phone, "4-employee-asked-leave")

            manager = _page(browser, DESK)
            _log_in(manager, base, "boss")
            manager.goto(f"{base}/staff/leave/")
            assert "发烧就医" in manager.inner_text("main")
            with manager.expect_navigation(url=f"{base}/staff/leave/"):
                manager.click("button[name=approve][value='1']")
            _shoot(manager, "5-manager-approved")

            # The employee appeals the 45 minutes: the clock was wrong, they came at 08:58.
            phone.goto(f"{base}/staff/ledger/?month=2026-03")
            phone.locator("tr", has_text="迟到45分钟").locator("a.appeal").click()
            phone.wait_for_url(re.compile(r".*/staff/attendance/\d+/appeal/$"))
            phone.fill("input[name=clock_in]", "08:58")
            phone.fill("textarea[name=reason]", "考勤机当天故障，08:58 已到岗，保安可作证")
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"the appeal form is {width}px wide on a phone"
            _shoot(phone, "6-employee-appeals-phone")
            with phone.expect_navigation():
                phone.click("form.stack button[type=submit]")
            _shoot(phone, "7-employee-appealed-phone")

            manager.goto(f"{base}/staff/appeals/")
            manager.locator("tr", has_text="韩梅").locator("a").first.click()
            manager.wait_for_url(re.compile(r".*/staff/appeals/\d+/$"))
            assert "考勤机当天故障" in manager.inner_text("main")
            with manager.expect_navigation():
                manager.click("button[name=upheld][value='1']")
            _shoot(manager, "8-supervisor-upheld")

            # HR closes March; the close runs in the worker (at once under tests) and the page shows it.
            hr.goto(f"{base}/staff/months/?site={site.pk}&month=2026-03")
            hr.locator("summary", has_text="2026-03").click()
            with hr.expect_navigation():
                hr.click("form.stack button[type=submit].primary")
            hr.wait_for_selector("text=下载工资表")
            _shoot(hr, "9-hr-closed")
            with hr.expect_download() as download:
                hr.click("text=下载工资表")
            workbook = tmp_path / "payroll.xlsx"
            download.value.save_as(str(workbook))
        finally:
            browser.close()
    assert Leave.objects.get().status == Leave.Status.APPROVED
    absence = LedgerEntry.objects.get(employee=employee, clause="p01.3.3", reverses__isnull=True)
    assert LedgerEntry.objects.filter(
        reverses=absence, amount=-absence.amount
    ).exists()  # withdrawn, not deleted
    assert LedgerEntry.objects.filter(employee=employee, clause="p01.3.2", amount=Decimal("200.00")).exists()
    late = LedgerEntry.objects.get(employee=employee, because="迟到45分钟", reverses__isnull=True)
    assert LedgerEntry.objects.filter(reverses=late, amount=Decimal("-50.00")).exists()  # the appeal upheld
    _check_payroll(workbook, employee)


def _check_payroll(path: Path, employee: Employee) -> None:
    """Sheet 1's row of the person and its totals row, cell by cell, against the closed month's line, the
    ledger and sheet 2's items."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(path)
    lines, items = book.worksheets
    assert (lines.title, items.title) == ("工资表", "明细")
    rows = [list(row) for row in lines.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row and row[0] == "工号")
    names = rows[header]
    body = [row for row in rows[header + 1 :] if row and row[0] not in (None, "合计")]
    total = next(row for row in rows[header + 1 :] if row and row[0] == "合计")
    person = next(row for row in body if row[1] == "韩梅")
    cell = dict(zip(names, person, strict=True))
    line = PayrollLine.objects.get(employee=employee, close__month=dt.date(2026, 3, 1))
    expected = {
        "月工资": Decimal("4350.00"), "全勤奖": Decimal("200.00"), "奖励": Decimal("0.00"),
        "罚款": Decimal("10.00"), "扣款": Decimal("400.00"), "赔偿": Decimal("0.00"),
        "最低工资补足": Decimal("0.00"), "实发": Decimal("4140.00"),
    }  # fmt: skip
    for name, amount in expected.items():
        assert Decimal(str(cell[name])).quantize(Decimal("0.01")) == amount, name
    assert (line.fines, line.deductions, line.net) == (expected["罚款"], expected["扣款"], expected["实发"])
    for column, name in enumerate(names):
        if name in expected:
            column_sum = sum(Decimal(str(row[column])) for row in body)
            assert Decimal(str(total[column])) == column_sum, name
    # Sheet 2: the person's items add up to sheet 1's fines and deductions.
    entries = [list(row) for row in items.iter_rows(values_only=True)]
    head = next(i for i, row in enumerate(entries) if row and row[0] == "工号")
    columns = entries[head]
    mine = [dict(zip(columns, row, strict=True)) for row in entries[head + 1 :] if row and row[1] == "韩梅"]
    by_kind: dict[str, Decimal] = {}
    for item in mine:
        kind = str(item["类别"]).split(" · ")[0]  # a reversal is "罚款 · 冲销", its amount negative
        by_kind[kind] = by_kind.get(kind, Decimal(0)) + Decimal(str(item["金额"]))
    assert by_kind.get("罚款", Decimal(0)) == Decimal("10.00")
    assert by_kind.get("扣款", Decimal(0)) == Decimal("400.00")
