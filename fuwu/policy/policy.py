"""A company's regulations in force: the packs it composes, every version of each, and its parameters.

The engine receives a ``Policy`` and asks it which version of a pack binds at an event's time, what a
parameter is worth, and whether another clause wins a fact that two clauses claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from fuwu.policy.schema import Clause, Pack, ParamRef

T = TypeVar("T")


@dataclass(frozen=True)
class Policy:
    """Packs in force for one company, their parameters (profile overrides applied) and fact precedence."""

    # pack id → its versions, sorted by effective date (ascending); versions share the id.
    versions: dict[str, list[Pack]]
    # "pNN.NAME" → value: pack defaults, overridden by the profile.
    parameters: dict[str, Decimal | str] = field(default_factory=dict)
    # fact → the clause id that wins it, where two composed clauses claim the same fact.
    precedence: dict[str, str] = field(default_factory=dict)
    profile_id: str | None = None
    # The profile's own version (its parameters change amounts); a stored decision names it with the pack
    # version, so it can be reproduced. 1 when there is no profile.
    profile_version: int = 1
    # The compiled rules of this policy (fuwu.policy.compiled.compiler_for), made once on first use.
    _compiled: object = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        """Pickle without the compiled rules (they hold a lock and are rebuilt on first use)."""
        state = dict(self.__dict__)
        state["_compiled"] = None
        return state

    def pack_ids(self) -> list[str]:
        return sorted(self.versions)

    def pack_at(self, pack_id: str, when: dt.date) -> Pack | None:
        """Return the version of ``pack_id`` in force on ``when``, or None before its first version."""
        in_force: Pack | None = None
        for pack in self.versions.get(pack_id, []):
            if pack.effective <= when:
                in_force = pack
        return in_force

    def packs_at(self, when: dt.date) -> list[Pack]:
        """Return every composed pack's version in force on ``when``, in pack-id order."""
        found = (self.pack_at(pack_id, when) for pack_id in self.pack_ids())
        return [pack for pack in found if pack is not None]

    def clause_at(self, clause_id: str, when: dt.date) -> tuple[Pack, Clause] | None:
        """Return the clause with this id as worded in the version in force on ``when``."""
        pack = self.pack_at(clause_id.split(".", 1)[0], when)
        if pack is None:
            return None
        for clause in pack.clauses:
            if clause.id == clause_id:
                return pack, clause
        return None

    def knows_clause(self, clause_id: str) -> bool:
        """True when any version of a composed pack has this clause id."""
        pack_id = clause_id.split(".", 1)[0]
        return any(c.id == clause_id for pack in self.versions.get(pack_id, []) for c in pack.clauses)

    def param(self, pack_id: str, name: str) -> Decimal | str:
        return self.parameters[f"{pack_id}.{name}"]

    def resolve(self, pack_id: str, value: T | ParamRef) -> T | Decimal | str:
        """Return ``value`` itself, or the parameter it refers to."""
        if isinstance(value, ParamRef):
            return self.param(pack_id, value.param)
        return value

    def yields_fact(self, clause_id: str, fact: str) -> bool:
        """True when another clause was given precedence over ``fact``, so this clause must stay silent."""
        winner = self.precedence.get(fact)
        return winner is not None and winner != clause_id
