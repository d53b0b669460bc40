"""fuwu.policy is a pure library: importing any of its modules never imports Django."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import fuwu.policy

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(fuwu.policy.__file__).parent


def policy_modules() -> list[str]:
    names = [module.name for module in pkgutil.walk_packages(fuwu.policy.__path__, "fuwu.policy.")]
    return ["fuwu.policy", *sorted(name for name in names if not name.endswith("__main__"))]


def test_importing_every_policy_module_leaves_django_unloaded() -> None:
    modules = policy_modules()
    assert "fuwu.policy.loader" in modules and "fuwu.policy.cli" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_no_source_file_of_fuwu_policy_imports_django() -> None:
    importing = re.compile(r"^\s*(import\s+django\b|from\s+django\b)", re.MULTILINE)
    offenders = [
        str(path) for path in PACKAGE.rglob("*.py") if importing.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
