"""Whose follow-up work a person does now (p16.4): their own unless a colleague stands in for them, and
that of every manager they stand in for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.prepared import Values, prepared
from fuwu.customers.models import Substitution


@dataclass(frozen=True)
class Cover:
    """``managers``: the people whose work the person does now (themself first unless away);
    ``away``: the stand-in running for them (their work is with its substitute), or None;
    ``standing_in``: the stand-ins they run for absent colleagues."""

    person: int
    managers: tuple[int, ...]
    away: Substitution | None
    standing_in: tuple[Substitution, ...]


def running(at: dt.datetime) -> Q:
    """Stand-ins running at ``at``: begun, not handed back, not past their end."""
    return Q(starts_at__lte=at, ended_at__isnull=True) & (Q(ends_at__isnull=True) | Q(ends_at__gt=at))


def _running_for(v: Values) -> QuerySet[Substitution, tuple[Any, ...]]:
    rows = Substitution.objects.filter(running(v["at"])).filter(
        Q(absent_id=v["pk"]) | Q(substitute_id=v["pk"])
    )
    return rows.values_list("pk")


def cover_of(person: User | int, at: dt.datetime | None = None) -> Cover:
    """Whose work ``person`` does at ``at`` (now): one prepared read (``core.prepared``: every worklist
    asks it) of the stand-ins running, and only when there are some, one more of them with the people."""
    moment = at or timezone.now()
    pk = person if isinstance(person, int) else person.pk
    ids = [row[0] for row in prepared("cover_of", _running_for, {"at": moment, "pk": pk})]
    rows = []
    if ids:
        rows = list(
            Substitution.objects.filter(pk__in=ids)
            .select_related("absent", "substitute")
            .order_by("starts_at", "pk")
        )
    away = next((row for row in rows if row.absent_id == pk), None)
    standing_in = tuple(row for row in rows if row.substitute_id == pk and row.absent_id != pk)
    managers = ([] if away is not None else [pk]) + [row.absent_id for row in standing_in]
    return Cover(pk, tuple(dict.fromkeys(managers)), away, standing_in)
