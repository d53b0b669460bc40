from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ManagersConfig(AppConfig):
    """Customer managers (客户经理制, p05): levels, eligibility, selection and appraisal, income into the
    staff ledger, key customers and their care plans (p14.3.4.8)."""

    name = "fuwu.managers"
    label = "managers"
    verbose_name = _("Customer managers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import navigation
        from fuwu.managers.selectors.scope import MANAGER_PAGES

        navigation.register(
            navigation.NavItem(
                "managers:list", _("Customer managers"), roles=MANAGER_PAGES, group="customers"
            )
        )

        from fuwu.core import demo
        from fuwu.managers import demo as managers_demo

        # Customers and their files to assign and review; the staff records the income lines reach.
        demo.register("managers", managers_demo.load, after=("customer_files", "staff"))
