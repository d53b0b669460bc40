"""Import jobs as the page reads them: who may see one, and what it ended with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from fuwu.core.models import User
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.comparisons import Comparison
from fuwu.staff.models import Job
from fuwu.staff.readers import Place
from fuwu.staff.selectors import may_import


def import_jobs_visible_to(user: User) -> QuerySet[Job]:
    """The import jobs of the user's sites, for HR and the general manager only; the file's bytes are
    never read here."""
    if not may_import(user):
        return Job.objects.none()
    return (
        Job.objects.filter(kind=Job.Kind.IMPORT, site__in=sites_visible_to(user))
        .defer("data")
        .select_related("site", "by", "result")
    )


@dataclass(frozen=True)
class JobProblem:
    """Why a job was refused: where (None: the file as a whole) and what."""

    place: Place | None
    message: str


@dataclass(frozen=True)
class Outcome:
    """What a finished job holds: the ledger's change and the comparisons (done), or its problems."""

    added: int = 0
    reversed: int = 0
    reviews: int = 0
    comparison: Comparison = field(default_factory=Comparison)
    problems: tuple[JobProblem, ...] = ()


def outcome_of(job: Job) -> Outcome:
    kept: Any = job.problems
    if job.state == Job.State.DONE and isinstance(kept, dict):
        ledger = kept.get("ledger", {})
        return Outcome(
            int(ledger.get("added", 0)),
            int(ledger.get("reversed", 0)),
            int(ledger.get("reviews", 0)),
            Comparison.from_json(kept),
        )
    if job.state == Job.State.REFUSED and isinstance(kept, list):
        return Outcome(problems=tuple(_problem(item) for item in kept if isinstance(item, dict)))
    return Outcome()


def _problem(item: dict[str, Any]) -> JobProblem:
    sheet, row = item.get("sheet"), item.get("row")
    place = Place(str(sheet), int(row), item.get("column")) if sheet is not None and row is not None else None
    return JobProblem(place, str(item.get("message", "")))
