"""The notification outbox: messages are written with the change that caused them and sent later
(`fuwu.core.services.delivery` sends them).

A crash between commit and send loses nothing (the row waits for the sweep). Imports go one way:
`fuwu.core.tasks` imports this module, never the reverse. Core's ``AppConfig.ready()`` hands the
background task in through `set_delivery_queue`; each commit that queues a message then asks it to
deliver soon. Without it, nothing is lost: the periodic sweep (`delivery.deliver_due`) sends every
pending row.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from fuwu.core.models import Channel, OutboxMessage, Site, User
from fuwu.core.services import audit
from fuwu.core.services.silence import is_silenced

log = logging.getLogger(__name__)

# Takes a message id and has it delivered soon (core's background task); set at startup.
_delivery_queue: Callable[[int], object] | None = None
# Takes the ids of one transaction's messages and has them all delivered soon by one task; set at startup.
_batch_delivery_queue: Callable[[list[int]], object] | None = None


@dataclass(frozen=True)
class Target:
    channel: Channel
    address: str
    recipient_id: int | None = None


def in_app(user: User | int) -> Target:
    """The person's own notification list; a user or a user's id."""
    pk = user if isinstance(user, int) else user.pk
    return Target(Channel.IN_APP, str(pk), pk)


def email(address: str, recipient: User | None = None) -> Target:
    return Target(Channel.EMAIL, address, recipient.pk if recipient is not None else None)


def wecom(webhook_url: str) -> Target:
    return Target(Channel.WECOM, webhook_url)


def dingtalk(webhook_url: str) -> Target:
    return Target(Channel.DINGTALK, webhook_url)


def notify(
    *,
    targets: list[Target],
    subject: str,
    body: str,
    key: str,
    url: str = "",
    site: Site | None = None,
    by: User | None = None,
) -> list[OutboxMessage]:
    """Queue one message per target in the caller's transaction; a repeated key queues nothing new.

    `key` names the fact being announced (e.g. "order:42:dispatched"), so the same fact is never
    announced twice even if the calling service runs again.
    """
    messages: list[OutboxMessage] = []
    if is_silenced():
        return messages
    with transaction.atomic():
        for target in targets:
            message, created = OutboxMessage.objects.get_or_create(
                idempotency_key=_idempotency_key(key, target),
                defaults={
                    "channel": target.channel,
                    "target": target.address,
                    "recipient_id": target.recipient_id,
                    "site": site,
                    "payload": {"subject": subject, "body": body, "url": url},
                    "max_attempts": settings.FUWU_OUTBOX_MAX_ATTEMPTS,
                },
            )
            if created:
                audit.record_created(
                    message,
                    actor=by,
                    action="outbox.queue",
                    site=site,
                )
                enqueue_on_commit(message.pk)
            messages.append(message)
    return messages


@dataclass(frozen=True)
class Notice:
    """One fact to announce to its targets: what `notify` takes, for `notify_many`."""

    targets: Sequence[Target]
    subject: str
    body: str
    key: str
    url: str = ""
    site: Site | None = None


def notify_many(
    notices: Sequence[Notice], *, by: User | None = None, new_keys: bool = False
) -> list[OutboxMessage]:
    """Queue every notice's messages in the caller's transaction in a few statements; return the new ones.

    The same guarantees as `notify` called once per notice: one message per (key, target), a repeated key
    queues nothing new, each new message has its audit entry, and after the commit the new messages are
    handed to delivery — here as one task for all of them instead of one per message.

    ``new_keys``: every key names a row this transaction created (a new order's "order:42:reported"), so
    none can be queued yet and the messages are inserted at once, without the guard against a taken key.
    """
    if is_silenced():
        return []
    stamp = timezone.now()
    pending: dict[str, OutboxMessage] = {}
    for notice in notices:
        payload = {"subject": notice.subject, "body": notice.body, "url": notice.url}
        for target in notice.targets:
            key = _idempotency_key(notice.key, target)
            # Within one call as across calls, the first notice of a key wins (as `notify` twice would).
            pending.setdefault(
                key,
                OutboxMessage(
                    idempotency_key=key,
                    channel=target.channel,
                    target=target.address,
                    recipient_id=target.recipient_id,
                    site=notice.site,
                    payload=payload,
                    max_attempts=settings.FUWU_OUTBOX_MAX_ATTEMPTS,
                    next_attempt_at=stamp,
                    created_at=stamp,
                ),
            )
    if not pending:
        return []
    messages = list(pending.values())
    created = OutboxMessage.objects.bulk_create(messages) if new_keys else _insert_new(messages, stamp)
    audit.record_many(
        [
            audit.Entry(
                action="outbox.queue",
                obj=message,
                before=None,
                after=audit.snapshot(message),
                actor=by,
                site=message.site,
            )
            for message in created
        ]
    )
    _enqueue_batch_on_commit([message.pk for message in created])
    return created


def _insert_new(messages: list[OutboxMessage], stamp: datetime) -> list[OutboxMessage]:
    """Insert the messages whose key is not queued yet; return those inserted, with their ids, by id.

    Usually every key is new: one INSERT returning the ids, in a savepoint so that a key queued before
    (or by another transaction meanwhile) rolls back only the attempt, never the caller's transaction.
    Then the keys already queued are read and only the others inserted.
    """
    if connection.features.can_return_rows_from_bulk_insert:
        try:
            with transaction.atomic():
                return OutboxMessage.objects.bulk_create(messages)
        except IntegrityError:
            pass
    with transaction.atomic():
        keys = [message.idempotency_key for message in messages]
        taken = set(
            OutboxMessage.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
        )
        fresh = [message for message in messages if message.idempotency_key not in taken]
        # A key another transaction commits between the read above and this insert is skipped by the
        # unique index; the read-back below keeps only this call's rows (this call's keys and its stamp).
        OutboxMessage.objects.bulk_create(fresh, ignore_conflicts=True)
        # Read back only the ids: the rows hold exactly what `fresh` holds (model defaults included).
        inserted = dict(
            OutboxMessage.objects.filter(
                idempotency_key__in=[message.idempotency_key for message in fresh], created_at=stamp
            ).values_list("idempotency_key", "id")
        )
    created = [message for message in fresh if message.idempotency_key in inserted]
    for message in created:
        message.pk = inserted[message.idempotency_key]
        message._state.adding, message._state.db = False, OutboxMessage.objects.db
    created.sort(key=lambda message: message.pk)
    return created


def _idempotency_key(key: str, target: Target) -> str:
    # Webhook URLs are long; a digest keeps the key short without two targets ever sharing one.
    digest = hashlib.sha256(target.address.encode()).hexdigest()[:24]
    return f"{key[:150]}:{target.channel}:{digest}"


def set_delivery_queue(
    enqueue: Callable[[int], object], batch: Callable[[list[int]], object] | None = None
) -> None:
    """Name what delivers a message soon after its commit, and what delivers a batch of them (called
    once, from core's ready()); without a batch task, a batch is handed over one message at a time."""
    global _delivery_queue, _batch_delivery_queue
    _delivery_queue = enqueue
    _batch_delivery_queue = batch


def enqueue_on_commit(message_id: int) -> None:
    """After the commit, ask the background task to deliver the message soon (if one was set)."""
    enqueue = _delivery_queue
    if enqueue is not None:
        transaction.on_commit(lambda: enqueue(message_id))


def _enqueue_batch_on_commit(message_ids: list[int]) -> None:
    if not message_ids:
        return
    batch = _batch_delivery_queue
    if batch is not None:
        transaction.on_commit(lambda: batch(message_ids))
        return
    for message_id in message_ids:
        enqueue_on_commit(message_id)
