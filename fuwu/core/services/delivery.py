"""Sending the outbox's messages: each is claimed by one worker, sent, and marked sent or retried.

A retry sends nothing twice in the app (a delivery first claims the row with a conditional UPDATE, and only
the claimer sends); a webhook may be sent again if a worker dies after the robot took it and before the row
is marked sent (decision 0004).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import httpx
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fuwu.core.models import Channel, Notification, OutboxMessage, User
from fuwu.core.services import audit
from fuwu.core.services.outbox import enqueue_on_commit

log = logging.getLogger(__name__)

# A worker that dies mid-send leaves its row in `sending`; after this long the sweep retries it.
SENDING_LEASE = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)


class DeliveryError(Exception):
    """The channel refused or failed to take the message; the delivery will be retried."""


def claim(message_id: int, *, now: datetime) -> bool:
    """Take the row for sending; True for exactly one caller, however many workers race."""
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).update(status=OutboxMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def deliver(message_id: int, *, now: datetime | None = None) -> bool:
    """Send one due message if nobody else is; return True if this call sent it."""
    now = now or timezone.now()
    if not claim(message_id, now=now):
        return False
    message = OutboxMessage.objects.select_related("recipient").get(pk=message_id)
    try:
        if message.channel == Channel.IN_APP:
            # The notification and the `sent` mark commit together: exactly once, no network.
            with transaction.atomic():
                _deliver_in_app(message)
                _mark_sent(message, now)
            return True
        # Network I/O happens outside any transaction so no lock is held while we wait.
        _send_external(message)
    except Exception as error:  # any failure of a channel is retried, never lost
        log.warning("outbox %s attempt %s failed: %s", message.pk, message.attempts, error)
        _mark_failed_attempt(message, now, error)
        return False
    with transaction.atomic():
        _mark_sent(message, now)
    return True


def deliver_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Send every message whose time has come; return how many were sent."""
    now = now or timezone.now()
    # Rows stuck in `sending` belong to a worker that died; give them back to the queue.
    OutboxMessage.objects.filter(
        status=OutboxMessage.Status.SENDING, claimed_at__lt=now - SENDING_LEASE
    ).update(status=OutboxMessage.Status.PENDING, next_attempt_at=now)
    due = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(1 for message_id in due if deliver(message_id, now=now))


def _deliver_in_app(message: OutboxMessage) -> None:
    recipient = message.recipient or User.objects.get(pk=int(message.target))
    Notification.objects.get_or_create(
        outbox_message=message,
        defaults={
            "recipient": recipient,
            "subject": message.subject[:200],
            "body": message.body,
            "url": str(message.payload.get("url", "")),
        },
    )


def _send_external(message: OutboxMessage) -> None:
    if message.channel == Channel.EMAIL:
        send_mail(message.subject, message.body, None, [message.target], fail_silently=False)
        return
    if message.channel in (Channel.WECOM, Channel.DINGTALK):
        _post_robot(message.target, _robot_text(message))
        return
    raise DeliveryError(f"unknown channel {message.channel!r}")


def _robot_text(message: OutboxMessage) -> str:
    parts = [message.subject, message.body]
    return "\n".join(part for part in parts if part)


def _post_robot(url: str, content: str) -> None:
    """POST a text message to a WeCom or DingTalk group robot (both take the same JSON shape)."""
    payload = {"msgtype": "text", "text": {"content": content}}
    response = httpx.post(url, json=payload, timeout=settings.FUWU_WEBHOOK_TIMEOUT_SECONDS)
    if not response.is_success:
        raise DeliveryError(f"HTTP {response.status_code}: {response.text[:300]}")
    # Both robots answer 200 with {"errcode": N, "errmsg": …} and a non-zero code on refusal.
    try:
        data: Any = response.json()
    except ValueError:
        return
    if isinstance(data, dict) and data.get("errcode", 0) not in (0, "0"):
        raise DeliveryError(f"errcode {data.get('errcode')}: {data.get('errmsg', '')}")


def _transition(message: OutboxMessage, *, action: str | None, actor: User | None, **fields: Any) -> None:
    """Change the row in one UPDATE and, when ``action`` names it, append the change to the audit trail."""
    before = audit.snapshot(message)
    OutboxMessage.objects.filter(pk=message.pk).update(**fields)
    message.refresh_from_db()
    if action is not None:
        audit.record(
            actor=actor,
            action=action,
            obj=message,
            before=before,
            after=audit.snapshot(message),
            site=message.site,
        )


def _mark_sent(message: OutboxMessage, now: datetime) -> None:
    _transition(
        message,
        action="outbox.sent",
        actor=None,
        status=OutboxMessage.Status.SENT,
        sent_at=now,
        last_error="",
    )


def _mark_failed_attempt(message: OutboxMessage, now: datetime, error: BaseException) -> None:
    with transaction.atomic():
        message.refresh_from_db()
        if message.attempts >= message.max_attempts:
            status = OutboxMessage.Status.FAILED
            next_at = message.next_attempt_at
        else:
            status = OutboxMessage.Status.PENDING
            backoff = timedelta(seconds=settings.FUWU_OUTBOX_BACKOFF_SECONDS * 2 ** (message.attempts - 1))
            next_at = now + min(backoff, MAX_BACKOFF)
        # Only the final failure is audited: each retry is routine and stays visible on the row itself.
        _transition(
            message,
            action="outbox.failed" if status == OutboxMessage.Status.FAILED else None,
            actor=None,
            status=status,
            next_attempt_at=next_at,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )


def retry_failed(message: OutboxMessage, *, by: User | None) -> OutboxMessage:
    """Give a message that ran out of attempts a fresh set (an administrator's decision)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != OutboxMessage.Status.FAILED:
            return message
        _transition(
            message,
            action="outbox.retry",
            actor=by,
            status=OutboxMessage.Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
        )
        enqueue_on_commit(message.pk)
        return message
