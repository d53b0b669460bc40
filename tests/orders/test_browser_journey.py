"""One repair, end to end, in headless Chromium against a live server (issue 6, "a browser journey").

An owner reports a leak from the site's QR page on a phone → the dispatcher dispatches it from the board →
the technician, on a 390 px phone, accepts, checks in with the checklist and completes → the visitor agent
plans the return visit from the order page and records a 2 → the technician marks the rectification done
→ the revisit scores 5 → the KPI page shows 1 of 2 visits satisfied and the on-time figure.

Every step goes through the real pages (login included); after each step the stored rows are checked,
not only the page text. Screenshots are kept in test-artifacts/journey/ for people to look at.
"""

from __future__ import annotations

import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.cache import cache
from pytest_django.live_server_helper import LiveServer

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from fuwu.orders import labels
from fuwu.orders.models import Order, Rectification, ReturnVisit
from fuwu.regulations.models import Obligation
from fuwu.regulations.policies import in_force
from fuwu.reports.kpis import ON_TIME, SATISFACTION, kpis
from fuwu.reports.params import current_month

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "journey"
PASSWORD = "journey-pass"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1366, "height": 900}
WAIT_MS = 15_000
CHART_ANIMATION_MS = 1_500


def _people(site: Site) -> dict[Role, User]:
    """One member of site "a" per role the journey needs, with Chinese display names."""
    names = {
        Role.DISPATCHER: ("dispatcher", "陈调度"),
        Role.TECHNICIAN: ("tech", "王师傅"),
        Role.VISITOR_AGENT: ("visitor", "刘回访"),
        Role.SUPERVISOR: ("supervisor", "李主管"),
    }
    found = {}
    for index, (role, (username, display_name)) in enumerate(names.items()):
        user = users.create_user(
            username=username,
            password=PASSWORD,
            display_name=display_name,
            phone=f"1391234{index:04d}",
            roles=[role],
            by=None,
        )
        sites.add_member(site, user, by=None)
        found[role] = user
    return found


def _shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _phone(browser: Browser) -> Page:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    context.set_default_timeout(WAIT_MS)
    return context.new_page()


def _desk(browser: Browser) -> Page:
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    context.set_default_timeout(WAIT_MS)
    return context.new_page()


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def _submit(page: Page, button: Locator, url: str) -> None:
    """Post a form and wait for the page it redirects to, even when that is the page already shown."""
    with page.expect_navigation(url=url):
        button.click()


def _fits_the_phone(page: Page) -> None:
    """Nothing sticks out sideways: a 390 px page needs no horizontal scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px phone"


def _status(order: Order) -> str:
    order.refresh_from_db()
    return order.status


def _percent(value: Decimal) -> str:
    """As the reports' ``percent`` filter writes a rate: 0.5000 → "50%"."""
    shown = (value * 100).quantize(Decimal("0.01"), ROUND_HALF_UP).normalize()
    return f"{shown:f}%"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)")
@pytest.mark.django_db(transaction=True)
def test_a_repair_from_the_qr_page_to_the_kpis(
    live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    cache.clear()  # the report page's rate limit counts per IP in the cache; other tests post from here too
    site = sites.create_site(
        kind=Site.Kind.COMMUNITY,
        name="锦绣花园小区",
        code="a",
        minimum_monthly_wage=Decimal("2690.00"),
        by=None,
    )
    people = _people(site)
    tech, agent = people[Role.TECHNICIAN], people[Role.VISITOR_AGENT]
    base = live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            owner = _phone(browser)
            order, link = _owner_reports(owner, base)
            desk = _desk(browser)
            _log_in(desk, base, "dispatcher")
            _dispatcher_dispatches(desk, base, order, tech)
            phone = _phone(browser)
            _log_in(phone, base, "tech")
            _technician_completes(phone, base, order)
            agent_page = _desk(browser)
            _log_in(agent_page, base, "visitor")
            rectification = _first_visit_scores_two(agent_page, base, order, agent, tech)
            _technician_rectifies(phone, base, order, rectification)
            _revisit_scores_five(agent_page, base, order)
            kpi_page = _desk(browser)
            _log_in(kpi_page, base, "supervisor")
            _kpis_show_it(kpi_page, base, site)
            _owner_follows_the_link(owner, link, tech)
        finally:
            browser.close()
    assert os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] == "true"
    for shot in ARTIFACTS.glob("*.png"):
        assert shot.stat().st_size > 10_000, f"{shot.name} looks empty"


