"""The shell's pages: home, notifications, sites, and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import signed_in_user
from fuwu.core.models import Membership, Notification
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.core.services import notifications as notices
from fuwu.core.work import open_work_for

HOME_NOTIFICATION_LIMIT = 10


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    notifications = list(Notification.objects.filter(recipient=user)[:HOME_NOTIFICATION_LIMIT])
    unread_count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    context = {
        "notifications": notifications,
        "unread_count": unread_count,
        "open_work": open_work_for(user),
        "roles": [role for role in Role if role in user.roles()],
    }
    return render(request, "core/home.html", context)


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    rows = list(Notification.objects.filter(recipient=user)[:200])
    return render(request, "core/notifications.html", {"notifications": rows})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    # Another user's notification is simply not found: its existence is not disclosed.
    notification = get_object_or_404(Notification, pk=pk, recipient=user)
    notices.mark_read(notification, by=user)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/partials/notification.html", {"n": notification})
    return redirect(request.POST.get("next") or "notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notices.mark_all_read(signed_in_user(request))
    return redirect("notifications")


@login_required
@require_GET
def sites(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    visible = sites_visible_to(user).prefetch_related(
        Prefetch(
            "membership_set",
            queryset=Membership.objects.select_related("user")
            .prefetch_related("user__groups")
            .filter(user__is_active=True)
            .order_by("user__username"),
        )
    )
    return render(request, "core/sites.html", {"sites": list(visible)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Public liveness check for load balancers: the process answers and the database responds."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return JsonResponse({"status": "error", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
