from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    """Repair orders and return visits (p09, p10, p12.8–9, p15)."""

    name = "fuwu.orders"
    label = "orders"
    verbose_name = _("Repair orders")
    default_auto_field = "django.db.models.BigAutoField"
