"""Two people close one order at the same instant, from two processes: exactly one succeeds.

Runs on the database the suite runs on: a fresh SQLite file, or a fresh PostgreSQL database when
DATABASE_URL names PostgreSQL (CI's second run), since the test database of a TestCase is invisible to
other processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("race_worker.py")


@contextmanager
def race_database(tmp: Path) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fuwu.settings",
        "FUWU_TESTING": "0",
        "FUWU_VAR_DIR": str(tmp),
    }
    env["PYTHONPATH"] = str(ROOT)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    name = f"fuwu_race_{uuid.uuid4().hex[:10]}"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield env
    finally:
        with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_two_closers_at_once_one_wins_and_one_hears_why(tmp_path: Path) -> None:
    with race_database(tmp_path) as env:
        run(env, "manage.py", "migrate", "-v", "0")
        order_id = run(env, str(WORKER), "setup").splitlines()[-1]
        at = str(time.time() + 3)
        racers = [
            subprocess.Popen(
                [sys.executable, str(WORKER), "close", order_id, who, at],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for who in ("d1", "d2")
        ]
        results = []
        for racer in racers:
            out, err = racer.communicate(timeout=120)
            assert racer.returncode == 0, err[-3000:]
            results.append(out.strip())
    assert sorted(r.split(" ", 1)[0] for r in results) == ["conflict", "ok"], results
    assert any("不能关闭" in r for r in results), results
