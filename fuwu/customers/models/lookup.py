"""The caller lookup's index: every key a customer is found by (``customers.lookup.keys``), kept by the
services that write customers, their numbers, cars and addresses."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site
from fuwu.customers.models.customers import Customer


class LookupKey(models.Model):
    """One way to find a customer: a suffix of a number or a plate, their name, their flat. A search is
    an equality on ``gram`` (the first characters) at the user's sites, narrowed by ``key`` read from the
    same index, so even a four-digit fragment among millions of numbers reads only the rows it finds."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="lookup_keys", verbose_name=_("customer")
    )
    # The customer's site, copied so that a search is scoped inside the index.
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", db_index=False, verbose_name=_("site")
    )
    gram = models.CharField(_("gram"), max_length=40)
    key = models.CharField(_("key"), max_length=120)

    class Meta:
        verbose_name = _("lookup key")
        verbose_name_plural = _("lookup keys")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["gram", "site", "key", "customer"], name="customers_lookup_gram")
        ]

    def __str__(self) -> str:
        return self.key
