"""Periodic work of the door: thin wrappers over services, safe to run on several workers at once."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from fuwu.regulations import sweep as obligations


@db_periodic_task(crontab(minute="*"))
def sweep_obligations() -> tuple[int, int]:
    """Every minute: reminders before due times, and one notice for each deadline that passed."""
    return obligations.sweep()
