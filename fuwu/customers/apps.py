from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "fuwu.customers"
    label = "customers"
    verbose_name = _("Customers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import demo, navigation
        from fuwu.customers import demo as customers_demo
        from fuwu.customers.views import HOUSEHOLD_READERS

        navigation.register(
            navigation.NavItem("customers:households", _("Households"), roles=HOUSEHOLD_READERS)
        )
        demo.register("customers", customers_demo.load)
