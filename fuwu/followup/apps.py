from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    """Follow-up of customers (p16.b3–b8, p16.4, p08): the next contact, calls and letters in their
    registers, requests raised in calls, campaigns, the property services as tasks, stand-ins."""

    name = "fuwu.followup"
    label = "followup"
    verbose_name = _("Follow-up")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import navigation, work
        from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES

        for item in (
            navigation.NavItem("followup:worklist", _("Follow-up"), roles=FOLLOWUP_ROLES, group="followup"),
            navigation.NavItem(
                "followup:requests", _("Customer requests"), roles=FOLLOWUP_ROLES, group="followup"
            ),
            navigation.NavItem("followup:campaigns", _("Campaigns"), roles=FOLLOWUP_ROLES, group="followup"),
            navigation.NavItem(
                "followup:care", _("Property services"), roles=FOLLOWUP_ROLES, group="followup"
            ),
            navigation.NavItem("followup:calls", _("Call register"), roles=FOLLOWUP_ROLES, group="followup"),
            navigation.NavItem(
                "followup:substitutions", _("Stand-ins"), roles=SUPERVISING_ROLES, group="followup"
            ),
        ):
            navigation.register(item)

        from fuwu.followup.views.worklist import open_follow_up

        if open_follow_up not in work.PROVIDERS:
            work.provider(open_follow_up)

        from fuwu.core import demo
        from fuwu.followup import demo as followup_demo

        # The customer files' timeline starts the calls; the managers' assignments say who makes them.
        demo.register("followup", followup_demo.load, after=("customer_files", "managers"))
