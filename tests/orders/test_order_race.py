"""Two people close one order at the same instant, from two processes: exactly one succeeds.

Runs on a database of its own, of the kind the suite runs on (tests.core.races).
"""

from __future__ import annotations

from pathlib import Path

from tests.core.races import race, race_database, run

WORKER = Path(__file__).with_name("race_worker.py")


def test_two_closers_at_once_one_wins_and_one_hears_why(tmp_path: Path) -> None:
    with race_database(tmp_path) as env:
        run(env, "manage.py", "migrate", "-v", "0")
        order_id = run(env, str(WORKER), "setup").splitlines()[-1]
        results = race(env, WORKER, ("close", order_id, "d1"), ("close", order_id, "d2"))
    assert sorted(r.split(" ", 1)[0] for r in results) == ["conflict", "ok"], results
    assert any("不能关闭" in r for r in results), results