def _owner_reports(page: Page, base: str) -> tuple[Order, str]:
    """Step 1: the owner, not logged in, reports from the QR page and gets the tracking link."""
    page.goto(f"{base}/r/a/")
    assert page.locator("h1").inner_text() == "在线报修"
    page.fill("input[name=location]", "3栋2单元1201")
    page.fill("input[name=contact_name]", "张先生")
    page.fill("input[name=contact_phone]", "13800138000")
    page.fill("textarea[name=description]", "卫生间洗手盆下水管接口漏水,地面有积水")
    page.check("input[name=tags][value=leak]")
    _fits_the_phone(page)
    _shoot(page, "01-owner-report")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/r/t/**")
    assert "报修已提交" in page.locator(".alert.ok").inner_text()
    link = page.locator("input[readonly]").input_value()
    assert link.startswith(f"{base}/r/t/") and link in page.url
    _fits_the_phone(page)
    _shoot(page, "02-owner-tracking-link")

    order = Order.objects.get()
    assert order.number and order.number in page.locator("h1").inner_text()
    assert page.locator(".status").inner_text() == labels.STATUS["created"]
    assert (order.status, order.channel, order.tags) == ("created", "qr", ["leak"])
    assert (order.location, order.contact_phone) == ("3栋2单元1201", "13800138000")
    assert Obligation.objects.filter(subject_type="order", subject_id=str(order.pk), state="open").exists()
    return order, link


def _dispatcher_dispatches(page: Page, base: str, order: Order, tech: User) -> None:
    """Step 2: the board shows the new order with time left on its deadlines; dispatch from its page."""
    page.goto(f"{base}/orders/")
    row = page.locator("table.board tbody tr", has_text=order.number)
    assert row.count() == 1
    assert labels.STATUS["created"] in row.locator(".status").inner_text()
    clocks = row.locator(".clock")
    assert clocks.count() >= 1
    assert all(text.startswith(tuple(labels.DEADLINES.values())) for text in clocks.all_inner_texts())
    assert any("剩" in text for text in clocks.all_inner_texts()), clocks.all_inner_texts()
    _shoot(page, "03-dispatcher-board")

    row.locator("a", has_text=order.number).click()
    page.wait_for_url(f"{base}/orders/{order.pk}/")
    dispatch = page.locator(f"form[action='/orders/{order.pk}/dispatch/']")
    dispatch.locator(f"input[name=technician][value='{tech.pk}']").check()
    _shoot(page, "04-dispatcher-order-page")
    _submit(page, dispatch.locator("button[type=submit]"), f"{base}/orders/{order.pk}/")
    assert f"已派给 {tech}" in page.locator(".messages").inner_text()
    order.refresh_from_db()
    assert (order.status, order.technician_id) == ("dispatched", tech.pk)


def _technician_completes(page: Page, base: str, order: Order) -> None:
    """Step 3: on the phone, the technician accepts, checks in with the checklist and completes."""
    page.goto(f"{base}/orders/mine/")
    card = page.locator(".mine-card", has_text="3栋2单元1201")
    assert card.count() == 1
    _fits_the_phone(page)
    _shoot(page, "05-technician-my-orders")
    _submit(page, card.locator("button", has_text="接单"), f"{base}/orders/{order.pk}/")
    assert _status(order) == "accepted"

    checklist = page.locator("fieldset.checklist input[type=checkbox]")
    assert checklist.count() == len(labels.CHECKLIST)
    for item in checklist.all():  # each item starts unticked: the technician confirms it on the spot
        assert not item.is_checked()
        item.check()
    _fits_the_phone(page)
    _shoot(page, "06-technician-check-in")
    arrive = page.locator(f"form[action='/orders/{order.pk}/arrive/'] button[type=submit]")
    _submit(page, arrive, f"{base}/orders/{order.pk}/")
    assert _status(order) == "arrived"
    assert order.arrival_checklist == dict.fromkeys(labels.CHECKLIST, True)

    complete = page.locator(f"form[action='/orders/{order.pk}/complete/']")
    complete.locator("textarea[name=notes]").fill("更换下水管接口密封圈,试水 10 分钟无渗漏")
    _fits_the_phone(page)
    _shoot(page, "07-technician-complete")
    _submit(page, complete.locator("button[type=submit]"), f"{base}/orders/{order.pk}/")
    assert "已完工" in page.locator(".messages").inner_text()
    assert _status(order) == "completed"
    assert order.completion_notes == "更换下水管接口密封圈,试水 10 分钟无渗漏"
    assert order.completed_at is not None


def _record_visit(page: Page, base: str, order: Order, *, channel: str, score: int, reason: str) -> None:
    """On the visits worklist, open the order's due visit and record it."""
    page.goto(f"{base}/orders/visits/")
    row = page.locator("table tbody tr", has_text=order.number)
    assert row.count() == 1
    row.locator("a.button", has_text="记录回访").click()
    page.wait_for_url(f"{base}/orders/visits/*/")
    page.check(f"input[name=channel][value={channel}]")
    page.check(f"input[name=score][value='{score}']")
    if reason:
        page.fill("textarea[name=reason]", reason)


