"""Attendance imports run by the background worker while the page shows their progress.

The page's upload becomes a ``Job`` holding the file's bytes (``queue_import``); the worker claims it and
runs ``import_attendance`` on it (``run_import_job``), reporting progress through ``job_progress``; the
job ends ``done`` with its import, or ``refused`` with every problem, and the bytes are dropped either way.
A done job keeps in ``problems`` what HR should look at: the ledger's change and the comparisons
(``{"ledger": {...}, "disagreements": [...], "leave": [...]}``); a refused one the list of problems
(``[{"sheet", "row", "column", "message", "loc"}, …]``).

A job whose worker died keeps ``running`` and shows no sign of life: ``sweep_stalled_imports`` refuses it
after ``STALLED`` without a progress report (its transaction never committed, so nothing was imported);
if its worker was only slow and finishes after all, the job ends as it truly did. A job still queued after
``STALLED`` is handed to the worker again (``waiting_too_long``): its task may have been lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.core.services import audit
from fuwu.staff import job_progress
from fuwu.staff.mappings import UnknownSource, resolve_source
from fuwu.staff.models import Job
from fuwu.staff.selectors import may_import
from fuwu.staff.services.attendance import Imported, ImportRefused, Problem, import_attendance

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
STALLED = dt.timedelta(minutes=15)  # a running job silent this long has lost its worker


def queue_import(
    *,
    site: Site,
    data: bytes,
    filename: str,
    source: str | None,
    by: User,
    then: Callable[[int], object] | None = None,
) -> Job:
    """A queued import job holding the file; ``then(job_id)`` is called once it is committed (the page
    hands the background task). PermissionDenied for someone who may not import into ``site``; Invalid
    naming ``file`` or ``source`` for a file too large or empty, or a source that is no vendor's and no
    saved column mapping's."""
    if not may_import(by) or not sites_visible_to(by).filter(pk=site.pk).exists():
        raise PermissionDenied(gettext("This role may not import attendance."))
    problems: list[tuple[tuple[str, ...], str]] = []
    if not data:
        problems.append((("file",), gettext("The file is empty.")))
    elif len(data) > MAX_FILE_BYTES:
        problems.append((("file",), gettext("The file is larger than 20 MB.")))
    try:
        resolve_source(source)
    except UnknownSource as unknown:
        problems.append((("source",), unknown.message))
    Invalid.unless_empty(problems)
    with transaction.atomic():
        job = Job.objects.create(
            kind=Job.Kind.IMPORT,
            site=site,
            filename=filename[:255],
            source=source or "",
            data=data,
            by=by,
        )
        # The bytes stay out of the trail; their size says which file it was.
        after = {"kind": job.kind, "site_id": site.pk, "filename": job.filename, "source": job.source}
        audit.record(
            actor=by,
            action="attendance.job.queue",
            obj=job,
            before=None,
            after={**after, "bytes": len(data)},
            site=site,
        )
        if then is not None:
            job_id = job.pk
            transaction.on_commit(lambda: then(job_id))
    return job


def run_import_job(job_id: int) -> str | None:
    """Run a queued import job to its end; the job's new state, or None when it was not waiting (a second
    run of the same task does nothing)."""
    job = _claim(job_id)
    if job is None:
        return None
    report = job_progress.Reporter(job.pk)
    report.phase(job_progress.READING)
    data = bytes(job.data) if job.data is not None else b""
    try:
        with transaction.atomic():
            imported = import_attendance(
                site=job.site,
                data=data,
                filename=job.filename,
                source=job.source or None,
                by=job.by,
                progress=report.storing,
                judging=report.judging,
            )
            # In the import's transaction: the job says done exactly when the import is there.
            _finish_done(job, imported)
    except ImportRefused as refused:
        _finish_refused(job, [_problem(problem, job.filename) for problem in refused.problems])
    except Conflict as conflict:  # a rota naming a shift its site lost, a month being closed …
        _finish_refused(job, [{"message": conflict.message}])
    except Exception:
        logger.exception("attendance import job %s failed", job.pk)
        message = gettext("The import failed unexpectedly and nothing was imported; the error is logged.")
        _finish_refused(job, [{"message": message}])
    return job.state


