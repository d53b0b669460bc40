"""The customers app's open work on the home page: the files a customer manager owes (p16.b2)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.work import WorkItem
from fuwu.customers.selectors.files_due import files_due


def files_due_work(user: User) -> list[WorkItem]:
    """The files assigned to a customer manager that are still to be made (overdue ones included)."""
    if not user.has_role(Role.CUSTOMER_MANAGER):
        return []
    count = files_due(user).filter(assignee=user).count()
    return [WorkItem(_("Customer files to make"), count, reverse("customers:files_due"))]
