"""Returns and exchanges (退货、换货, p12.15, p14.3.4.7): registered with the customer's facts, approved
through the approval chain (the general manager; above the pack's amount the general manager's office
meeting), then carried out — returned goods back into the parts store and the refund from the
department's account, or the replacement issued. Without approval the costs fall on the customer (p12.15),
which the request records."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.aftersales.models.complaints import Complaint
from fuwu.aftersales.models.parts import Part
from fuwu.core.models import Site, User
from fuwu.customers.models import Customer, Purchase


class ReturnRequest(models.Model):
    class Kind(models.TextChoices):
        RETURN = "return", _("Return")
        EXCHANGE = "exchange", _("Exchange")

    class State(models.TextChoices):
        AWAITING = "awaiting", pgettext_lazy("return", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("return", "Approved")
        REFUSED = "refused", pgettext_lazy("return", "Refused")
        WITHDRAWN = "withdrawn", pgettext_lazy("return", "Closed without approval")
        DONE = "done", pgettext_lazy("return", "Carried out")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    purchase = models.ForeignKey(
        Purchase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("purchase"),
    )
    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        verbose_name=_("complaint"),
    )
    customer_name = models.CharField(_("customer name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    product = models.CharField(_("product"), max_length=100, blank=True)
    grade = models.CharField(_("product grade"), max_length=30, blank=True)
    purchased_on = models.DateField(_("purchased on"), null=True, blank=True)
    content = models.CharField(_("the problem"), max_length=1000)
    # What it costs the company: the refund of a return, the value of the replacement of an exchange. The
    # approver follows from it (p14.3.4.7: above the pack's amount, the general manager's office meeting).
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    part = models.ForeignKey(
        Part, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("part")
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.AWAITING)
    # The approval request in fuwu.approvals that decides it.
    approval_id = models.BigIntegerField(_("approval"), null=True, blank=True)
    approver_role = models.CharField(_("approved by role"), max_length=40, blank=True)
    approval_clause = models.CharField(_("approval clause"), max_length=20, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # p12.15: a return without the general manager's approval is at the customer's cost.
    costs_to_customer = models.BooleanField(_("costs fall on the customer"), default=False)
    costs_clause = models.CharField(_("costs clause"), max_length=20, blank=True)
    costs_note = models.CharField(_("why"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    done_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried out by"),
    )
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("return or exchange")
        verbose_name_plural = _("returns and exchanges")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "recorded_at"], name="aftersales_return_site_at"),
            models.Index(fields=["site", "state"], name="aftersales_return_state"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.customer_name} {self.amount}"
