from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegulationsConfig(AppConfig):
    """The door to the regulation engine: what is in force where, and the decisions stored from it."""

    name = "fuwu.regulations"
    label = "regulations"
    verbose_name = _("Regulations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fuwu.core import demo
        from fuwu.regulations import demo as regulations_demo

        demo.register("regulations", regulations_demo.load)
