"""The user's own API tokens: make one (its secret is shown once, on this answer only), see them, revoke."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fuwu.core.api.tokens import issue_token, revoke_tokens
from fuwu.core.models import ApiToken, User


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_tokens(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    shown = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_tokens(user, by=user)
            return redirect("my_tokens")
        name = request.POST.get("name", "").strip()[:100]
        shown = issue_token(user, name=name, by=user).raw
    tokens = ApiToken.objects.filter(user=user)[:50]
    return render(request, "core/tokens.html", {"tokens": tokens, "shown": shown})
