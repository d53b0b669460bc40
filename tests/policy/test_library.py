"""The library beside evaluation: approvals mapped to Fuwu's roles, the profile's version, and compiled
rules kept per Policy (safe across threads)."""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from fuwu.policy.compiled import Compiler, compiler_for
from fuwu.policy.composition import load_policy
from fuwu.policy.engine import evaluate
from fuwu.policy.errors import PolicyError
from fuwu.policy.facts import parse_facts
from fuwu.policy.library import ROLE_OF, ApprovalRule, approvals
from fuwu.policy.reader import load_profile
from fuwu.policy.schema import Role
from tests.policy.conftest import E1, at, demo_policy, make_policy

DAY = dt.date(2026, 3, 2)


def by_clause(rules: list[ApprovalRule]) -> dict[str, ApprovalRule]:
    return {rule.clause: rule for rule in rules}


def test_p10_3_5_is_approved_by_the_department_head_who_is_a_supervisor_in_fuwu() -> None:
    rule = by_clause(approvals(make_policy("p10"), DAY))["p10.3.5"]
    assert (rule.pack, rule.version, rule.role, rule.pack_role) == ("p10", 1, "supervisor", "department_head")
    assert rule.action == "提供超出公司规定的服务项目"
    assert (rule.above_amount, rule.escalate_to, rule.unapproved) == (None, None, "violation")


def test_p12_15_returns_need_the_general_manager_or_the_costs_fall_on_the_customer() -> None:
    rule = by_clause(approvals(make_policy("p12"), DAY))["p12.15"]
    assert (rule.role, rule.action, rule.unapproved) == ("general_manager", "售后退货", "costs_to_customer")


def test_an_amount_threshold_escalates_to_the_general_manager_meeting() -> None:
    rule = by_clause(approvals(make_policy("p14"), DAY))["p14.3.4.7"]
    assert (rule.role, rule.above_amount, rule.escalate_to) == (
        "general_manager",
        Decimal("5000.00"),
        "general_manager_meeting",
    )


def test_every_pack_role_word_maps_to_a_role_code() -> None:
    assert set(ROLE_OF) == set(Role.__args__)  # type: ignore[attr-defined]


def test_approvals_follow_the_packs_in_force_on_the_day() -> None:
    assert approvals(make_policy("p10"), dt.date(2025, 12, 31)) == []
    clauses = [rule.clause for rule in approvals(demo_policy(), DAY)]
    assert "p10.3.5" in clauses and "p12.15" in clauses and "p01.3.10" in clauses


# ---------------------------------------------------------------- the profile's version


def test_a_profile_has_a_version_given_to_its_policy(tmp_path: Path) -> None:
    path = tmp_path / "site.yaml"
    path.write_text("id: site\ntitle: 站点\nversion: 3\npacks: [p10]\n", encoding="utf-8")
    assert load_profile(path).version == 3
    assert load_policy(path).profile_version == 3


def test_a_profile_version_defaults_to_1_and_must_be_positive(tmp_path: Path) -> None:
    assert demo_policy().profile_version == 1
    assert make_policy("p10").profile_version == 1
    path = tmp_path / "site.yaml"
    path.write_text("id: site\ntitle: 站点\nversion: 0\npacks: [p10]\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="version"):
        load_profile(path)


# ---------------------------------------------------------------- compiled rules cached per policy


def test_the_compiler_is_made_once_per_policy() -> None:
    policy = make_policy("p09", "p10")
    assert compiler_for(policy) is compiler_for(policy)
    assert compiler_for(policy) is not compiler_for(make_policy("p09", "p10"))


def test_evaluate_compiles_once_for_many_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[int] = []
    original = Compiler._compile

    def counting(self: Compiler, packs: list[object]) -> object:
        compiled.append(1)
        return original(self, packs)  # type: ignore[arg-type]

    monkeypatch.setattr(Compiler, "_compile", counting)
    policy = make_policy("p09", "p10")
    event = {"type": "work_order.created", "order": "W1", "at": at("2026-03-02 10:00"), "tags": ["general"]}
    facts = parse_facts({"employees": [E1], "events": [event]}, policy)
    first = evaluate(policy, facts)
    for _ in range(5):
        assert evaluate(policy, facts) == first
    assert len(compiled) == 1


def test_one_policy_evaluated_from_many_threads_gives_the_same_decisions() -> None:
    policy = make_policy("p09", "p10", "p15")
    events = [
        {
            "type": "work_order.created",
            "order": f"W{n}",
            "at": at(f"2026-03-{n + 1:02d} 10:00"),
            "tags": ["small"],
        }
        for n in range(28)
    ]
    facts = parse_facts({"employees": [E1], "events": events}, policy)
    expected = evaluate(make_policy("p09", "p10", "p15"), facts)
    results: list[object] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        results.append(evaluate(policy, facts))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 8


def test_a_compiled_policy_can_be_pickled_and_compiles_again_after() -> None:
    policy = make_policy("p09", "p10")
    event = {"type": "work_order.created", "order": "W1", "at": at("2026-03-02 10:00"), "tags": ["general"]}
    facts = parse_facts({"employees": [E1], "events": [event]}, policy)
    before = evaluate(policy, facts)
    copy = pickle.loads(pickle.dumps(policy))
    assert copy == policy
    assert evaluate(copy, facts) == before
    assert compiler_for(copy) is not compiler_for(policy)
