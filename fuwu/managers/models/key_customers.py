"""Key customers (核心客户, p05.core): the smallest set of a site's customers bringing the clause's share of
revenue over a period, as the engine's library picks them; and each key customer's yearly care plan
(重点客户关怀计划, p14.3.4.8): the customer's needs, and what is done for them, by whom and when."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User
from fuwu.customers.models import Customer


class CoreReview(models.Model):
    """One identification of a site's key customers over [start, end] (both days included): what the
    clause in force chose, with the revenue it was given. The latest review of a site says who is key."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    # The year whose care plans (p14.3.4.8) the chosen customers get.
    year = models.PositiveSmallIntegerField(_("care plans for"))
    share = models.DecimalField(_("share of revenue"), max_digits=5, decimal_places=4)
    revenue = models.DecimalField(_("revenue of the key customers (yuan)"), max_digits=14, decimal_places=2)
    total = models.DecimalField(_("total revenue (yuan)"), max_digits=14, decimal_places=2)
    customers = models.PositiveIntegerField(_("customers with revenue"))
    clause = models.CharField(_("clause"), max_length=30)
    pack_version = models.PositiveIntegerField(_("pack version"))
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("key customer review")
        verbose_name_plural = _("key customer reviews")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "-at"], name="managers_review_site_at")
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.start}–{self.end}"


class KeyCustomer(models.Model):
    """A customer a review chose, with their revenue and rank, and who managed them then."""

    review = models.ForeignKey(
        CoreReview, on_delete=models.PROTECT, related_name="chosen", verbose_name=_("key customer review")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    revenue = models.DecimalField(_("revenue (yuan)"), max_digits=14, decimal_places=2)
    rank = models.PositiveIntegerField(_("rank"))
    manager = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer manager"),
    )

    class Meta:
        verbose_name = _("key customer")
        verbose_name_plural = _("key customers")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["review", "customer"], name="managers_key_customer_unique")
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["customer", "review"], name="managers_key_customer")
        ]

    def __str__(self) -> str:
        return f"{self.customer} #{self.rank}"


class CarePlan(models.Model):
    """A key customer's care plan for a year (p14.3.4.8): their needs as learnt, made by whom and when."""

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    needs = models.TextField(_("the customer's needs"))
    clause = models.CharField(_("clause"), max_length=30)
    pack_version = models.PositiveIntegerField(_("pack version"))
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by"))
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["customer", "year"], name="managers_care_plan_year")
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.year}"


class CareItem(models.Model):
    """One thing a care plan does for the customer: what, who does it, by when, and when it was done."""

    plan = models.ForeignKey(
        CarePlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("care plan")
    )
    what = models.CharField(_("what"), max_length=200)
    who = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("who"))
    due_on = models.DateField(_("by"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("care plan item")
        verbose_name_plural = _("care plan items")

    def __str__(self) -> str:
        return self.what
