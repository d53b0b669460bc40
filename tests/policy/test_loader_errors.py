"""A malformed pack or profile is reported as FILE:LINE:COLUMN: field: what was expected, all at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fuwu.policy.errors import PolicyError, Problem
from fuwu.policy.reader import load_pack, load_profile, parse_pack

HEAD = """\
id: p01
title: 员工奖惩制度
source: 篇一
version: 1
effective: 2026-01-01
parameters:
  bonus: "200.00"
clauses:
"""

CLAUSE = """\
  - id: p01.{n}
    kind: [penalty]
    title: 罚款
    text: 罚10元。
    rules:
      - {{type: fine, amount: "10.00"}}
"""


def pack_text(*clauses: str) -> str:
    return HEAD + "".join(clauses)


def problems_of(text: str, name: str = "p01.yaml") -> list[str]:
    with pytest.raises(PolicyError) as caught:
        parse_pack(name, text)
    assert all(isinstance(problem, Problem) for problem in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_pack_loads_with_its_date_and_amounts() -> None:
    pack = parse_pack("p01.yaml", pack_text(CLAUSE.format(n=1)))
    assert pack.effective == dt.date(2026, 1, 1)
    assert pack.clauses[0].rules[0].amount == pytest.approx(10)  # type: ignore[union-attr]


def test_a_negative_amount_names_line_column_field_and_expectation() -> None:
    text = pack_text(CLAUSE.format(n=1), CLAUSE.format(n=2), CLAUSE.format(n=3).replace('"10.00"', "-5"))
    # Line 26 is the third clause's rule; the value -5 starts in column 30.
    assert problems_of(text) == [
        "p01.yaml:26:30: clauses[2].rules[0].amount: expected an amount of 0 or more, got '-5'"
    ]


def test_an_unknown_field_lists_the_allowed_ones() -> None:
    text = pack_text(CLAUSE.format(n=1).replace("amount:", "amout:"))
    assert (
        "p01.yaml:14:22: clauses[0].rules[0]: unknown field 'amout' (allowed: type, amount)"
        in problems_of(text)
    )


def test_a_missing_field_is_named_at_its_mapping() -> None:
    text = pack_text(CLAUSE.format(n=1).replace("    text: 罚10元。\n", ""))
    assert problems_of(text) == ["p01.yaml:9:5: clauses[0]: missing field 'text'"]


def test_a_kind_that_does_not_match_the_rules_points_at_the_kind() -> None:
    text = pack_text(CLAUSE.format(n=1).replace("[penalty]", "[reward]"))
    (problem,) = problems_of(text)
    assert problem.startswith("p01.yaml:10:11: clauses[0].kind: clause kind does not match its rules:")


def test_every_error_is_reported_not_just_the_first() -> None:
    text = pack_text(
        CLAUSE.format(n=1).replace('"10.00"', '"abc"'),
        CLAUSE.format(n=2).replace("罚款", "").replace("title: ", "title: 1\n    colour: red\n    #"),
    )
    problems = problems_of(text)
    assert len(problems) == 3, problems
    assert "clauses[0].rules[0].amount: expected a decimal number" in problems[0]
    assert "clauses[1].title: expected text, got '1'" in problems[1]
    assert "clauses[1]: unknown field 'colour'" in problems[2]


def test_a_duplicate_key_is_an_error() -> None:
    text = pack_text(CLAUSE.format(n=1)).replace("version: 1\n", "version: 1\nversion: 2\n")
    assert problems_of(text) == ["p01.yaml:5:1: duplicate key 'version' (first given on line 4)"]


def test_on_and_yes_are_words_not_booleans() -> None:
    text = pack_text(CLAUSE.format(n=1).replace("    title: 罚款\n", "    title: 罚款\n    on: yes\n"))
    assert problems_of(text) == [
        "p01.yaml:12:5: clauses[0]: unknown field 'on' (allowed: id, kind, title, text, rules, note)"
    ]
    pack = parse_pack("p01.yaml", pack_text(CLAUSE.format(n=1).replace("title: 罚款", "title: no")))
    assert pack.clauses[0].title == "no"


def test_a_clause_id_given_twice_points_at_the_second() -> None:
    text = pack_text(CLAUSE.format(n=1), CLAUSE.format(n=1))
    assert problems_of(text) == ["p01.yaml:15:9: clauses[1].id: clause id p01.1 appears twice"]


def test_a_clause_of_another_pack_is_refused() -> None:
    text = pack_text(CLAUSE.format(n=1).replace("p01.1", "p02.1"))
    assert problems_of(text) == ["p01.yaml:9:9: clauses[0].id: clause id p02.1 does not belong to pack p01"]


def test_a_reference_to_an_undefined_parameter_points_at_it() -> None:
    text = pack_text(CLAUSE.format(n=1).replace('"10.00"', "{param: nope}"))
    (problem,) = problems_of(text)
    assert problem.startswith(
        "p01.yaml:14:38: clauses[0].rules[0].amount.param: a rule refers to parameter 'nope'"
    )


def test_weights_that_do_not_sum_to_one_are_refused() -> None:
    rule = (
        '{type: weighted_score, metric: appraisal_score, weights: {绩效: "0.50", 行为: "0.30", 能力: "0.30"}}'
    )
    text = pack_text(
        CLAUSE.format(n=1).replace("[penalty]", "[quota]").replace('{{type: fine, amount: "10.00"}}', rule)
    )
    text = text.replace('{type: fine, amount: "10.00"}', rule)
    (problem,) = problems_of(text)
    assert "clauses[0].rules[0].weights: weights must sum to 1, they sum to 1.10" in problem


def test_the_largest_weight_must_dominate() -> None:
    rule = (
        '{type: weighted_score, metric: appraisal_score, weights: {绩效: "0.40", 行为: "0.40", 能力: "0.20"},'
        " largest: 绩效}"
    )
    text = pack_text(CLAUSE.format(n=1).replace("[penalty]", "[quota]")).replace(
        '{type: fine, amount: "10.00"}', rule
    )
    (problem,) = problems_of(text)
    assert (
        "clauses[0].rules[0].weights: the weight of '绩效' must be larger than every other weight" in problem
    )


def test_an_appraisal_where_performance_does_not_weigh_most_is_refused_without_saying_largest() -> None:
    rule = (
        '{type: weighted_score, metric: appraisal_score, weights: {绩效: "0.30", 行为: "0.40", 能力: "0.30"}}'
    )
    text = pack_text(CLAUSE.format(n=1).replace("[penalty]", "[quota]")).replace(
        '{type: fine, amount: "10.00"}', rule
    )
    (problem,) = problems_of(text)
    assert "rules[0].weights: the weight of '绩效' must be larger than every other weight" in problem


def test_an_unknown_rule_type_lists_the_known_ones() -> None:
    text = pack_text(CLAUSE.format(n=1).replace("type: fine", "type: fien"))
    (problem,) = problems_of(text)
    assert problem.startswith(
        "p01.yaml:14:16: clauses[0].rules[0].type: unknown type 'fien' (expected one of: fine,"
    )


def test_a_yaml_syntax_error_has_its_line_and_column() -> None:
    text = pack_text(CLAUSE.format(n=1)).replace("kind: [penalty]", "kind: [penalty")
    (problem,) = problems_of(text)
    assert problem.startswith("p01.yaml:11:")
    assert "YAML syntax error" in problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "p01.yaml:1:1: the file is empty"),
        ("# only a comment\n", "p01.yaml:1:1: the file is empty"),
        (
            "- a\n- b\n",
            "p01.yaml:1:1: expected a mapping (key: value lines) at the top of the file, got a list",
        ),
        (
            "just text\n",
            "p01.yaml:1:1: expected a mapping (key: value lines) at the top of the file, got 'just text'",
        ),
    ],
)
def test_a_file_that_is_not_a_mapping_is_reported_at_its_start(text: str, expected: str) -> None:
    assert problems_of(text) == [expected]


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p01.yaml"
    path.write_bytes(pack_text(CLAUSE.format(n=1)).encode("gb18030"))
    with pytest.raises(PolicyError) as caught:
        load_pack(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert "not UTF-8" in problem.message


def test_an_unreadable_file_is_reported_at_0_0(tmp_path: Path) -> None:
    path = tmp_path / "missing.yaml"
    with pytest.raises(PolicyError) as caught:
        load_pack(path)
    assert str(caught.value).startswith(f"{path}:0:0: cannot read the file")


def test_an_alias_bomb_is_refused_without_hanging() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 12)
    ]
    (problem,) = problems_of("\n".join(lines) + "\n")
    assert "too many aliases" in problem


def test_a_profile_with_a_bad_pack_id_points_at_the_list(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text("id: demo\ntitle: 演示\npacks: [p01, q2]\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_profile(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:3:14: packs[1]: 'q2' is not a pack id (pNN)"]
