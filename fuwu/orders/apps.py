from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    """Repair orders and return visits (p09, p10, p12.8–9, p15)."""

    name = "fuwu.orders"
    label = "orders"
    verbose_name = _("Repair orders")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import navigation
        from fuwu.core.roles import Role
        from fuwu.orders.selectors import DISPATCHERS, ORDER_READERS, VISIT_AGENTS

        for item in (
            navigation.NavItem("orders:board", _("Repair orders"), roles=ORDER_READERS, group="orders"),
            navigation.NavItem("orders:new", _("New repair request"), roles=DISPATCHERS, group="orders"),
            navigation.NavItem(
                "orders:mine", _("My orders"), roles=frozenset({Role.TECHNICIAN}), group="orders"
            ),
            navigation.NavItem("orders:visits", _("Return visits"), roles=VISIT_AGENTS, group="orders"),
            navigation.NavItem("orders:batches", _("Batch repairs"), roles=ORDER_READERS, group="orders"),
        ):
            navigation.register(item)

        from fuwu.approvals import services as approvals
        from fuwu.orders.services import approval

        approvals.register_handler(approval.SUBJECT, approval.on_outcome)

        from fuwu.core import demo
        from fuwu.orders import demo as orders_demo

        demo.register("orders", orders_demo.load, after=("customers", "regulations"))