def _first_visit_scores_two(page: Page, base: str, order: Order, agent: User, tech: User) -> Rectification:
    """Step 4: the visitor agent plans the return visit from the order page and records a 2."""
    page.goto(f"{base}/orders/{order.pk}/")
    plan = page.locator(f"form[action='/orders/{order.pk}/plan_visit/'] button")
    _submit(page, plan, f"{base}/orders/{order.pk}/")
    assert "已安排第1轮回访" in page.locator(".messages").inner_text()
    visit = ReturnVisit.objects.get(order=order)
    assert (visit.round, visit.state, visit.assignee_id, visit.clause) == (1, "due", agent.pk, "p15.r2")

    _record_visit(page, base, order, channel="phone", score=2, reason="洗手盆下方仍有渗水")
    _shoot(page, "08-visit-round-1-score-2")
    _submit(page, page.locator("button[type=submit].primary.big"), f"{base}/orders/visits/")
    assert "已记录" in page.locator(".messages").inner_text()
    visit.refresh_from_db()
    assert (visit.state, visit.score, visit.channel) == ("done", 2, "phone")
    assert visit.reason == "洗手盆下方仍有渗水"
    rectification = Rectification.objects.get(order=order)
    assert (rectification.state, rectification.assignee_id, rectification.visit_id) == (
        "open",
        tech.pk,
        visit.pk,
    )
    assert rectification.clause == "p15.r4"
    assert (
        visit.visited_at is not None and (rectification.due - visit.visited_at).total_seconds() == 24 * 3600
    )
    return rectification


def _technician_rectifies(page: Page, base: str, order: Order, rectification: Rectification) -> None:
    """Step 5a: the rectification is waiting on the technician's phone; they mark it done."""
    page.goto(f"{base}/orders/mine/")
    owed = page.locator("li.mine-card", has_text="整改截止")
    assert owed.count() == 1
    assert "洗手盆下方仍有渗水" in owed.inner_text()
    owed.locator("input[name=notes]").fill("重新安装接口并打胶,已试水")
    _fits_the_phone(page)
    _shoot(page, "09-technician-rectification")
    _submit(page, owed.locator("button", has_text="整改完成"), f"{base}/orders/mine/")
    assert "整改已完成" in page.locator(".messages").inner_text()
    assert page.locator("li.mine-card", has_text="整改截止").count() == 0
    _fits_the_phone(page)
    _shoot(page, "10-technician-rectification-done")
    rectification.refresh_from_db()
    assert (rectification.state, rectification.notes) == ("done", "重新安装接口并打胶,已试水")
    second = rectification.next_visit
    assert second is not None
    assert (second.round, second.state, second.source) == (2, "due", ReturnVisit.Source.RECTIFICATION)


