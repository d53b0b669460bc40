from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """KPIs, dashboards and exports: queries over the stored rows."""

    name = "fuwu.reports"
    label = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import navigation
        from fuwu.reports.params import KPI_READERS

        navigation.register(navigation.NavItem("reports:kpis", _("KPI"), roles=KPI_READERS))
