from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fuwu.core"
    label = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The task module imports the outbox; the outbox learns of the task here instead of
        # importing it back, so imports between the two go one way.
        from fuwu.core import tasks
        from fuwu.core.services import outbox

        outbox.set_delivery_queue(tasks.deliver_outbox, tasks.deliver_outbox_batch)
