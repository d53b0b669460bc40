"""All sixteen packs ship, hold every clause id of the digest exactly once, quote the source verbatim,
and every clause can be explained."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from fuwu.policy.cli import explain_clause
from fuwu.policy.registry import shipped_registry

REPO = Path(__file__).resolve().parents[2]


def shared_file(name: str) -> Path:
    """A file of the shared regulations, beside the repository (../shared/regulations)."""
    for shared in (Path(__file__).parents[2].parent / "shared", (REPO / ".." / "shared").resolve()):
        if (shared / "regulations" / name).exists():
            return shared / "regulations" / name
    pytest.skip(f"../shared/regulations/{name} is not available")


def digest_clause_ids() -> list[str]:
    digest = shared_file("digest.md").read_text(encoding="utf-8")
    section = digest.split("## Every clause id", 1)[1]
    block = re.search(r"```\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the digest's clause id list is not a fenced block"
    return block.group(1).split()


def test_all_sixteen_packs_load() -> None:
    assert shipped_registry().pack_ids() == [f"p{n:02d}" for n in range(1, 17)]


def test_every_clause_id_of_the_digest_is_in_exactly_one_shipped_pack() -> None:
    expected = digest_clause_ids()
    assert len(expected) > 200
    owners: Counter[str] = Counter()
    for pack_id, packs in shipped_registry().versions.items():
        ids = {clause.id for pack in packs for clause in pack.clauses}
        for clause_id in ids:
            owners[clause_id] += 1
            assert clause_id.startswith(pack_id + ".")
    missing = [clause_id for clause_id in expected if owners[clause_id] == 0]
    twice = [clause_id for clause_id in expected if owners[clause_id] > 1]
    unexpected = sorted(set(owners) - set(expected))
    assert (missing, twice, unexpected) == ([], [], [])


def test_every_clause_text_occurs_in_the_source_line_by_line() -> None:
    seed = shared_file("seed-zh.md").read_text(encoding="utf-8")
    not_found = [
        f"{clause.id}: {line.strip()}"
        for pack in shipped_registry().packs()
        for clause in pack.clauses
        for line in clause.text.splitlines()
        if line.strip() and line.strip() not in seed
    ]
    assert not_found == []


def test_explain_answers_for_every_clause_id_of_the_digest() -> None:
    for clause_id in digest_clause_ids():
        text = explain_clause(clause_id)
        assert text.startswith(clause_id + " ")
        assert "\ntext:\n" in text
