"""The approvals pages: the approver's queue, a request with its history and decision, delegations."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fuwu.approvals.selectors import waiting_count
from fuwu.core.models import User
from fuwu.core.work import WorkItem


def waiting_approvals(user: User) -> list[WorkItem]:
    """Open work: the steps waiting for the user's decision (in their own right or as a delegate)."""
    return [WorkItem(_("Approvals waiting for you"), waiting_count(user), reverse("approvals:queue"))]
