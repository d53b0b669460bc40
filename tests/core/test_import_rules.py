"""Imports go one way, so the door to the engine stays a door (issue 6, "One-way imports").

Every module under fuwu/ is parsed with `ast`, never imported, and every import counts: top-level,
function-local and those under `if TYPE_CHECKING:`. The rules:

(a) only fuwu/policy/, fuwu/regulations/ and the `fuwu policy` dispatch (fuwu/cli.py,
    fuwu/__main__.py) import `fuwu.policy`;
(b) nothing under fuwu/core/ imports another fuwu app (`fuwu.<x>` for x other than core, policy);
(c) fuwu's top-level packages and modules (core, customers, policy, urls, …) import each other
    without a cycle;
(d) inside fuwu/core/, modules import each other without a cycle (the outbox and the tasks once
    did: tasks import services, and the outbox is handed its task at startup).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "fuwu"
MAY_IMPORT_POLICY = ("fuwu/policy/", "fuwu/regulations/", "fuwu/cli.py", "fuwu/__main__.py")
CORE_MAY_IMPORT = frozenset({"core", "policy"})


@dataclass(frozen=True)
class Import:
    path: str  # relative to the repository, e.g. fuwu/core/tasks.py
    line: int
    source: str  # the importing module, e.g. fuwu.core.tasks
    target: str  # the imported module, e.g. fuwu.core.services.outbox

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute name of `from <node.module> import …`, relative imports included."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(modules: dict[str, Path]) -> Iterator[Import]:
    """Every import of a fuwu module by a fuwu module, each named by the module it loads."""
    for module, path in modules.items():
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for node in ast.walk(tree):
            targets: list[str]
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, path.name == "__init__.py", node)
                # `from fuwu import policy` loads the module fuwu.policy; `from fuwu.x import name`
                # loads fuwu.x (and fuwu.x.name if that is a module).
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            else:
                continue
            for target in targets:
                if target == "fuwu" or target.startswith("fuwu."):
                    yield Import(relative, node.lineno, module, target)


def _top(module: str) -> str:
    """fuwu.core.services.outbox → core; fuwu itself (its __init__) → fuwu."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "fuwu"


# `from x import A, B` is one import of x, reported once.
IMPORTS = list(dict.fromkeys(_imports(_modules())))


def _report(rule: str, broken: list[Import]) -> str:
    return rule + ":\n" + "\n".join(f"  {item}" for item in broken)


def test_the_imports_are_read() -> None:
    # A guard against a rule passing because the parser found nothing.
    assert any(
        str(i).startswith("fuwu/core/tasks.py") and i.target == "fuwu.core.services.delivery" for i in IMPORTS
    )
    assert any(i.path.startswith("fuwu/customers/") and _top(i.target) == "core" for i in IMPORTS)


def test_only_the_door_imports_the_policy_engine() -> None:
    broken = [i for i in IMPORTS if _top(i.target) == "policy" and not i.path.startswith(MAY_IMPORT_POLICY)]
    assert not broken, _report(
        "Only fuwu/regulations/ may import fuwu.policy; reach the engine through its services", broken
    )


def test_core_imports_no_app() -> None:
    broken = [i for i in IMPORTS if i.path.startswith("fuwu/core/") and _top(i.target) not in CORE_MAY_IMPORT]
    assert not broken, _report(
        "fuwu/core/ imports no app; let the app register itself from its AppConfig.ready() "
        "(see fuwu.core.navigation, fuwu.core.demo)",
        broken,
    )


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as [a, b, …, a], or None; deterministic (names visited in order)."""
    state: dict[str, str] = {}  # "active" while on the path, "done" after
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "active"
        path.append(node)
        for successor in sorted(graph.get(node, ())):
            if state.get(successor) == "active":
                return [*path[path.index(successor) :], successor]
            if successor not in state and (found := visit(successor)):
                return found
        path.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_top_level_packages_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = {}
    evidence: dict[tuple[str, str], list[Import]] = {}
    for i in IMPORTS:
        edge = (_top(i.source), _top(i.target))
        if edge[0] != edge[1]:
            graph.setdefault(edge[0], set()).add(edge[1])
            evidence.setdefault(edge, []).append(i)
    cycle = _cycle(graph)
    if cycle is None:
        return
    lines = [" → ".join(cycle)]
    for edge in pairwise(cycle):
        shown = evidence[edge][:3]
        more = len(evidence[edge]) - len(shown)
        lines += [f"  {edge[0]} → {edge[1]}:", *(f"    {i}" for i in shown)]
        lines += [f"    … and {more} more"] if more else []
    raise AssertionError("fuwu's top-level packages import each other in a cycle:\n" + "\n".join(lines))


def test_core_modules_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for i in IMPORTS:
        if _top(i.source) == _top(i.target) == "core" and i.source != i.target:
            graph.setdefault(i.source, set()).add(i.target)
    cycle = _cycle(graph)
    assert cycle is None, "fuwu/core/ modules import each other in a cycle: " + " → ".join(cycle or [])


def test_a_cycle_is_found_and_named() -> None:
    assert _cycle({"core": {"customers"}, "customers": {"core"}}) == ["core", "customers", "core"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"b"}}) == ["b", "c", "b"]
    assert _cycle({"customers": {"core"}, "core": set()}) is None
