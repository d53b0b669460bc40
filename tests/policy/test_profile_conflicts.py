"""Two clauses claiming the same fact need a stated precedence, or the profile is refused when loaded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from fuwu.policy.composition import compose, load_policy
from fuwu.policy.errors import PolicyError
from fuwu.policy.reader import load_profile
from fuwu.policy.registry import shipped_profile
from fuwu.policy.schema import Profile


def profile(**fields: object) -> Profile:
    return Profile.model_validate({"id": "test", "title": "测试", "packs": ["p01", "p04"], **fields})


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "company.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_p01_with_p04_is_refused_naming_each_fact_and_both_clauses() -> None:
    with pytest.raises(PolicyError) as caught:
        compose(["p01", "p04"])
    messages = [problem.message for problem in caught.value.problems]
    assert len(messages) == 3
    assert messages[0].startswith("attendance.absence is claimed by p01.3.3 and p04.9")
    assert messages[1].startswith("attendance.consecutive_absence is claimed by p01.3.3 and p04.9")
    assert messages[2].startswith("leave.unnotified is claimed by p01.3.2 and p04.9")


def test_a_stated_precedence_resolves_the_conflict() -> None:
    precedence = {
        "attendance.absence": "p01.3.3",
        "attendance.consecutive_absence": "p04.9",
        "leave.unnotified": "p04.9",
    }
    policy = compose([], profile(precedence=precedence))
    assert policy.precedence == precedence
    assert policy.yields_fact("p04.9", "attendance.absence")
    assert not policy.yields_fact("p01.3.3", "attendance.absence")
    assert policy.yields_fact("p01.3.2", "leave.unnotified")
    assert not policy.yields_fact("p01.3.2", "leave")  # leave notified in time: still p01.3.2's


def test_a_partial_precedence_still_refuses_the_rest() -> None:
    with pytest.raises(PolicyError) as caught:
        compose([], profile(precedence={"attendance.absence": "p01.3.3"}))
    assert [p.message.split(" is claimed")[0] for p in caught.value.problems] == [
        "attendance.consecutive_absence",
        "leave.unnotified",
    ]


def test_a_conflict_in_a_profile_file_names_the_file_line_and_column(tmp_path: Path) -> None:
    text = "id: test\ntitle: 测试\npacks: [p01, p04]\nprecedence:\n  leave.unnotified: p04.9\n"
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    problems = [str(problem) for problem in caught.value.problems]
    assert problems[0].startswith(f"{path}:5:3: attendance.absence is claimed by p01.3.3 and p04.9")
    assert len(problems) == 2


def test_a_precedence_naming_a_clause_that_does_not_claim_the_fact_is_refused(tmp_path: Path) -> None:
    text = (
        "id: test\ntitle: 测试\npacks: [p01, p04]\nprecedence:\n  attendance.absence: p01.3.1\n"
        "  attendance.consecutive_absence: p04.9\n  leave.unnotified: p04.9\n"
    )
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:5:23: precedence: attendance.absence names p01.3.1, which does not claim it "
        "(claimed by: p01.3.3, p04.9)"
    ]


def test_a_precedence_for_an_unknown_fact_is_refused() -> None:
    with pytest.raises(PolicyError, match="'overtime' is not a fact that clauses claim"):
        compose([], Profile(id="x", title="x", packs=["p01"], precedence={"overtime": "p01.3.3"}))


def test_an_unknown_pack_is_named(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="unknown pack 'p42'"):
        compose(["p42"])
    path = write(tmp_path, "id: test\ntitle: 测试\npacks: [p01, p42]\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value).startswith(f"{path}:3:14: unknown pack 'p42'")


def test_parameters_are_pack_defaults_overridden_by_the_profile(tmp_path: Path) -> None:
    assert compose(["p01"]).param("p01", "full_attendance_bonus") == Decimal("200.00")
    path = write(
        tmp_path, 'id: test\ntitle: 测试\npacks: [p01]\nparameters:\n  p01.full_attendance_bonus: "300.00"\n'
    )
    policy = load_policy(path)
    assert policy.param("p01", "full_attendance_bonus") == Decimal("300.00")
    assert policy.profile_id == "test"


def test_an_override_of_an_unknown_parameter_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, 'id: test\ntitle: 测试\npacks: [p01]\nparameters:\n  p01.bonus: "300.00"\n')
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value).startswith(
        f"{path}:5:14: parameters: 'p01.bonus' names no parameter of a composed pack"
    )


def test_an_override_that_is_not_a_number_is_refused() -> None:
    bad = Profile(id="x", title="x", packs=["p01"], parameters={"p01.full_attendance_bonus": "lots"})
    with pytest.raises(PolicyError, match=r"expected a number like 200\.00, got 'lots'"):
        compose([], bad)


def test_the_demo_profile_composes_without_conflict() -> None:
    demo = load_profile(shipped_profile("demo"))
    policy = load_policy(shipped_profile("demo"))
    assert policy.pack_ids() == sorted(demo.packs)
    assert policy.profile_id == "demo"
