from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "fuwu.customers"
    label = "customers"
    verbose_name = _("Customers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import demo, navigation, work
        from fuwu.customers import demo as customers_demo
        from fuwu.customers import demo_files
        from fuwu.customers.views import HOUSEHOLD_READERS
        from fuwu.customers.views.common import READERS
        from fuwu.customers.work import files_due_work

        for item in (
            navigation.NavItem("customers:list", _("Customers"), roles=READERS, group="customers"),
            navigation.NavItem("customers:lookup", _("Caller lookup"), roles=READERS, group="customers"),
            navigation.NavItem("customers:files_due", _("Files due"), roles=READERS, group="customers"),
            navigation.NavItem(
                "customers:households", _("Households"), roles=HOUSEHOLD_READERS, group="customers"
            ),
        ):
            navigation.register(item)
        work.provider(files_due_work)
        demo.register("customers", customers_demo.load)
        # Files after the sites' regulations are set: a visit's deadlines come from the site's profile.
        demo.register("customer_files", demo_files.load, after=("customers", "regulations"))
