from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    """Approval chains as one mechanism for every app (p10.3.5, p12.15, p14.3.4.7 …): who must approve
    comes from the packs in force, each step is decided by a holder of its role or their delegate."""

    name = "fuwu.approvals"
    label = "approvals"
    verbose_name = _("Approvals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.approvals.deciders import APPROVER_ROLES
        from fuwu.core import navigation

        navigation.register(navigation.NavItem("approvals:queue", _("Approvals"), roles=APPROVER_ROLES))

        from fuwu.approvals.views import waiting_approvals
        from fuwu.core import work

        if waiting_approvals not in work.PROVIDERS:
            work.provider(waiting_approvals)
