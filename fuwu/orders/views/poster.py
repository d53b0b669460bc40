"""The printable QR poster of a site's public report page (a maintained QR library, inline SVG)."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from fuwu.core.access import role_required
from fuwu.core.scoping import sites_visible_to
from fuwu.orders.views.common import DESK


@login_required
@role_required(DESK)
@require_GET
def poster(request: HttpRequest, code: str) -> HttpResponse:
    site = get_object_or_404(sites_visible_to(request.user), code=code)
    url = request.build_absolute_uri(reverse("public:report", args=[site.code]))
    qr = segno.make(url, error="m")
    # segno writes the SVG itself from the URL; nothing user-typed reaches the markup unescaped.
    svg = mark_safe(qr.svg_inline(scale=10, dark="#1f2933", omitsize=True))
    return render(request, "orders/poster.html", {"site": site, "url": url, "svg": svg})
