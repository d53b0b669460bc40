"""Helpers for engine tests: policies from the shipped packs, events in a few words, decisions as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fuwu.policy.composition import compose
from fuwu.policy.decisions import decisions_json
from fuwu.policy.engine import evaluate
from fuwu.policy.facts import parse_facts
from fuwu.policy.policy import Policy
from fuwu.policy.reader import load_profile
from fuwu.policy.registry import shipped_pack_files, shipped_profile
from fuwu.policy.schema import Pack, Profile

E1 = {"id": "E1", "daily_wage": "200.00", "manager": "M1"}
TZ = "+08:00"


def shipped_pack_data(pack_id: str) -> dict[str, Any]:
    """The YAML of a shipped pack as data, to build a changed version of it in a test."""
    path = next(p for p in shipped_pack_files() if Path(p).name == f"{pack_id}.yaml")
    data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return data


def make_policy(*packs_or_ids: Pack | str, precedence: dict[str, str] | None = None) -> Policy:
    """Compose shipped packs by id; Pack objects given are added as further versions of their pack."""
    ids = [item for item in packs_or_ids if isinstance(item, str)]
    extra = [item for item in packs_or_ids if isinstance(item, Pack)]
    for pack in extra:
        if pack.id not in ids:
            ids.append(pack.id)
    profile = None
    if precedence:
        profile = Profile(id="test", title="测试", packs=ids, precedence=precedence)
    policy = compose(ids if profile is None else [], profile)
    if not extra:
        return policy
    versions = {pack_id: list(packs) for pack_id, packs in policy.versions.items()}
    parameters = dict(policy.parameters)
    for pack in extra:
        versions[pack.id] = sorted([*versions.get(pack.id, []), pack], key=lambda p: p.effective)
        for name, value in pack.parameters.items():
            parameters.setdefault(f"{pack.id}.{name}", value)
    return Policy(versions=versions, parameters=parameters, precedence=policy.precedence)


def demo_policy(**parameters: str) -> Policy:
    """The shipped demo profile, with parameters overridden as ``p10_monthly_sample_share="0.5"``."""
    path = shipped_profile("demo")
    profile = load_profile(path)
    if parameters:
        changed = dict(profile.parameters)
        changed.update({key.replace("_", ".", 1): value for key, value in parameters.items()})
        profile = profile.model_copy(update={"parameters": changed})
    return compose([], profile, profile_path=path)


def decide(
    policy: Policy, events: list[dict[str, Any]], employees: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Parse the input and evaluate it; return the decisions as the JSON objects of the contract."""
    data = {"employees": [E1] if employees is None else employees, "events": events}
    return decisions_json(evaluate(policy, parse_facts(data, policy)))["decisions"]


def shift(day: str, clock_in: str | None, clock_out: str | None = "18:00", **more: Any) -> dict[str, Any]:
    """An attendance event of E1 on a 09:00–18:00 shift."""
    event = {
        "type": "attendance",
        "employee": "E1",
        "date": day,
        "shift_start": "09:00",
        "shift_end": "18:00",
        "clock_in": clock_in,
        "clock_out": clock_out,
    }
    event.update(more)
    return event


def at(text: str) -> str:
    """``2026-03-02 10:00`` → ``2026-03-02T10:00:00+08:00``."""
    day, clock = text.split(" ")
    if clock.count(":") == 1:
        clock += ":00"
    return f"{day}T{clock}{TZ}"


def of_kind(decisions: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [decision for decision in decisions if decision["kind"] == kind]
