"""Who the after-sales department is at a site: its supervisor (售后主管, p12.14, p12.16b, p12.17) and the
technical quality department's contact who takes quality complaints (p14.4.3)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fuwu.core.models import Site, User


class Desk(models.Model):
    """The after-sales department of a site, set by an administrator. Without a row (or a supervisor on
    it) the site's after-sales supervisor is its only 部门主管, if it has exactly one."""

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, related_name="aftersales_desk", verbose_name=_("site")
    )
    supervisor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("after-sales supervisor"),
    )
    quality_contact = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("technical quality department contact"),
        help_text=_("Told of every quality complaint routed to the technical quality department (p14.4.3)."),
    )

    class Meta:
        verbose_name = _("after-sales department")
        verbose_name_plural = _("after-sales departments")

    def __str__(self) -> str:
        return str(self.site)
