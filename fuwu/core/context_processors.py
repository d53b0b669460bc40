from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

from fuwu.core.models import User
from fuwu.core.navigation import menu


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu the signed-in user may open (built when the page shows it) and the languages to switch to."""
    user = getattr(request, "user", None)
    current = get_language()
    others = [
        (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES if code != current
    ]
    if not isinstance(user, User):
        return {"menu": SafeString(""), "other_languages": others}
    return {"menu": SimpleLazyObject(lambda: menu(user, request.path)), "other_languages": others}