def sweep_stalled_imports(now: dt.datetime | None = None) -> int:
    """Refuse the running import jobs that have reported nothing for ``STALLED`` (their worker stopped:
    the import's transaction never committed); how many."""
    now = now or timezone.now()
    running = Job.objects.filter(kind=Job.Kind.IMPORT, state=Job.State.RUNNING).defer("data")
    stalled = 0
    for job in running:
        report = job_progress.progress_of(job.pk)
        alive = dt.datetime.fromtimestamp(report.at, tz=dt.UTC) if report is not None else job.created_at
        if now - alive < STALLED:
            continue
        message = gettext(
            "The import stopped before it finished (the background worker was stopped). Nothing was "
            "imported; upload the file again."
        )
        if _finish_refused(job, [{"message": message}], only_running=True):
            stalled += 1
    return stalled


def waiting_too_long(now: dt.datetime | None = None) -> list[int]:
    """The import jobs queued longer than ``STALLED`` ago: their task may have been lost with the queue
    (a Redis flushed, a SQLite queue file removed); running them again is safe, a claimed job is not run
    twice."""
    since = (now or timezone.now()) - STALLED
    rows = Job.objects.filter(kind=Job.Kind.IMPORT, state=Job.State.QUEUED, created_at__lt=since)
    return list(rows.order_by("pk").values_list("pk", flat=True))


def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, kind=Job.Kind.IMPORT, state=Job.State.QUEUED).update(
            state=Job.State.RUNNING, done=0, of=0
        )
        if not claimed:
            return None
        job = Job.objects.select_related("site", "by").get(pk=job_id)
        audit.record(
            actor=None,
            action="attendance.job.start",
            obj=job,
            before={"state": Job.State.QUEUED},
            after={"state": job.state},
            site=job.site,
        )
    return job


def _finish_done(job: Job, imported: Imported) -> None:
    batch = imported.batch
    ledger = imported.ledger
    job.state = Job.State.DONE
    job.done = job.of = batch.rows
    job.result = batch
    job.problems = {
        "ledger": {"added": ledger.added, "reversed": ledger.reversed, "reviews": ledger.reviews},
        **imported.comparison.as_json(),
    }
    job.summary = (
        gettext("%(rows)s shifts of %(people)s people, %(first)s to %(last)s")
        % {"rows": batch.rows, "people": batch.employees, "first": batch.first_day, "last": batch.last_day}
    )[:300]
    job.data = None
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "done", "of", "result", "problems", "summary", "data", "finished_at"])
    audit.record(
        actor=None,
        action="attendance.job.done",
        obj=job,
        before={"state": Job.State.RUNNING},
        after={"state": job.state, "result_id": batch.pk, "summary": job.summary},
        site=job.site,
    )


def _finish_refused(job: Job, problems: Iterable[dict[str, Any]], *, only_running: bool = False) -> bool:
    """Mark the job refused with its problems, in a transaction of its own; False when ``only_running``
    and the job had ended meanwhile."""
    found = list(problems)
    summary = gettext("Not imported: %(count)s problems") % {"count": len(found)}
    with transaction.atomic():
        rows = Job.objects.filter(pk=job.pk)
        if only_running:
            rows = rows.filter(state=Job.State.RUNNING)
        changed = rows.update(
            state=Job.State.REFUSED,
            problems=found,
            summary=summary[:300],
            data=None,
            finished_at=timezone.now(),
        )
        if not changed:
            return False
        audit.record(
            actor=None,
            action="attendance.job.refused",
            obj=job,
            before={"state": job.state},
            after={"state": Job.State.REFUSED, "problems": found[:50], "count": len(found)},
            site=job.site,
        )
    job.state = Job.State.REFUSED
    job.problems = found
    return True


def _problem(problem: Problem, filename: str) -> dict[str, Any]:
    """A problem as the job keeps it: its place's parts (shown in the reader's language) and message."""
    place = problem.place
    return {
        "sheet": place.sheet if place is not None else None,
        "row": place.row if place is not None else None,
        "column": place.column if place is not None else None,
        "message": problem.message,
        "loc": list(problem.loc(filename)),
    }
