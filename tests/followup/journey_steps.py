"""What the follow-up journey's steps share: the server's clock that the journey moves on by days, the
people, the browser pages (desk and phone), logging in, screenshots and the phone-width check."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.utils import timezone

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "followup-journey"
PASSWORD = "journey-pass"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESK: ViewportSize = {"width": 1366, "height": 900}
SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """The time the live server reads through ``django.utils.timezone.now``: set to a chosen local moment
    and ticking on with real time from there, so the rows of one step keep their order. ``move_to`` only
    goes forward, as days pass in the journey."""

    def __init__(self, start: dt.datetime) -> None:
        self._base = start
        self._since = time.monotonic()

    def now(self) -> dt.datetime:
        moment = self._base + dt.timedelta(seconds=time.monotonic() - self._since)
        return moment.astimezone(dt.UTC)

    def move_to(self, moment: dt.datetime) -> None:
        assert moment >= self.now(), f"the clock does not go back to {moment}"
        self._base, self._since = moment, time.monotonic()


def run_server_on(clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``clock`` the time of everything in this process, the live server included: what reads
    ``timezone.now()`` and the model fields whose default is ``timezone.now`` (bound when the models were
    imported: the outbox's next attempt, the rows' recorded_at)."""
    real = timezone.now
    for model in apps.get_models():
        for found in model._meta.get_fields():
            if getattr(found, "default", None) is real:
                # Field.get_default calls this cached callable; the instance attribute shadows it.
                monkeypatch.setattr(found, "_get_default", clock.now, raising=False)
    monkeypatch.setattr(timezone, "now", clock.now)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """``day`` at the local hour (Asia/Shanghai, the site's zone)."""
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def field(moment: dt.datetime) -> str:
    """A moment as a datetime-local field takes it."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def shown(moment: dt.datetime) -> str:
    """A moment as the lists show it (m-d H:i, local)."""
    return moment.astimezone(SHANGHAI).strftime("%m-%d %H:%M")


def person(site: Site, username: str, name: str, role: Role) -> User:
    user = users.create_user(username=username, password=PASSWORD, display_name=name, roles=[role], by=None)
    sites.add_member(site, user, by=None)
    return user


def open_page(browser: Browser, viewport: ViewportSize) -> Page:
    phone = viewport["width"] < 500
    context = browser.new_context(
        viewport=viewport, device_scale_factor=2 if phone else 1, is_mobile=phone, locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/")


def shoot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a phone"
