"""Background tasks. Each is a thin wrapper that takes ids and calls a service; all are idempotent.

Tasks import services, never the reverse: the outbox is handed `deliver_outbox` by core's
``AppConfig.ready()``.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from fuwu.core.services import delivery, silence


@db_task(retries=0)
def deliver_outbox(message_id: int) -> bool:
    """Send one outbox message; a second run finds it claimed or sent and does nothing."""
    return _deliver_outbox(message_id)


def _deliver_outbox(message_id: int) -> bool:
    return delivery.deliver(message_id)


@db_task(retries=0)
def deliver_outbox_batch(message_ids: list[int]) -> int:
    """Send the messages one transaction queued (one task instead of one per message); return how many
    this run sent. Each is claimed before it is sent, so a second run, or the sweep, sends none twice."""
    return _deliver_outbox_batch(message_ids)


def _deliver_outbox_batch(message_ids: list[int]) -> int:
    if silence.is_silenced():
        return 0
    return sum(1 for message_id in message_ids if delivery.deliver(message_id))


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: retry failed attempts whose backoff has passed and anything missed by a crash."""
    return delivery.deliver_due()
