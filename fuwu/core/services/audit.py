"""The audit trail: `record` is called by every service write, inside the write's transaction."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from fuwu.core.models import AuditEntry, Site, User

# Secrets never enter the trail; the fact that they changed does.
REDACTED_FIELDS = frozenset({"password"})

JSONDict = dict[str, Any]


def snapshot(obj: models.Model, *, extra: JSONDict | None = None) -> JSONDict:
    """Return the row's concrete field values as JSON-safe data (foreign keys as ids)."""
    data: JSONDict = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        data[field.attname] = "***" if field.name in REDACTED_FIELDS else value
    if extra:
        data.update(extra)
    loaded: JSONDict = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return loaded


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
    actor_obj = actor if actor is not None and actor.pk is not None else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        actor_name=actor_obj.get_username() if actor_obj else "system",
        action=action,
        model_label=obj._meta.label,
        object_pk=str(obj.pk),
        before=before,
        after=after,
        site=site,
    )


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
