from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """Employees, shifts, attendance imports and the fines-and-rewards ledger (p01, p04, p06.6, p11)."""

    name = "fuwu.staff"
    label = "staff"
    verbose_name = _("Staff")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import navigation
        from fuwu.core.roles import Role
        from fuwu.staff.selectors import PAYROLL_ROLES
        from fuwu.staff.selectors.appeals import DECIDER_ROLES

        for item in (
            navigation.NavItem("staff:ledger", _("My fines and rewards"), group="staff"),
            navigation.NavItem("staff:leave", _("Leave"), group="staff"),
            navigation.NavItem("staff:attendance", _("Shifts"), group="staff"),
            navigation.NavItem("staff:incidents", _("Incidents"), group="staff"),
            navigation.NavItem("staff:appeals", _("Appeals"), roles=DECIDER_ROLES, group="staff"),
            navigation.NavItem("staff:import", _("Attendance import"), roles=PAYROLL_ROLES, group="staff"),
            navigation.NavItem("staff:month", _("Ledger by month"), roles=PAYROLL_ROLES, group="staff"),
            navigation.NavItem("staff:reviews", _("Reviews"), roles=PAYROLL_ROLES, group="staff"),
            navigation.NavItem("staff:team", _("My team"), roles=frozenset({Role.SUPERVISOR}), group="staff"),
        ):
            navigation.register(item)

        from fuwu.core import work
        from fuwu.staff.views.reviews import open_reviews

        if open_reviews not in work.PROVIDERS:
            work.provider(open_reviews)

        from fuwu.core import demo
        from fuwu.staff import demo as staff_demo

        demo.register("staff", staff_demo.load, after=("orders",))
