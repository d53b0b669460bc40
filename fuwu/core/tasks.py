"""Background tasks. Each is a thin wrapper that takes ids and calls a service; all are idempotent.

Tasks import services, never the reverse: the outbox is handed `deliver_outbox` by core's
``AppConfig.ready()``.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from fuwu.core.services import outbox


@db_task(retries=0)
def deliver_outbox(message_id: int) -> bool:
    """Send one outbox message; a second run finds it claimed or sent and does nothing."""
    return _deliver_outbox(message_id)


def _deliver_outbox(message_id: int) -> bool:
    return outbox.deliver(message_id)


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Every minute: retry failed attempts whose backoff has passed and anything missed by a crash."""
    return outbox.deliver_due()
