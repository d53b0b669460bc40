"""Append-only rows: the registers, the parts store's movements and the department's account are records
of what happened; a correction is a new row, never an edit (p12.16a)."""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.db import models

from fuwu.core.models import AppendOnlyError

M = TypeVar("M", bound=models.Model)
MESSAGE = "after-sales records are append-only: a correction is a new row"


class AppendOnlyQuerySet(models.QuerySet[M]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(MESSAGE)

    def delete(self) -> NoReturn:
        raise AppendOnlyError(MESSAGE)


class AppendOnly(models.Model):
    """A row written once: saving it again or deleting it raises ``AppendOnlyError``."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(MESSAGE)