def _revisit_scores_five(page: Page, base: str, order: Order) -> None:
    """Step 5b: the visitor agent records the revisit: 5."""
    _record_visit(page, base, order, channel="visit", score=5, reason="")
    _submit(page, page.locator("button[type=submit].primary.big"), f"{base}/orders/visits/")
    rounds = list(
        ReturnVisit.objects.filter(order=order).order_by("round").values_list("round", "state", "score")
    )
    assert rounds == [(1, "done", 2), (2, "done", 5)]
    assert Rectification.objects.filter(order=order).count() == 1
    page.goto(f"{base}/orders/visits/?state=done")
    assert page.locator("table tbody tr", has_text=order.number).count() == 2
    _shoot(page, "11-visits-done")
    page.goto(f"{base}/orders/{order.pk}/")
    section = page.locator("section", has_text="回访与整改")
    assert "第2轮回访" in section.inner_text() and "已完成" in section.inner_text()
    _shoot(page, "12-order-after-the-loop")


def _kpis_show_it(page: Page, base: str, site: Site) -> None:
    """Step 6: the month's satisfaction (1 of 2) and on-time figures, equal to the stored rows."""
    month = current_month(site)
    start, end = month.bounds(in_force(site).zone)
    visits = ReturnVisit.objects.filter(order__site=site, visited_at__gte=start, visited_at__lt=end)
    satisfied = visits.filter(score__gte=4).count()
    assert (satisfied, visits.count()) == (1, 2)
    due = Obligation.objects.filter(site=site, kind="deadline", due__gte=start, due__lt=end).exclude(
        state="void"
    )
    subjects = set(due.values_list("subject_id", flat=True))
    on_time = {s for s in subjects if not due.filter(subject_id=s).exclude(state="met").exists()}

    page.goto(f"{base}/reports/kpis/?site={site.pk}&month={month}")
    page.wait_for_function("document.querySelectorAll('.kpi-chart svg').length > 0")
    figures = {figure.metric: figure for figure in kpis(site, month)}
    expected = {
        SATISFACTION: (satisfied, visits.count()),
        ON_TIME: (len(on_time), len(subjects)),
    }
    for metric, (hits, total) in expected.items():
        figure = figures[metric]
        card = page.locator(".kpi-card", has=page.locator(".clause", has_text=figure.clause))
        value = card.locator(".kpi-value .value").inner_text()
        counts = " ".join(card.locator(".counts").inner_text().split())
        assert value == _percent(Decimal(hits) / Decimal(total)), (metric, value)
        assert counts.startswith(f"{hits} / {total}"), (metric, counts)
    assert (
        page.locator(".kpi-card", has=page.locator(".clause", has_text=figures[SATISFACTION].clause))
        .locator(".kpi-value .value")
        .inner_text()
        == "50%"
    )
    page.wait_for_timeout(CHART_ANIMATION_MS)  # ECharts draws its lines over about a second
    _shoot(page, "13-kpis")


def _owner_follows_the_link(page: Page, link: str, tech: User) -> None:
    """The owner's tracking link shows the order completed, and nothing of the staff's phone numbers."""
    page.goto(link)
    assert page.locator(".status").inner_text() == labels.STATUS["completed"]
    steps = page.locator("ol.timeline").inner_text()
    assert all(labels.EVENTS[step] in steps for step in ("created", "dispatched", "arrived", "completed"))
    assert tech.phone and tech.phone not in page.content()
    _fits_the_phone(page)
    _shoot(page, "14-owner-tracking-completed")
