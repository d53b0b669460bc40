from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    """The after-sales department (p12, p14): calls and registers, complaints and their replies, returns
    and exchanges through the approval chain, the parts store and the department's own account, and the
    reports to finance and the general manager."""

    name = "fuwu.aftersales"
    label = "aftersales"
    verbose_name = _("After-sales")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.aftersales.selectors.access import DESK_ROLES, PARTS_ROLES, REPORT_ROLES
        from fuwu.core import navigation

        for item in (
            navigation.NavItem(
                "aftersales:complaints", _("Complaints"), roles=DESK_ROLES, group="aftersales"
            ),
            navigation.NavItem(
                "aftersales:returns", _("Returns and exchanges"), roles=DESK_ROLES, group="aftersales"
            ),
            navigation.NavItem("aftersales:calls", _("Call log"), roles=DESK_ROLES, group="aftersales"),
            navigation.NavItem("aftersales:parts", _("Parts store"), roles=PARTS_ROLES, group="aftersales"),
            navigation.NavItem(
                "aftersales:reports", _("After-sales reports"), roles=REPORT_ROLES, group="aftersales"
            ),
        ):
            navigation.register(item)

        from fuwu.aftersales.services import returns
        from fuwu.approvals import services as approvals

        approvals.register_handler(returns.SUBJECT, returns.on_outcome)

        from fuwu.aftersales import demo as aftersales_demo
        from fuwu.core import demo

        # The store's after-sales customers and their purchases (customer_files), its repair orders made
        # first so ours come after them (orders), and the payroll the complaints' incidents go to, whose
        # own incidents load only into an empty ledger (staff).
        demo.register(
            "aftersales", aftersales_demo.load, after=("customer_files", "orders", "staff", "regulations")
        )
