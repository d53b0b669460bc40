"""The `fuwu` command: `fuwu policy …` runs the regulation engine; anything else is a Django command."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `fuwu` subcommand and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "policy":
        # The policy engine is pure Python: it must run without Django settings or a database,
        # so Django is never imported on this branch.
        from fuwu.policy.cli import main as policy_main

        return int(policy_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fuwu.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["fuwu", *args])
    return 0
