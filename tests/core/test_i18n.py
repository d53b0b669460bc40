"""Chinese by default, whatever the browser says; English after the switch."""

from __future__ import annotations

from django.test import Client, TestCase


class LanguageTests(TestCase):
    def test_login_page_is_chinese_by_default_even_for_an_english_browser(self) -> None:
        client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
        page = client.get("/login/").content.decode()
        assert '<html lang="zh-hans">' in page
        assert "登录服务管理系统" in page and "用户名" in page and "密码" in page

    def test_switching_to_english_and_back(self) -> None:
        client = Client()
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
        assert response.status_code == 302
        page = client.get("/login/").content.decode()
        assert "Log in to Fuwu" in page and "Username" in page
        client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
        assert "登录服务管理系统" in client.get("/login/").content.decode()

    def test_a_wrong_password_is_explained_in_chinese(self) -> None:
        page = Client().post("/login/", {"username": "nobody", "password": "x"}).content.decode()
        assert "用户名或密码不正确" in page
