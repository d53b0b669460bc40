"""Complaints (投诉, p14.3.4.7, p14.4) with their investigation, reply and finding, and the quality cases
routed to the technical quality department or, when the quality is disputed, to the inspection body the
contract names (质量投诉处理登记, p14.4.3).

A complaint is a contact on the customer's timeline (``customer.contact``, reason ``complaint``), so the
reply it owes (p14.4.1) is a stored deadline of the customer's; the reply is ``customer.replied``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.aftersales.models.base import AppendOnly, AppendOnlyQuerySet
from fuwu.aftersales.models.registers import Call
from fuwu.core.models import Site, User
from fuwu.customers.models import Customer, CustomerEvent, Purchase
from fuwu.staff.models import Incident


class Complaint(models.Model):
    """A customer's complaint with the facts p14.3.4.7 asks for (customer name, address, contact, product
    grade, purchase date — copied when it is received, as the register keeps them)."""

    class Channel(models.TextChoices):
        PHONE = "phone", pgettext_lazy("complaint channel", "Call")
        LETTER = "letter", pgettext_lazy("complaint channel", "Letter")
        VISIT = "visit", pgettext_lazy("complaint channel", "Visit")

    class Kind(models.TextChoices):
        QUALITY = "quality", pgettext_lazy("complaint kind", "Product quality")
        ATTITUDE = "attitude", _("Staff attitude")
        SUPERVISOR = "supervisor", _("The after-sales supervisor")
        OTHER = "other", _("Other")

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("complaint", "Awaiting reply")
        REPLIED = "replied", pgettext_lazy("complaint", "Replied")

    class Finding(models.TextChoices):
        NONE = "", pgettext_lazy("complaint finding", "Under investigation")
        SUBSTANTIATED = "substantiated", pgettext_lazy("complaint finding", "Substantiated")
        UNFOUNDED = "unfounded", pgettext_lazy("complaint finding", "Unfounded")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
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
    customer_name = models.CharField(_("customer name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=60, blank=True)
    product = models.CharField(_("product"), max_length=100, blank=True)
    grade = models.CharField(_("product grade"), max_length=30, blank=True)
    purchased_on = models.DateField(_("purchased on"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    received_at = models.DateTimeField(_("received at"))
    content = models.CharField(_("the problem"), max_length=1000)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # Whom it is about: a member of staff (attitude) or the after-sales supervisor.
    staff_member = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("about")
    )
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("call")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    reply = models.CharField(_("reply"), max_length=1000, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("replied by")
    )
    finding = models.CharField(_("finding"), max_length=14, choices=Finding.choices, blank=True, default="")
    finding_note = models.CharField(_("finding note"), max_length=500, blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concluded by"),
    )
    incident = models.OneToOneField(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint",
        verbose_name=_("incident"),
    )
    # The facts on the customer's timeline: the contact that owes the reply, and the reply.
    contact_event = models.ForeignKey(
        CustomerEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact event"),
    )
    reply_event = models.ForeignKey(
        CustomerEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reply event"),
    )
    # p12.12: a complaint that is no quality problem is reported to the company when it is recorded.
    reported_at = models.DateTimeField(_("reported to the company at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "received_at"], name="aftersales_complaint_site_at"),
            models.Index(fields=["site", "state"], name="aftersales_complaint_state"),
        ]

    def __str__(self) -> str:
        return f"{self.customer_name} {self.received_at:%Y-%m-%d}"


class ComplaintNote(AppendOnly):
    """One step of the investigation (查清存在的问题, p14.3.4.7), written once."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="notes", verbose_name=_("complaint")
    )
    text = models.CharField(_("note"), max_length=1000)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("investigation note")
        verbose_name_plural = _("investigation notes")

    def __str__(self) -> str:
        return self.text[:40]


class QualityCase(models.Model):
    """A quality complaint routed to the technical quality department, and, when the quality is disputed,
    to the inspection body the contract names, whose conclusion is final (质量投诉处理登记, p14.4.3)."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, related_name="quality_case", verbose_name=_("complaint")
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    routed_at = models.DateTimeField(_("routed at"))
    routed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("routed by")
    )
    opinion = models.CharField(_("technical quality department's opinion"), max_length=1000, blank=True)
    opinion_at = models.DateTimeField(_("opinion given at"), null=True, blank=True)
    disputed = models.BooleanField(_("quality disputed"), default=False)
    inspection_body = models.CharField(_("inspection body"), max_length=200, blank=True)
    sent_to_inspection_at = models.DateTimeField(_("sent for inspection at"), null=True, blank=True)
    conclusion = models.CharField(_("inspection conclusion"), max_length=1000, blank=True)
    concluded_at = models.DateTimeField(_("conclusion received at"), null=True, blank=True)

    class Meta:
        verbose_name = _("quality case")
        verbose_name_plural = _("quality cases")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "routed_at"], name="aftersales_quality_site_at"),
        ]

    def __str__(self) -> str:
        return str(self.complaint)
