"""The audit trail: `record` is called by every service write, inside the write's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from fuwu.core.models import AuditEntry, Site, User

# Secrets never enter the trail; the fact that they changed does.
REDACTED_FIELDS = frozenset({"password"})

JSONDict = dict[str, Any]

# The innermost `batched()` block: its atomic depth and the entries it writes when it ends.
_batch: ContextVar[tuple[int, list[AuditEntry]] | None] = ContextVar("fuwu_audit_batch", default=None)


def _pending() -> list[AuditEntry] | None:
    """The batch to join, if an entry is recorded right in a `batched()` block: one recorded inside a
    savepoint opened within it is written at once, so that rolling the savepoint back takes it along."""
    batch = _batch.get()
    if batch is None or batch[0] != len(transaction.get_connection().atomic_blocks):
        return None
    return batch[1]


_ENCODER = DjangoJSONEncoder()
_PLAIN = (str, int, float, bool, type(None))


def snapshot(obj: models.Model, *, extra: JSONDict | None = None) -> JSONDict:
    """Return the row's concrete field values as JSON-safe data (foreign keys as ids)."""
    data: JSONDict = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        data[field.attname] = "***" if field.name in REDACTED_FIELDS else _json_safe(value)
    if extra:
        data.update({key: _json_safe(value) for key, value in extra.items()})
    return data


def _json_safe(value: Any) -> Any:
    """The value as it reads back from JSON (what DjangoJSONEncoder writes: times, decimals, ids as text)."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, list | tuple | dict):
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return _ENCODER.default(value)


def record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: JSONDict | None,
    after: JSONDict | None,
    site: Site | None = None,
) -> AuditEntry:
    """Append one entry; must run inside the caller's transaction so both commit or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the write's transaction")
    entry = AuditEntry(
        actor=_actor(actor),
        actor_name=_actor_name(actor),
        action=action,
        model_label=obj._meta.label,
        object_pk=str(obj.pk),
        before=before,
        after=after,
        site=site,
    )
    pending = _pending()
    if pending is not None:
        pending.append(entry)
    else:
        entry.save()
    return entry


@contextmanager
def batched() -> Iterator[None]:
    """A write's transaction whose audit entries are inserted together when it ends, in one statement
    instead of one per entry (a new order writes five). Leaving with an exception rolls the transaction
    back and discards the entries. Only entries recorded right in the block wait for its end: inside a
    savepoint opened within it (a nested ``atomic``), ``record`` writes at once, so a savepoint rolled
    back takes its entries along."""
    pending: list[AuditEntry] = []
    with transaction.atomic():
        token = _batch.set((len(transaction.get_connection().atomic_blocks), pending))
        try:
            yield
        finally:
            _batch.reset(token)
        if pending:
            AuditEntry.objects.bulk_create(pending)


def record_created(
    obj: models.Model,
    *,
    actor: User | None,
    action: str,
    site: Site | None = None,
    extra: JSONDict | None = None,
) -> AuditEntry:
    """Append the entry of a row just created: nothing before, its snapshot after."""
    return record(
        actor=actor, action=action, obj=obj, before=None, after=snapshot(obj, extra=extra), site=site
    )


@dataclass(frozen=True)
class Entry:
    """One change to append with `record_many`: the same facts `record` takes."""

    action: str
    obj: models.Model
    before: JSONDict | None
    after: JSONDict | None
    actor: User | None = None
    site: Site | None = None


def record_many(entries: Sequence[Entry]) -> list[AuditEntry]:
    """Append many entries in one bulk insert; like `record`, only inside the caller's transaction.

    Each entry names its own actor, site, row, before and after, exactly as `record` would store it, so a
    batch of writes leaves the same trail as the same writes one by one.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside the write's transaction")
    rows = [
        AuditEntry(
            actor=_actor(entry.actor),
            actor_name=_actor_name(entry.actor),
            action=entry.action,
            model_label=entry.obj._meta.label,
            object_pk=str(entry.obj.pk),
            before=entry.before,
            after=entry.after,
            site=entry.site,
        )
        for entry in entries
    ]
    pending = _pending()
    if pending is not None:
        pending.extend(rows)
        return rows
    return AuditEntry.objects.bulk_create(rows) if rows else []


def _actor(actor: User | None) -> User | None:
    # An unsaved user (a system run's placeholder) cannot be referenced; it is recorded as the system.
    return actor if actor is not None and actor.pk is not None else None


def _actor_name(actor: User | None) -> str:
    saved = _actor(actor)
    return saved.get_username() if saved is not None else "system"
