"""`fuwu import attendance FILE --site CODE [--source NAME]`: the import page's service from a terminal, with
progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fuwu.core.models import Site, User
from fuwu.staff.mappings import UnknownSource, resolve_source
from fuwu.staff.services.attendance import ImportRefused, import_attendance

WIDTH = 30  # characters of the progress bar
SIDES = {"export": "in the file only", "fuwu": "approved in Fuwu only", "kind": "another kind"}
LISTED = 20  # disagreements and leave differences written out (the import page lists them all)


class Command(BaseCommand):
    help = "Import an attendance export (DingTalk, WeCom, ZKTeco, or a saved column mapping) as downloaded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["attendance"], help="what the file holds")
        parser.add_argument("file", help="the export: .xlsx, .csv or the clock's attlog.dat")
        parser.add_argument("--site", required=True, help="the site's code")
        parser.add_argument(
            "--source",
            help="dingtalk, wecom, zkteco or a saved column mapping's name (default: from the file)",
        )
        parser.add_argument("--by", help="the username the import is recorded under (default: nobody)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        site = Site.objects.filter(code=options["site"]).first()
        if site is None:
            raise CommandError(f"no site with the code {options['site']!r}")
        try:
            resolve_source(options["source"])
        except UnknownSource as unknown:
            raise CommandError(
                f"--source {options['source']!r}: neither dingtalk, wecom, zkteco nor a saved column mapping"
            ) from unknown
        by = None
        if options["by"]:
            by = User.objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"no user {options['by']!r}")

        def bar(what: str) -> Any:
            def progress(done: int, of: int) -> None:
                filled = WIDTH * done // max(of, 1)
                line = f"\r{what} [{'#' * filled}{'.' * (WIDTH - filled)}] {done:,} / {of:,}"
                self.stdout.write(line, ending="\n" if done >= of else "")
                self.stdout.flush()

            return progress

        try:
            done = import_attendance(
                site=site, data=path.read_bytes(), filename=path.name, source=options["source"], by=by,
                progress=bar("shifts"), judging=bar("people"),
            )  # fmt: skip
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{path.name} was not imported: {len(refused.problems)} problem(s)"
            ) from refused
        batch = done.batch
        comparison = done.comparison
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {batch.rows:,} shifts of {batch.employees} people "
                f"({batch.first_day} to {batch.last_day}) from {batch.source}; ledger: "
                f"{done.ledger.added} entries added, {done.ledger.reversed} reversed"
            )
        )
        self.stdout.write(
            f"{len(comparison.disagreements)} day(s) where the vendor's verdict and Fuwu's disagree; "
            f"{len(comparison.leave)} leave difference(s) with Fuwu's approved leave"
        )
        for item in comparison.disagreements[:LISTED]:
            fuwu = "; ".join(item.fuwu) or "no fine or deduction"
            self.stdout.write(
                f"  {item.date} {item.name} {item.number}: vendor {'、'.join(item.vendor)}; Fuwu {fuwu}"
            )
        for leave in comparison.leave[:LISTED]:
            side = SIDES.get(leave.side, leave.side)
            self.stdout.write(
                f"  {leave.first} to {leave.last} {leave.name} {leave.number}: {side} "
                f"(file: {leave.export_kind or '-'}, Fuwu: {leave.fuwu_kind or '-'})"
            )
