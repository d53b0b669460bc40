"""`fuwu close month --site CODE --month YYYY-MM --by USERNAME`: the month page's close from a terminal,
with a progress bar."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.staff.months import month_named
from fuwu.staff.services.close import close_month, month_label


class Command(BaseCommand):
    help = "Close a site's payroll month: judge it once more, write the payroll lines, lock it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["month"], help="what to close")
        parser.add_argument("--site", required=True, help="the site's code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument(
            "--by", required=True, help="the HR or general manager's username it is closed by"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        site = Site.objects.filter(code=options["site"]).first()
        if site is None:
            raise CommandError(f"no site with the code {options['site']!r}")
        by = User.objects.filter(username=options["by"]).first()
        if by is None:
            raise CommandError(f"no user {options['by']!r}")
        try:
            month = month_named(options["month"], loc=("month",))
        except Invalid as invalid:
            raise CommandError(invalid.problems[0][1]) from None

        def progress(done: int, of: int) -> None:
            width = 30
            filled = width * done // max(of, 1)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,} / {of:,}", ending="")
            self.stdout.flush()

        try:
            close = close_month(site, month, by=by, progress=progress)
        except Conflict as conflict:
            raise CommandError(conflict.message) from None
        except PermissionDenied as denied:
            raise CommandError(str(denied)) from None
        self.stdout.write("")
        totals = close.totals
        self.stdout.write(
            self.style.SUCCESS(
                f"{site.code} {month_label(month)} closed: {close.employees:,} people, pay {totals['net']} "
                f"(fines {totals['fines']}, deductions {totals['deductions']}, compensation "
                f"{totals['compensation']}, kept by the minimum wage {totals['floor_relief']}); "
                f"{close.needs_review} to review"
            )
        )
