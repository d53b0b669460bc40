"""Composing packs and a profile into a Policy: parameters, the profile's overrides, and the facts two
clauses claim (conflicts the profile's precedence must settle)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from yaml.nodes import Node

from fuwu.policy import yamlnodes
from fuwu.policy.errors import PolicyError, Problem
from fuwu.policy.policy import Policy
from fuwu.policy.reader import PathLike, load_profile, read_text
from fuwu.policy.registry import Registry, shipped_registry
from fuwu.policy.schema import RULE_FACTS, Pack, Profile

_DECIMAL_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


def _value(value: Decimal | str) -> Decimal | str:
    """Numbers written as text ("200.00") become Decimals, so every parameter of money is a Decimal."""
    if isinstance(value, str) and _DECIMAL_TEXT.match(value):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


class _ProfileMarks:
    """Where the parts of a profile file are, so composition problems point at their line."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.root: Node | None = None
        if path is not None:
            try:
                self.root = yamlnodes.compose(path, read_text(path))
            except PolicyError:
                self.root = None

    def problem(self, message: str, *loc: str | int) -> Problem:
        if self.path is None:
            return Problem(None, 0, 0, message)
        node = self.root
        for item in loc:
            found = yamlnodes.child(node, item) if node is not None else None
            if found is None:
                break
            node = found[0]
        line, column = yamlnodes.where(node) if node is not None else (1, 1)
        return Problem(self.path, line, column, message)


def compose(
    pack_ids: Sequence[str],
    profile: Profile | None = None,
    registry: Registry | None = None,
    profile_path: PathLike | None = None,
) -> Policy:
    """Compose the given packs and the profile's packs into a Policy; raise PolicyError on unknown packs or
    parameters, and on a fact claimed by two clauses without a precedence naming one of them."""
    registry = registry if registry is not None else shipped_registry()
    marks = _ProfileMarks(os.fspath(profile_path) if profile_path is not None else None)
    problems: list[Problem] = []

    wanted = list(dict.fromkeys([*pack_ids, *(profile.packs if profile else [])]))
    versions: dict[str, list[Pack]] = {}
    for pack_id in wanted:
        if pack_id in registry.versions:
            versions[pack_id] = list(registry.versions[pack_id])
            continue
        known = ", ".join(registry.pack_ids()) or "none"
        message = f"unknown pack {pack_id!r} (known packs: {known})"
        if profile is not None and pack_id in profile.packs:
            problems.append(marks.problem(message, "packs", profile.packs.index(pack_id)))
        else:
            problems.append(Problem(None, 0, 0, message))

    parameters: dict[str, Decimal | str] = {}
    for pack_id, packs in versions.items():
        for pack in packs:  # oldest first, so the newest version's default wins
            for name, value in pack.parameters.items():
                parameters[f"{pack_id}.{name}"] = _value(value)
    if profile is not None:
        for key, value in profile.parameters.items():
            if key not in parameters:
                known = ", ".join(sorted(parameters)) or "none"
                problems.append(
                    marks.problem(
                        f"parameters: {key!r} names no parameter of a composed pack (known: {known})",
                        "parameters",
                        key,
                    )
                )
                continue
            new = _value(value)
            if isinstance(parameters[key], Decimal) and not isinstance(new, Decimal):
                problems.append(
                    marks.problem(
                        f"parameters: {key!r} expected a number like {parameters[key]}, got {value!r}",
                        "parameters",
                        key,
                    )
                )
                continue
            parameters[key] = new

    precedence = dict(profile.precedence) if profile is not None else {}
    problems.extend(_conflicts(versions, precedence, marks))
    if problems:
        raise PolicyError(problems)
    return Policy(
        versions=versions,
        parameters=parameters,
        precedence=precedence,
        profile_id=profile.id if profile is not None else None,
        profile_version=profile.version if profile is not None else 1,
    )


def claimants(versions: dict[str, list[Pack]]) -> dict[str, list[str]]:
    """Return fact → the ids of the clauses (any version of the composed packs) whose rules claim it."""
    found: dict[str, list[str]] = {}
    for packs in versions.values():
        for pack in packs:
            for clause in pack.clauses:
                for rule in clause.rules:
                    for fact in RULE_FACTS.get(rule.type, ()):
                        clauses = found.setdefault(fact, [])
                        if clause.id not in clauses:
                            clauses.append(clause.id)
    return found


def _conflicts(
    versions: dict[str, list[Pack]], precedence: dict[str, str], marks: _ProfileMarks
) -> list[Problem]:
    problems: list[Problem] = []
    claimed = claimants(versions)
    known_facts = {fact for facts in RULE_FACTS.values() for fact in facts}
    for fact, clauses in sorted(claimed.items()):
        if len(clauses) < 2 or fact in precedence:
            continue
        names = " and ".join(clauses) if len(clauses) == 2 else ", ".join(clauses)
        problems.append(
            marks.problem(
                f"{fact} is claimed by {names}; state which wins in the profile "
                f"(precedence: {{{fact}: {clauses[0]}}})",
                "precedence" if precedence else "packs",
            )
        )
    for fact, winner in precedence.items():
        if fact not in known_facts:
            problems.append(
                marks.problem(
                    f"precedence: {fact!r} is not a fact that clauses claim "
                    f"(facts: {', '.join(sorted(known_facts))})",
                    "precedence",
                    fact,
                )
            )
            continue
        clauses = claimed.get(fact, [])
        if winner not in clauses:
            among = ", ".join(clauses) or "no composed clause"
            problems.append(
                marks.problem(
                    f"precedence: {fact} names {winner}, which does not claim it (claimed by: {among})",
                    "precedence",
                    fact,
                )
            )
    return problems


def load_policy(profile_path: PathLike, registry: Registry | None = None) -> Policy:
    """Load a profile file and compose its packs into a Policy."""
    profile = load_profile(profile_path)
    return compose([], profile, registry, profile_path)
