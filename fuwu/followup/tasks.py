"""Background work of follow-up: thin wrappers over services, safe to run twice or on several workers."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from fuwu.followup.services import care, occasions, requests


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]  # huey has no hints
def escalate_requests() -> int:
    """Every five minutes: report to the supervisor each request still studied two days after it was
    raised (p16.b4), once."""
    return requests.escalate_due()


@db_periodic_task(crontab(minute="17", hour="*"))  # type: ignore[untyped-decorator]
def property_services() -> tuple[int, int, int]:
    """Every hour: new owners' visits owed (p08.5), the holidays beginning in the next days with their
    greetings, this month's visits of the elderly living alone (p08.15). Each makes a thing once."""
    return (
        care.follow_new_households(),
        occasions.holidays_ahead(),
        occasions.monthly_visits_everywhere(),
    )
