"""Open work on the home page. Each app registers a provider; core's own is failed deliveries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import OutboxMessage, User


@dataclass(frozen=True)
class WorkItem:
    label: Promise | str
    count: int
    url: str


WorkProvider = Callable[[User], list[WorkItem]]
PROVIDERS: list[WorkProvider] = []


def provider(fn: WorkProvider) -> WorkProvider:
    PROVIDERS.append(fn)
    return fn


def open_work_for(user: User) -> list[WorkItem]:
    return [item for fn in PROVIDERS for item in fn(user) if item.count]


@provider
def failed_deliveries(user: User) -> list[WorkItem]:
    """Administrators must look at notices that could not be delivered after every retry."""
    if not user.is_staff:
        return []
    count = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    url = reverse("admin:core_outboxmessage_changelist") + "?status__exact=failed"
    return [WorkItem(_("Notices that could not be delivered"), count, url)]
