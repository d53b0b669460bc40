"""Customers (客户) and their files: who they are, how to reach them, what they own, and every contact with
them as the regulations count it.

A customer is a person or a company a site serves: an owner of a household (property), a car-service
customer (p16) or a buyer of products (after-sales, p14). Their timeline (``CustomerEvent``) is what the
engine judges for them — contacts, the file made, calls, replies — written by every app that touches a
customer through ``customers.services.timeline``, so the customer's deadlines and windows (p16.b2 file in 2
days, p16.b4/b5 calls, p14.4.1 replies) always come from all of it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.customers.models.households import Household, Owner


class Customer(models.Model):
    """A customer of a site, and their file (客户档案基本资料表): filled in within two days of a car brought
    in or a consultation (p16.b2); ``filed_at`` says when it was made."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Individual")
        COMPANY = "company", _("Company")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(pgettext_lazy("customer", "name"), max_length=100)
    # The number to call first; every number the customer is known by is a CustomerPhone.
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("household"),
    )
    owner = models.ForeignKey(
        Owner, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner")
    )
    # The customer manager (客户经理) who looks after them now (p05.assign); history in ManagerAssignment.
    manager = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer manager"),
    )
    services_wanted = models.CharField(_("services wanted"), max_length=300, blank=True)
    # 送修或来访日期: the last day a car was brought in or the customer came to ask (an imported list's
    # date, then each drop-off or consultation recorded).
    visited_on = models.DateField(_("brought in or visited on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    filed_at = models.DateTimeField(_("file made at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("file made by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "manager"], name="customers_customer_manager"),
            models.Index(fields=["site", "name"], name="customers_customer_name"),
        ]

    def __str__(self) -> str:
        return self.name


class CustomerPhone(models.Model):
    """A number the customer is known by (mobile, home, office); ``digits`` is the number without spaces
    or dashes, the form every search compares."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="phones", verbose_name=_("customer")
    )
    number = models.CharField(_("phone"), max_length=30)
    digits = models.CharField(_("digits"), max_length=30, db_index=True)
    label = models.CharField(_("label"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("customer phone")
        verbose_name_plural = _("customer phones")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["customer", "digits"], name="customers_phone_unique")
        ]

    def __str__(self) -> str:
        return self.number


class Vehicle(models.Model):
    """A car a car-service customer brings in: the file's 车型, 车号, 车种, service interval and next date."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="vehicles", verbose_name=_("customer")
    )
    plate = models.CharField(_("plate"), max_length=20)
    # Upper case without spaces or the middle dot: 浙A·12345 and 浙a 12345 are 浙A12345.
    plate_key = models.CharField(_("plate as compared"), max_length=20, db_index=True)
    model = models.CharField(_("model"), max_length=50, blank=True)
    vehicle_type = models.CharField(_("vehicle type"), max_length=30, blank=True)
    service_interval_days = models.PositiveIntegerField(_("service interval (days)"), null=True, blank=True)
    next_service_on = models.DateField(_("next service"), null=True, blank=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self) -> str:
        return self.plate


class Purchase(models.Model):
    """A product the customer bought: the after-sales file kept for every product sold (p14.2.2)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="purchases", verbose_name=_("customer")
    )
    product = models.CharField(_("product"), max_length=100)
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    serial = models.CharField(_("serial number"), max_length=50, blank=True)
    purchased_on = models.DateField(_("purchased on"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")

    def __str__(self) -> str:
        return f"{self.product} {self.purchased_on}"


class ServiceRecord(models.Model):
    """What the company did for the customer (本公司维修保养记录): a repair or a service, and what it cost."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="services", verbose_name=_("customer")
    )
    vehicle = models.ForeignKey(
        Vehicle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("vehicle"),
    )
    day = models.DateField(_("date"))
    work = models.CharField(_("work done"), max_length=300)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, default=0)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["customer", "day"], name="customers_service_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.work}"


class CustomerEvent(models.Model):
    """One fact of the customer's timeline as the engine takes it (append-only): a contact and why
    (``customer.contact``: a car brought in or collected, a consultation, a complaint), the file made
    (``customer.filed``), a follow-up call (``follow_up.call``, its sequence, an emergency) or a reply
    (``customer.replied``). ``ref`` names the row of the app that wrote it (``call:12``, ``complaint:7``)."""

    class Type(models.TextChoices):
        CONTACT = "customer.contact", _("Contact")
        FILED = "customer.filed", _("File made")
        CALL = "follow_up.call", _("Follow-up call")
        REPLIED = "customer.replied", _("Reply")

    class Reason(models.TextChoices):
        DROPOFF = "vehicle_dropoff", _("Car brought in")
        PICKUP = "vehicle_pickup", _("Car collected")
        CONSULTATION = "consultation", _("Consultation")
        COMPLAINT = "complaint", _("Complaint")

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="events", verbose_name=_("customer")
    )
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    at = models.DateTimeField(_("at"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    sequence = models.PositiveSmallIntegerField(_("call number"), null=True, blank=True)
    emergency = models.BooleanField(_("emergency"), default=False)
    ref = models.CharField(_("written by"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer event")
        verbose_name_plural = _("customer events")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["customer", "at"], name="customers_event_customer_at")
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.get_type_display()} {self.at:%Y-%m-%d %H:%M}"


class ManagerAssignment(models.Model):
    """Who looked after the customer when (p05.assign: one named manager, a stable relation, history kept)."""

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("customer")
    )
    manager = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer manager")
    )
    starts_at = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by"))

    class Meta:
        verbose_name = _("manager assignment")
        verbose_name_plural = _("manager assignments")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["customer", "starts_at"], name="customers_assignment_customer")
        ]

    def __str__(self) -> str:
        return f"{self.customer} → {self.manager}"


class Substitution(models.Model):
    """A colleague stands in for an absent customer manager for a time (p16.4): while it runs, the
    absent manager's customers and open tasks are the substitute's; when it ends they move back."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    absent = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("absent manager")
    )
    substitute = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("substitute")
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)
    ended_at = models.DateTimeField(_("handed back at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("assigned by")
    )

    class Meta:
        verbose_name = _("substitution")
        verbose_name_plural = _("substitutions")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["substitute", "ended_at"], name="customers_substitution_open")
        ]

    def __str__(self) -> str:
        return f"{self.substitute} ↔ {self.absent}"
