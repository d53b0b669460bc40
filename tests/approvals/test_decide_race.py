"""Two general managers approve one step at the same instant, from two processes: one decision, one 409.

Runs on a database of its own, of the kind the suite runs on (tests.core.races)."""

from __future__ import annotations

from pathlib import Path

from tests.core.races import race, race_database, run

WORKER = Path(__file__).with_name("race_worker.py")


def test_two_deciders_at_once_give_one_decision(tmp_path: Path) -> None:
    with race_database(tmp_path) as env:
        run(env, "manage.py", "migrate", "-v", "0")
        chain_id = run(env, str(WORKER), "setup").splitlines()[-1]
        results = race(env, WORKER, ("decide", chain_id, "gm1"), ("decide", chain_id, "gm2"))
        steps = run(
            env,
            "manage.py",
            "shell",
            "-c",
            "from fuwu.approvals.models import ApprovalStep as S; "
            f"print(S.objects.filter(request_id={chain_id}, state='approved').count())",
        )
    assert sorted(r.split(" ", 1)[0] for r in results) == ["conflict", "ok"], results
    assert any("已被处理" in r for r in results), results
    assert steps.splitlines()[-1] == "1"
