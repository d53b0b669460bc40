"""The next contact with a customer (p16.b3: 设计"下一次"服务), planned from their file."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.customers.models import Customer


class ContactPlan(models.Model):
    """What the next contact with a customer is about and when it is made: the customer's likely needs
    (潜在需求), what to say (通话内容) and when (通信时间) — never in the hours p08.23 keeps free unless an
    emergency."""

    class State(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("planned contact", "Planned")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    needs = models.CharField(_("likely needs"), max_length=500)
    content = models.CharField(_("what to say"), max_length=1000)
    planned_at = models.DateTimeField(_("when to contact"))
    emergency = models.BooleanField(_("emergency"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("planned by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("planned contact")
        verbose_name_plural = _("planned contacts")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["customer", "state", "planned_at"], name="followup_plan_customer"),
            # The worklist: the contacts still planned with a manager's customers, an index as small as
            # the planned ones (PostgreSQL read every plan ever made to join them to the customers).
            models.Index(
                fields=["customer", "planned_at"], name="followup_plan_planned", condition=Q(state="planned")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.planned_at:%Y-%m-%d %H:%M}"
