"""`fuwu policy …` runs without Django; every other subcommand is a Django management command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for fuwu.policy.cli (built elsewhere), so this test depends only on the dispatch.
PROBE = """
import sys, types
fake = types.ModuleType("fuwu.policy.cli")
fake.main = lambda argv: print("policy", argv, "django" in sys.modules) or 3
sys.modules["fuwu.policy.cli"] = fake
import fuwu.policy
fuwu.policy.cli = fake
from fuwu.cli import main
sys.exit(main(["policy", "check", "p01"]))
"""


def _env() -> dict[str, str]:
    return {**os.environ, "FUWU_TESTING": "1"}


def test_policy_is_dispatched_without_importing_django() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3, result.stderr
    assert result.stdout.strip() == "policy ['check', 'p01'] False"


def test_other_subcommands_are_management_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fuwu", "help", "serve"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "--no-worker" in result.stdout
