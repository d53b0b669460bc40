"""No input — random text, random YAML structures, a shipped pack mangled at random — makes the loader
raise anything but PolicyError, and every problem it reports has a place and a message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuwu.policy.errors import PolicyError
from fuwu.policy.reader import parse_pack, parse_profile
from fuwu.policy.registry import shipped_pack_files

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHIPPED = {path.name: path.read_text(encoding="utf-8") for path in shipped_pack_files()}


def load_never_crashes(text: str) -> None:
    for parse in (parse_pack, parse_profile):
        try:
            parse("fuzz.yaml", text)
        except PolicyError as error:
            assert error.problems
            for problem in error.problems:
                assert problem.file == "fuzz.yaml"
                assert problem.line >= 1 and problem.column >= 1
                assert problem.message.strip()


@FUZZ
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400))
def test_random_text_never_raises_anything_but_policy_error(text: str) -> None:
    load_never_crashes(text)


@FUZZ
@given(st.text(alphabet=list("abcdefp01.:-[]{}&*!?|>'\"# \n\t,%@`~^\\0123456789"), max_size=300))
def test_yaml_punctuation_soup_never_raises_anything_but_policy_error(text: str) -> None:
    load_never_crashes(text)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(
        ["p01", "p01.1", "fine", "penalty", "10.00", "-5", "25m", "24:00", "{param: x}", "on", "no"]
    ),
)
keys = st.one_of(
    st.sampled_from(
        [
            "id",
            "title",
            "source",
            "version",
            "effective",
            "clauses",
            "kind",
            "text",
            "rules",
            "type",
            "amount",
            "packs",
            "parameters",
            "precedence",
            "tiers",
            "up_to",
            "param",
            "when",
            "from",
        ]
    ),
    st.text(max_size=8),
    st.integers(),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=40,
)


@FUZZ
@given(structures)
def test_random_yaml_structures_never_raise_anything_but_policy_error(data: Any) -> None:
    load_never_crashes(yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(st.dictionaries(keys, structures, max_size=8))
def test_random_top_level_mappings_never_raise_anything_but_policy_error(data: dict[Any, Any]) -> None:
    load_never_crashes(yaml.safe_dump(data, allow_unicode=True))


def mutate(text: str, data: st.DataObject) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        at = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
        how = data.draw(st.sampled_from(["delete", "duplicate", "swap", "char", "insert", "indent", "value"]))
        if how == "delete":
            del lines[at]
        elif how == "duplicate":
            lines.insert(at, lines[at])
        elif how == "swap":
            other = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif how == "char" and lines[at]:
            where = data.draw(st.integers(min_value=0, max_value=len(lines[at]) - 1))
            char = data.draw(st.sampled_from(list(":-[]{}'\"#&*!|> x0-9")))
            lines[at] = lines[at][:where] + char + lines[at][where + 1 :]
        elif how == "insert":
            lines.insert(at, data.draw(st.text(max_size=30)) + "\n")
        elif how == "indent":
            lines[at] = data.draw(st.sampled_from(["", " ", "  ", "      "])) + lines[at].lstrip(" ")
        elif how == "value" and ":" in lines[at]:
            key = lines[at].split(":", 1)[0]
            value = data.draw(
                st.sampled_from(
                    [
                        "-5",
                        "",
                        "[]",
                        "{}",
                        "null",
                        "abc",
                        "1.234",
                        "9" * 60,
                        "2026-13-45",
                        "{param: nope}",
                        "[penalty, penalty]",
                        "&x a",
                        "*nope",
                    ]
                )
            )
            lines[at] = f"{key}: {value}\n"
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SHIPPED)), st.data())
def test_a_mangled_shipped_pack_never_raises_anything_but_policy_error(
    name: str, data: st.DataObject
) -> None:
    load_never_crashes(mutate(SHIPPED[name], data))
