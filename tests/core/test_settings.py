"""Settings: SQLite runs in WAL mode by default, and production settings pass `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, *code.split("\0")],
        cwd=ROOT,
        env={**clean, "FUWU_TESTING": "0", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "Z9-x_Q7%L2mvP0!rT5@bN8&cE3*hW6^" + "j" * 20,
        "ALLOWED_HOSTS": "fuwu.example.com",
        "FUWU_VAR_DIR": str(tmp_path),
    }
    result = _run("manage.py\0check\0--deploy\0--fail-level\0WARNING", env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path: Path) -> None:
    code = (
        "-c\0"
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='fuwu.settings'; django.setup()\n"
        "from django.db import connection\n"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = _run(code, {"FUWU_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]
