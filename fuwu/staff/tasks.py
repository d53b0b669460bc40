"""Background work of the staff app: thin wrappers over services, safe to run twice."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from fuwu.staff.services import close_jobs, imports


# Retried when the claim itself fails (SQLite busy past its timeout while another import commits); a run
# that finds the job no longer waiting does nothing.
@db_task(retries=3, retry_delay=30)  # type: ignore[untyped-decorator]  # huey has no hints
def run_import(job_id: int, language: str | None = None) -> str | None:
    """Run one queued attendance import, its messages in the uploader's language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return imports.run_import_job(job_id)


@db_task(retries=0)  # type: ignore[untyped-decorator]
def close_month_job(job_id: int) -> None:
    """Run the queued close ``job_id``; a second run finds it started and does nothing."""
    close_jobs.run_close(job_id)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def sweep_stalled_imports() -> int:
    """Every five minutes: refuse the imports whose worker stopped (nothing of them was imported), and hand
    the worker again those waiting so long that their task may have been lost."""
    for job_id in imports.waiting_too_long():
        run_import(job_id)
    return imports.sweep_stalled_imports()
