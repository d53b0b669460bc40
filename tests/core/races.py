"""Races between processes: a fresh database they share, and commands started at the same instant.

A TestCase's database is invisible to other processes, so a race runs on its own: a fresh SQLite file, or a
fresh PostgreSQL database when DATABASE_URL names PostgreSQL (CI's second run). Each racer is a worker
script that waits until the wall-clock moment it is given, so the racers hit the row at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def race_database(tmp: Path) -> Iterator[dict[str, str]]:
    """The environment of processes sharing a fresh database (dropped at the end on PostgreSQL)."""
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
    """Run a Python command in the race's environment; its standard output."""
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def race(env: dict[str, str], worker: Path, *racers: Sequence[str]) -> list[str]:
    """Start ``worker`` once per racer (its arguments), each told to act three seconds from now; the last
    line each printed."""
    at = str(time.time() + 3)
    started = [
        subprocess.Popen(
            [sys.executable, str(worker), *args, at],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in racers
    ]
    results = []
    for racer in started:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err[-3000:]
        results.append(out.strip().splitlines()[-1])
    return results
