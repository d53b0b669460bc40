"""The import page (HR uploads an export) and an import's own page: its progress bar while the worker runs
it, then what it imported and what HR should look at, or every problem that refused it."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from fuwu.core.access import role_required, signed_in_user
from fuwu.core.errors import Invalid
from fuwu.core.scoping import sites_visible_to
from fuwu.staff import job_progress, tasks
from fuwu.staff.forms import ImportForm
from fuwu.staff.models import AttendanceImport, Job
from fuwu.staff.models.attendance import SOURCE_NAMES
from fuwu.staff.selectors import PAYROLL_ROLES
from fuwu.staff.selectors.jobs import import_jobs_visible_to, outcome_of
from fuwu.staff.services.imports import queue_import

SHOWN = 300  # disagreements and leave differences listed on the page (the API gives them all)
PHASES = {
    job_progress.READING: _("Reading the file and matching its people…"),
    job_progress.STORING: _("Storing the shifts"),
    job_progress.JUDGING: _("Evaluating the months into the ledger"),
}


@login_required
@role_required(PAYROLL_ROLES)
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """HR uploads an export as it came from the clock or the app; the worker imports it while the job's
    page shows the progress."""
    user = signed_in_user(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = queue_import(
                    site=form.cleaned_data["site"],
                    data=upload.read(),
                    filename=upload.name or "",
                    source=form.cleaned_data["source"] or None,
                    by=user,
                    then=partial(tasks.run_import, language=translation.get_language()),
                )
            except Invalid as invalid:
                for loc, message in invalid.problems:
                    form.add_error(str(loc[0]) if loc and loc[0] in form.fields else None, message)
            else:
                return redirect("staff:import_job", pk=job.pk)
    jobs = import_jobs_visible_to(user).order_by("-created_at", "-pk")[:10]
    recent = (
        AttendanceImport.objects.filter(site__in=sites_visible_to(user))
        .select_related("site", "by")
        .order_by("-at")[:10]
    )
    context = {"form": form, "jobs": jobs, "recent": recent}
    return render(request, "staff/import.html", context, status=status)


@login_required
@role_required(PAYROLL_ROLES)
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """One upload: a progress bar refreshed every second while it waits or runs (htmx asks for the status
    part alone), then its result or its problems. HR and the general manager of the job's site only."""
    job = import_jobs_visible_to(signed_in_user(request)).filter(pk=pk).first()
    if job is None:
        raise Http404
    finished = job.state in (Job.State.DONE, Job.State.REFUSED)
    outcome = outcome_of(job)
    progress = job_progress.progress_of(job.pk) if job.state == Job.State.RUNNING else None
    context = {
        "job": job,
        "finished": finished,
        "source_name": SOURCE_NAMES.get(job.source, job.source) if job.source else "",
        "progress": progress,
        "phase": PHASES.get(progress.phase, "") if progress is not None else PHASES[job_progress.READING],
        "outcome": outcome,
        "imported": _imported(job, outcome.added, outcome.reversed),
        "disagreements": outcome.comparison.disagreements[:SHOWN],
        "leave": outcome.comparison.leave[:SHOWN],
        "more_disagreements": max(len(outcome.comparison.disagreements) - SHOWN, 0),
        "more_leave": max(len(outcome.comparison.leave) - SHOWN, 0),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "staff/partials/import_job.html", context)
    return render(request, "staff/import_job.html", context)


def _imported(job: Job, added: int, reversed_: int) -> str:
    batch = job.result
    if job.state != Job.State.DONE or batch is None:
        return ""
    return gettext(
        "Imported %(rows)s shifts of %(people)s people (%(first)s to %(last)s): "
        "%(added)s ledger entries added, %(reversed)s reversed."
    ) % {
        "rows": batch.rows,
        "people": batch.employees,
        "first": batch.first_day,
        "last": batch.last_day,
        "added": added,
        "reversed": reversed_,
    }
