"""In-app notifications read by their recipient: one at a time or all at once, each audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fuwu.core.models import Notification, User
from fuwu.core.services import audit


def mark_read(notification: Notification, *, by: User) -> Notification:
    """Mark one of the user's own notifications read."""
    if notification.recipient_id != by.pk:
        raise PermissionError("a notification can only be read by its recipient")
    with transaction.atomic():
        if notification.read_at is not None:
            return notification
        before = audit.snapshot(notification)
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(
            actor=by,
            action="notification.read",
            obj=notification,
            before=before,
            after=audit.snapshot(notification),
        )
        return notification


def mark_all_read(user: User) -> int:
    """Mark all the user's unread notifications read; return how many changed."""
    with transaction.atomic():
        unread = list(Notification.objects.select_for_update().filter(recipient=user, read_at__isnull=True))
        for notification in unread:
            mark_read(notification, by=user)
        return len(unread)
