"""Two HR people close the same month at the same instant, from two processes: exactly one succeeds and the
other hears that the month is closed already; the month has one close and one set of payroll lines.

Runs on the database the suite runs on (a fresh SQLite file, or a fresh PostgreSQL database when
DATABASE_URL names PostgreSQL), as tests/orders/test_order_race.py does: a TestCase's database is
invisible to other processes.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.races import race, race_database, run

WORKER = Path(__file__).with_name("close_race_worker.py")
COUNT = (
    "from fuwu.staff.models import LedgerEntry, MonthClose, PayrollLine; "
    "print(MonthClose.objects.count(), PayrollLine.objects.count(), LedgerEntry.objects.count())"
)


def test_two_closes_at_once_one_closes_and_the_other_hears_why(tmp_path: Path) -> None:
    with race_database(tmp_path) as env:
        run(env, "manage.py", "migrate", "-v", "0")
        site_id = run(env, str(WORKER), "setup").splitlines()[-1]
        results = race(env, WORKER, ("close", site_id, "h1"), ("close", site_id, "h2"))
        counts = run(env, "manage.py", "shell", "-v", "0", "-c", COUNT).splitlines()[-1].split()
    assert sorted(r.split(" ", 1)[0] for r in results) == ["conflict", "ok"], results
    assert any("已经月结" in r for r in results), results
    # One close, one line; the loser's reconcile left nothing behind (the fine and the bonus deduction).
    assert counts == ["1", "1", "2"], counts
