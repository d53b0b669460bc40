"""A repair order (报修单) from the owner's report to its close, with its timeline and photos."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User
from fuwu.customers.models import Household


class Tag(models.TextChoices):
    """The digest's order tags: they decide which deadlines bind (p09.2, p10.3.2e/f, p10.3.7, p15.r2)."""

    GENERAL = "general", _("General repair")
    DIFFICULT = "difficult", _("Especially difficult")
    SPECIAL_CRAFT = "special_craft", _("Needs special craft")
    SMALL = "small", _("Small problem")
    LARGE = "large", _("Large problem")
    EMERGENCY = "emergency", _("Emergency")
    BURST_PIPE = "burst_pipe", _("Burst pipe")
    LEAK = "leak", _("Leak")
    POWER_OUTAGE = "power_outage", _("Power cut")
    SAFETY_FACILITY = "safety_facility", _("Safety facility")


class Order(models.Model):
    """One repair request and everything done about it."""

    class Status(models.TextChoices):
        CREATED = "created", _("Received")
        DISPATCHED = "dispatched", _("Dispatched")
        ACCEPTED = "accepted", _("Accepted")
        ARRIVED = "arrived", _("On site")
        COMPLETED = "completed", _("Completed")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        WALK_IN = "walk_in", _("Walk-in")
        QR = "qr", _("QR code")
        API = "api", _("API")
        WECOM = "wecom", _("WeCom")

    class Approval(models.TextChoices):
        NOT_NEEDED = "", _("Not needed")
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="orders", verbose_name=_("site"))
    number = models.CharField(_("number"), max_length=30, unique=True, null=True, blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("household"),
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    tags = models.JSONField(_("tags"), default=list)
    # The tags as ",leak,general,": a plain text column that every database can filter by one tag.
    tag_text = models.CharField(_("tags (text)"), max_length=200, blank=True, editable=False)
    description = models.TextField(_("description"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received at"))
    appointment = models.DateTimeField(_("appointment"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CREATED)
    technician = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_orders",
        verbose_name=_("technician"),
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    arrival_checklist = models.JSONField(_("arrival checklist"), default=dict, blank=True)
    quote_amount = models.DecimalField(
        _("quote (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    quote_items = models.TextField(_("quoted items"), blank=True)
    quote_accepted = models.BooleanField(_("quote accepted"), null=True, blank=True)
    quoted_at = models.DateTimeField(_("quoted at"), null=True, blank=True)
    # p10.3.5: work outside the company's service list waits for the department head. The decision is an
    # approval request of the approvals app (subject "order"); this is its state, copied by its outcome.
    outside_service_list = models.BooleanField(_("outside the service list"), default=False)
    approval = models.CharField(
        _("approval"), max_length=10, choices=Approval.choices, default=Approval.NOT_NEEDED, blank=True
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completion_notes = models.TextField(_("completion notes"), blank=True)
    explanation = models.TextField(_("explanation to the owner"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancel reason"), max_length=300, blank=True)
    rework_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reworks",
        verbose_name=_("rework of"),
    )
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        ordering: ClassVar[list[str]] = ["-received_at", "-id"]
        indexes: ClassVar[list[models.Index]] = [
            # The dispatcher's list: a site's orders newest first, filtered by status, keyset-paginated.
            models.Index(fields=["site", "-received_at", "-id"], name="orders_site_received"),
            models.Index(fields=["site", "status", "-received_at", "-id"], name="orders_site_status"),
            models.Index(fields=["technician", "-received_at", "-id"], name="orders_technician"),
            models.Index(fields=["-received_at", "-id"], name="orders_received"),
            models.Index(fields=["site", "completed_at"], name="orders_site_completed"),
            models.Index(fields=["contact_phone"], name="orders_contact_phone"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~Q(location="") | Q(household__isnull=False), name="orders_order_has_place"
            )
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def place(self) -> str:
        """Where the work is: the household's address, or the location written at intake."""
        return str(self.household) if self.household_id and not self.location else self.location

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.COMPLETED, self.Status.CLOSED, self.Status.CANCELLED)


class OrderEvent(models.Model):
    """One step in an order's timeline: who did what, when. Append-only."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))
    action = models.CharField(_("action"), max_length=30)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering: ClassVar[list[str]] = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.action} {self.at:%Y-%m-%d %H:%M}"


class OrderPhoto(models.Model):
    """A photo of the fault or of the finished work; served only to those who may see the order."""

    class Stage(models.TextChoices):
        REPORT = "report", _("Reported")
        ARRIVAL = "arrival", _("On arrival")
        COMPLETION = "completion", _("Finished work")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="photos", verbose_name=_("order"))
    # A FileField: Pillow is not a dependency; the upload service checks type and size itself.
    image = models.FileField(_("image"), upload_to="orders/%Y/%m/")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("order photo")
        verbose_name_plural = _("order photos")
        ordering: ClassVar[list[str]] = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.stage}"


class Batch(models.Model):
    """Machines returned for repair together (p12.8): repaired within ceil(units ÷ 10) days."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        DELIVERED = "delivered", _("Delivered")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="batches", verbose_name=_("site"))
    customer_name = models.CharField(_("customer"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    units = models.PositiveIntegerField(_("units"))
    received_at = models.DateTimeField(_("received at"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("batch repair")
        verbose_name_plural = _("batch repairs")
        ordering: ClassVar[list[str]] = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.customer_name} ×{self.units}"
