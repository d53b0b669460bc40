"""A pack version is chosen by the date of an event; two files may not claim the same version or day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fuwu.policy.composition import compose
from fuwu.policy.errors import PolicyError
from fuwu.policy.registry import Registry, shipped_pack_files, shipped_registry
from fuwu.policy.schema import Fine

P01 = next(path for path in shipped_pack_files() if path.name == "p01.yaml")


def second_version(
    tmp_path: Path, version: int = 2, effective: str = "2026-07-01", name: str = "p01.v2.yaml"
) -> Path:
    """Write p01 as a later version in which 仪容仪表 (p01.1) costs 15 元 instead of 10."""
    text = P01.read_text(encoding="utf-8")
    text = text.replace("version: 1\n", f"version: {version}\n", 1).replace(
        "effective: 2026-01-01\n", f"effective: {effective}\n", 1
    )
    text = text.replace('- {type: fine, amount: "10.00"}', '- {type: fine, amount: "15.00"}', 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fine_of_p01_1(registry: Registry, day: dt.date) -> str | None:
    policy = compose(["p01"], registry=registry)
    found = policy.clause_at("p01.1", day)
    if found is None:
        return None
    rule = found[1].rules[0]
    assert isinstance(rule, Fine)
    return str(rule.amount)


def test_pack_at_picks_the_version_in_force_on_the_day(tmp_path: Path) -> None:
    registry = Registry.from_paths([P01, second_version(tmp_path)])
    policy = compose(["p01"], registry=registry)
    assert [pack.version for pack in policy.versions["p01"]] == [1, 2]
    assert policy.pack_at("p01", dt.date(2025, 12, 31)) is None
    assert policy.pack_at("p01", dt.date(2026, 1, 1)).version == 1  # type: ignore[union-attr]
    assert policy.pack_at("p01", dt.date(2026, 6, 30)).version == 1  # type: ignore[union-attr]
    assert policy.pack_at("p01", dt.date(2026, 7, 1)).version == 2  # type: ignore[union-attr]
    assert fine_of_p01_1(registry, dt.date(2026, 6, 30)) == "10.00"
    assert fine_of_p01_1(registry, dt.date(2026, 7, 1)) == "15.00"


def test_versions_are_sorted_by_date_whatever_the_file_order(tmp_path: Path) -> None:
    earlier = second_version(tmp_path, version=2, effective="2025-01-01", name="a_p01_old.yaml")
    registry = Registry.from_paths([P01, earlier])
    assert [pack.effective for pack in registry.versions["p01"]] == [dt.date(2025, 1, 1), dt.date(2026, 1, 1)]


def test_find_clause_answers_from_the_newest_version(tmp_path: Path) -> None:
    newer = second_version(tmp_path)
    registry = Registry.from_paths([P01, newer])
    pack, clause = registry.find_clause("p01.1")
    assert (pack.version, clause.id) == (2, "p01.1")
    assert registry.path_of(pack) == str(newer)
    with pytest.raises(KeyError):
        registry.find_clause("p01.99")


def test_the_same_version_in_two_files_is_refused_naming_both(tmp_path: Path) -> None:
    copy = second_version(tmp_path, version=1, effective="2026-07-01")
    with pytest.raises(PolicyError) as caught:
        Registry.from_paths([P01, copy])
    message = str(caught.value)
    assert str(P01) in message and str(copy) in message
    assert "p01 version 1" in message


def test_two_versions_on_the_same_day_are_refused_naming_both(tmp_path: Path) -> None:
    copy = second_version(tmp_path, version=2, effective="2026-01-01")
    with pytest.raises(PolicyError) as caught:
        Registry.from_paths([P01, copy])
    message = str(caught.value)
    assert str(P01) in message and str(copy) in message
    assert "the same day" in message


def test_p04_takes_effect_on_1_november_2011() -> None:
    registry = shipped_registry()
    (p04,) = registry.versions["p04"]
    assert p04.effective == dt.date(2011, 11, 1)
    policy = compose(["p04"])
    assert policy.pack_at("p04", dt.date(2011, 10, 31)) is None
    assert policy.pack_at("p04", dt.date(2011, 11, 1)) is p04


def test_a_bad_file_among_many_reports_its_own_problems(tmp_path: Path) -> None:
    bad = tmp_path / "p99.yaml"
    bad.write_text("id: p99\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        Registry.from_paths([P01, bad])
    assert {problem.file for problem in caught.value.problems} == {str(bad)}
