"""Campaigns (p16.b6: 联谊活动、优惠服务活动、免费服务活动): the customers to tell, by phone at least two
weeks ahead and by letter within two days after. A campaign is its own subject for the regulations."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fuwu.core.models import Site, User
from fuwu.customers.models import Customer


class Campaign(models.Model):
    """A campaign the company decided on, its date, and who tells its customers."""

    class Kind(models.TextChoices):
        SOCIAL = "social", _("Customer get-together")
        DISCOUNT = "discount", _("Discount offer")
        FREE = "free", _("Free service")

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("site"))
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("date of the campaign"))
    decided_at = models.DateTimeField(pgettext_lazy("campaign", "decided at"))
    description = models.CharField(pgettext_lazy("campaign", "description"), max_length=500, blank=True)
    # Letters follow the phone notice where they are needed (p16.b6: 视情况需要); without them only the
    # phone notice is owed.
    letters = models.BooleanField(_("letters sent"), default=True)
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("who tells the customers")
    )
    by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=pgettext_lazy("campaign", "decided by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["site", "date"], name="followup_campaign_site_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.date}"


class CampaignCustomer(models.Model):
    """A customer on a campaign's list, and when they were told by phone and by letter."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="customers", verbose_name=_("campaign")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="+", verbose_name=_("customer")
    )
    phoned_at = models.DateTimeField(_("told by phone at"), null=True, blank=True)
    call = models.ForeignKey(
        "Call",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("follow-up", "call"),
    )
    letter = models.ForeignKey(
        "Letter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("letter"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer of a campaign")
        verbose_name_plural = _("customers of campaigns")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["campaign", "customer"], name="followup_campaign_customer")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.customer}"
