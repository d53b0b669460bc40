"""A demo user logs in with headless Chromium and reaches the home page (screenshot kept)."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install -y chromium)")
@pytest.mark.django_db(transaction=True)
def test_a_demo_user_reaches_the_home_page(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous, so the async-safety guard would refuse them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("demo", stdout=StringIO())
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="en-US")
            page.goto(f"{live_server.url}/")
            assert page.url.startswith(f"{live_server.url}/login/")
            assert page.locator("h1").inner_text() == "登录服务管理系统"
            page.fill("input[name=username]", "supervisor1")
            page.fill("input[name=password]", "fuwu-demo")
            page.click("button[type=submit].primary")
            page.wait_for_url(f"{live_server.url}/")
            assert "您好，李明" in page.locator("h1").inner_text()
            assert page.locator(".notification").count() == 4  # welcome, staffed, an approval, an appeal
            # htmx is served by the app: marking one read swaps the fragment in place.
            page.locator(".notification.unread button").first.click()
            page.wait_for_function("document.querySelectorAll('.notification.unread').length === 3")
            page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
        finally:
            browser.close()
    assert (ARTIFACTS / "home.png").stat().st_size > 10_000
    assert os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] == "true"
