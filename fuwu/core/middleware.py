"""Language: Chinese unless the user chose English with the switch (or an API client asked for it)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import check_for_language

API_PREFIX = "/api/"


def request_language(request: HttpRequest) -> str:
    """The language a request is answered in: the language cookie (the switch); for the API, then the
    Accept-Language header; otherwise the default, Chinese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    if chosen in supported and check_for_language(chosen):
        return chosen
    if request.path.startswith(API_PREFIX):
        # Django's own reading: the cookie again (refused above), then Accept-Language, then the default.
        return translation.get_language_from_request(request)
    return str(settings.LANGUAGE_CODE)


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but a page ignores the browser's Accept-Language.

    Staff phones and office PCs often report an English browser locale; the company works in
    Chinese, so only an explicit choice (the language cookie set by `set_language`) changes a page's.
    An API client is a program whose integrator chose its Accept-Language: the API honours it
    (decision 0021), and answers Chinese to a client that sends none.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        vary = ("Cookie", "Accept-Language") if request.path.startswith(API_PREFIX) else ("Cookie",)
        patch_vary_headers(response, vary)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# Bilingual on purpose for a page: this middleware answers before the language is chosen. The API's
# answer is in the request's language.
NUL_MESSAGE = "输入中含有空字符(NUL),无法处理 / the input contains a NUL character"


class RefuseNulInputMiddleware:
    """Refuse a request whose parameters or form or JSON body carry a NUL character.

    PostgreSQL cannot store or even compare text with NUL (it raises DataError, a 500), and no person types
    one: the API answers 422 naming the parameter, a page 400; nothing reaches a view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        place = self._nul_place(request)
        if place is None:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            with translation.override(request_language(request)):
                message = translation.gettext(
                    "The input contains a NUL character, which cannot be processed."
                )
            body = json.dumps({"detail": [{"loc": list(place), "msg": message}]}, ensure_ascii=False)
            answer = HttpResponse(body, status=422, content_type="application/json; charset=utf-8")
            patch_vary_headers(answer, ("Cookie", "Accept-Language"))
            return answer
        return HttpResponse(NUL_MESSAGE, status=400, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _nul_place(request: HttpRequest) -> tuple[str, ...] | None:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return ("query", key.replace("\x00", ""))
        content_type = request.content_type or ""
        if request.method in ("POST", "PUT", "PATCH") and content_type in (
            "application/json",
            "application/x-www-form-urlencoded",
        ):
            try:
                raw = request.body
            except RequestDataTooBig:
                return None  # refused by the view's own size check, in the contract's shape
            if b"\x00" in raw or b"\\u0000" in raw.lower():
                return ("body",)
        return None
