"""The files due (p16.b2): customers whose file is owed within two days of a car brought in or a
consultation and not made yet — the regulations' stored ``archive`` deadlines still open or breached, the
oldest due first. A customer manager sees the files assigned to them (their own customers', and those of
a colleague they stand in for: the deadlines move with the stand-in); supervisors and the desk their
sites', optionally one manager's."""

from __future__ import annotations

from django.db.models import QuerySet

from fuwu.core.models import User
from fuwu.customers.selectors.customers import CustomerScope, customer_scope
from fuwu.customers.services.timeline import SUBJECT
from fuwu.regulations.models import Obligation

ARCHIVE = "archive"  # what p16.b2's deadline is called
DUE_STATES = (Obligation.State.OPEN, Obligation.State.BREACHED)


def files_due(
    user: User, *, manager: int | None = None, scope: CustomerScope | None = None
) -> QuerySet[Obligation]:
    """The stored file deadlines still owed that ``user`` sees, oldest due first."""
    scope = scope or customer_scope(user)
    if scope.empty:
        return Obligation.objects.none()
    # A breached file made late has its met_at: done, if not in time.
    rows = Obligation.objects.filter(
        subject_type=SUBJECT,
        what=ARCHIVE,
        state__in=DUE_STATES,
        met_at__isnull=True,
        site_id__in=scope.site_ids,
    )
    if scope.managers is not None:
        rows = rows.filter(assignee=user)
    elif manager is not None:
        rows = rows.filter(assignee_id=manager)
    return rows.order_by("due", "id")
