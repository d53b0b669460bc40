"""`fuwu import attendance FILE --site CODE`: the import page's service from a terminal, with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fuwu.core.models import Site, User
from fuwu.staff.services.attendance import ImportRefused, import_attendance


class Command(BaseCommand):
    help = "Import an attendance export (DingTalk, WeCom or ZKTeco) as it was downloaded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["attendance"], help="what the file holds")
        parser.add_argument("file", help="the export: .xlsx, .csv or the clock's attlog.dat")
        parser.add_argument("--site", required=True, help="the site's code")
        parser.add_argument(
            "--source", choices=["dingtalk", "wecom", "zkteco"], help="default: from the file"
        )
        parser.add_argument("--by", help="the username the import is recorded under (default: nobody)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        site = Site.objects.filter(code=options["site"]).first()
        if site is None:
            raise CommandError(f"no site with the code {options['site']!r}")
        by = None
        if options["by"]:
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"no user {options['by']!r}")

        def progress(done: int, of: int) -> None:
            width = 30
            filled = width * done // max(of, 1)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,} / {of:,}", ending="")
            self.stdout.flush()

        try:
            done = import_attendance(
                site=site, data=path.read_bytes(), filename=path.name, source=options["source"], by=by,
                progress=progress,
            )  # fmt: skip
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{path.name} was not imported: {len(refused.problems)} problem(s)"
            ) from refused
        batch = done.batch
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {batch.rows:,} shifts of {batch.employees} people "
                f"({batch.first_day} to {batch.last_day}) from {batch.source}; ledger: "
                f"{done.ledger.added} entries added, {done.ledger.reversed} reversed"
            )
        )
