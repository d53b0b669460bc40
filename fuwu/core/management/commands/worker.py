"""`fuwu worker`: the background worker (Huey consumer) alone."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run the background worker: outbox delivery and periodic schedules."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.HUEY.get("immediate"):
            raise CommandError("tasks run inline in this configuration (tests); there is nothing to consume")
        call_command("run_huey")
