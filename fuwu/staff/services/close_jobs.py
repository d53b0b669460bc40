"""The monthly close run by the background worker while the month page shows its progress.

The close is one transaction, so its progress cannot be read from the database until it commits: the
worker reports it through the cache as an import does (``job_progress``), and the job row keeps the
outcome.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.staff import job_progress
from fuwu.staff.models import Job
from fuwu.staff.services.close import close_month, close_problems, month_label, payroll_employees

log = logging.getLogger(__name__)
RUNNING = (Job.State.QUEUED, Job.State.RUNNING)
# A close queued or running longer than this was lost (the worker stopped): it no longer holds the month.
STALE = dt.timedelta(hours=2)


def running_closes() -> QuerySet[Job]:
    """Closes queued or running now (not lost to a stopped worker)."""
    return Job.objects.filter(kind=Job.Kind.CLOSE, state__in=RUNNING, created_at__gte=timezone.now() - STALE)


def is_stale(job: Job) -> bool:
    return job.created_at < timezone.now() - STALE


def progress_of(job: Job) -> tuple[int, int]:
    """(employees done, of) of a running close, as the worker last reported it; the row's once finished."""
    if job.state in RUNNING:
        report = job_progress.progress_of(job.pk)
        if report is not None:
            return report.done, report.of
    return job.done, job.of


def start_close(site: Site, month: dt.date, *, by: User) -> Job:
    """Queue the close of ``site``'s ``month`` for the worker; refused at once (PermissionDenied,
    Conflict) when the close itself would be, or when one is queued or running already."""
    with transaction.atomic():
        list(Site.objects.select_for_update().filter(pk=site.pk).values_list("pk"))
        close_problems(site, month, by=by)
        if running_closes().filter(site=site, month=month).exists():
            raise Conflict(
                gettext("The close of %(month)s is running already.") % {"month": month_label(month)}
            )
        job = Job.objects.create(
            kind=Job.Kind.CLOSE,
            site=site,
            month=month,
            of=payroll_employees(site, month).count(),
            by=by,
        )
        audit.record_created(job, actor=by, action="job.queue", site=site)
    return job


def run_close(job_id: int) -> Job | None:
    """Run a queued close (the worker's task): the month closed, or the job refused with the reason. A
    job already started or finished is left alone, so running it twice closes nothing twice."""
    with transaction.atomic():
        job = (
            Job.objects.select_for_update(of=("self",)).select_related("site", "by").filter(pk=job_id).first()
        )
        if job is None or job.kind != Job.Kind.CLOSE or job.state != Job.State.QUEUED or job.month is None:
            return job
        _set(job, state=Job.State.RUNNING, action="job.start")
    month: dt.date = job.month
    by = job.by
    report = job_progress.Reporter(job_id)
    try:
        if by is None:
            raise PermissionDenied(
                gettext("Only HR of the site or the general manager may close its months.")
            )
        close = close_month(job.site, month, by=by, progress=report.judging)
    except (Conflict, PermissionDenied) as refused:
        message = refused.message if isinstance(refused, Conflict) else str(refused)
        _finish(job, Job.State.REFUSED, problems=[{"message": message}])
    except Exception:
        log.exception("the close of job %s failed", job_id)
        failed = gettext("The close failed and changed nothing; try again, or tell the administrator.")
        _finish(job, Job.State.REFUSED, problems=[{"message": failed}])
        raise
    else:
        summary = gettext("%(employees)s people paid, %(reviews)s to review.") % {
            "employees": close.employees,
            "reviews": close.needs_review,
        }
        _finish(job, Job.State.DONE, done=close.employees, summary=summary)
    return job


def _finish(
    job: Job,
    state: str,
    *,
    done: int | None = None,
    summary: str = "",
    problems: list[dict[str, str]] | None = None,
) -> None:
    with transaction.atomic():
        fields = {
            "state": state,
            "summary": summary[:300],
            "problems": problems or [],
            "finished_at": timezone.now(),
        }
        if done is not None:
            fields["done"] = fields["of"] = done
        _set(job, action="job.finish", **fields)


def _set(job: Job, *, action: str, **fields: object) -> None:
    before = audit.snapshot(job)
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=list(fields))
    audit.record(
        actor=job.by, action=action, obj=job, before=before, after=audit.snapshot(job), site=job.site
    )
