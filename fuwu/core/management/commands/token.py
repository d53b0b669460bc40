"""`fuwu token USERNAME` prints a new API token for the user; `--revoke` revokes all of theirs."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fuwu.core.api.tokens import issue_token, revoke_tokens
from fuwu.core.models import User


class Command(BaseCommand):
    help = "Print a new REST API token for USERNAME (shown once), or revoke all of the user's tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for, e.g. 呼叫中心")
        parser.add_argument("--revoke", action="store_true", help="revoke every live token of the user")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        if options["revoke"]:
            count = revoke_tokens(user, by=None)
            self.stdout.write(f"revoked {count} token(s) of {username}")
            return
        if not user.is_active:
            raise CommandError(f"{username} is inactive: a token of an inactive user is refused")
        # Only the token on stdout, so `TOKEN=$(fuwu token gm)` works in scripts.
        self.stdout.write(issue_token(user, name=options["name"], by=None).raw)
