"""The property services of p08 as work: new owners to visit within three days of moving in (p08.5), the
elderly living alone with their monthly visits and holiday greetings (p08.15), occasions (holidays,
weddings, activities) and the open tasks they brought; a household's page with who looks after it, its
visits and tasks."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from fuwu.core.access import has_any_role, role_required, signed_in_user
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.scoping import sites_visible_to
from fuwu.customers.models import Household
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.forms import CareForm, OccasionForm, VisitForm, now_local, show_problems
from fuwu.followup.models import HouseholdCare, HouseholdVisit, Occasion, ServiceTask
from fuwu.followup.selectors.scoped import tasks_visible_to
from fuwu.followup.services import care, occasions
from fuwu.followup.views.common import people_of
from fuwu.regulations.selectors import obligations_of

NEW_OWNERS_SINCE = dt.timedelta(days=30)


def _households(request: HttpRequest) -> list[tuple[int, str]]:
    user = signed_in_user(request)
    rows = Household.objects.filter(site__in=sites_visible_to(user)).order_by(
        "community", "building", "unit", "room"
    )[:500]
    return [(row.pk, str(row)) for row in rows]


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def care_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    sites = sites_visible_to(user)
    today = timezone.localtime().date()
    new_owners = list(
        Household.objects.filter(site__in=sites, moved_in_on__gte=today - NEW_OWNERS_SINCE)
        .select_related("site")
        .order_by("-moved_in_on", "pk")[:100]
    )
    visits = obligations_of(care.SUBJECT, [row.pk for row in new_owners])
    last_visit = (
        HouseholdVisit.objects.filter(household=OuterRef("household")).order_by("-at").values("at")[:1]
    )
    elderly = list(
        HouseholdCare.objects.filter(site__in=sites, elderly_alone=True)
        .select_related("household", "assignee")
        .annotate(last_visit=Subquery(last_visit))
        .order_by("household__building", "household__unit", "household__room")[:200]
    )
    tasks = list(
        tasks_visible_to(user)
        .filter(state=ServiceTask.State.OPEN)
        .select_related("household", "assignee")
        .order_by("due", "pk")[:100]
    )
    upcoming = list(
        Occasion.objects.filter(site__in=sites, date__gte=today - dt.timedelta(days=7)).order_by(
            "date", "pk"
        )[:30]
    )
    supervises = has_any_role(user, SUPERVISING_ROLES)
    site = sites.order_by("code").first()
    form = None
    if supervises and site is not None:
        form = OccasionForm(people=people_of(site), households=_households(request), initial={"date": today})
    context = {
        "new_owners": [(row, visits.get(str(row.pk), [])) for row in new_owners],
        "elderly": elderly,
        "tasks": tasks,
        "occasions": upcoming,
        "form": form,
        "site": site,
        "now": timezone.now(),
    }
    return render(request, "followup/care.html", context)


@login_required
@role_required(SUPERVISING_ROLES)
@require_POST
def occasion_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    site = sites_visible_to(user).order_by("code").first()
    if site is None:
        raise Http404
    people = people_of(site)
    form = OccasionForm(request.POST, people=people, households=_households(request))
    if form.is_valid():
        data = form.cleaned_data
        household = (
            Household.objects.filter(pk=data["household"], site__in=sites_visible_to(user)).first()
            if data["household"]
            else None
        )
        assignee = next((person for person in people if person.pk == data["assignee"]), None)
        try:
            occasion = occasions.record_occasion(
                household.site if household else site,
                by=user,
                kind=data["kind"],
                date=data["date"],
                title=data["title"],
                household=household,
                assignee=assignee,
            )
        except (Invalid, Conflict) as error:
            text = error.message if isinstance(error, Conflict) else "；".join(m for _l, m in error.problems)
            messages.error(request, text)
        else:
            made = ServiceTask.objects.filter(occasion=occasion).count()
            messages.success(request, gettext("Occasion recorded: %(count)s tasks.") % {"count": made})
    else:
        messages.error(request, gettext("Fill in the kind, the date and the title."))
    return redirect("followup:care")


def _household(request: HttpRequest, pk: int) -> Household:
    found = (
        Household.objects.filter(pk=pk, site__in=sites_visible_to(signed_in_user(request)))
        .select_related("site")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _household_page(
    request: HttpRequest,
    household: Household,
    *,
    care_form: CareForm | None = None,
    visit_form: VisitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    kept = HouseholdCare.objects.filter(household=household).select_related("assignee").first()
    supervises = has_any_role(user, SUPERVISING_ROLES)
    if care_form is None and supervises:
        initial = {
            "assignee": kept.assignee_id if kept else None,
            "elderly_alone": kept.elderly_alone if kept else False,
            "note": kept.note if kept else "",
        }
        care_form = CareForm(people=people_of(household.site), initial=initial)
    context = {
        "household": household,
        "kept": kept,
        "looked_after_by": care.responsible(household),
        "owed": obligations_of(care.SUBJECT, [household.pk]).get(str(household.pk), []),
        "visits": HouseholdVisit.objects.filter(household=household)
        .select_related("by")
        .order_by("-at")[:30],
        "tasks": ServiceTask.objects.filter(household=household)
        .select_related("assignee")
        .order_by("-due")[:30],
        "care_form": care_form,
        "visit_form": visit_form
        or VisitForm(initial={"at": now_local(), "kind": HouseholdVisit.Kind.NEW_OWNER}),
        "now": timezone.now(),
    }
    return render(request, "followup/household.html", context, status=status)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_GET
def household_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _household_page(request, _household(request, pk))


@login_required
@role_required(FOLLOWUP_ROLES)
@require_POST
def household_visit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    household = _household(request, pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            care.record_visit(household, by=user, at=data["at"], kind=data["kind"], note=data["note"])
        except Invalid as error:
            show_problems(form, error)
        else:
            messages.success(request, gettext("Visit recorded."))
            return redirect("followup:household", household.pk)
    return _household_page(request, household, visit_form=form, status=422)


@login_required
@role_required(SUPERVISING_ROLES)
@require_POST
def household_care(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    household = _household(request, pk)
    people = people_of(household.site)
    form = CareForm(request.POST, people=people)
    if form.is_valid():
        data = form.cleaned_data
        assignee = next((person for person in people if person.pk == data["assignee"]), None)
        try:
            care.set_care(
                household, by=user, assignee=assignee, elderly_alone=data["elderly_alone"], note=data["note"]
            )
        except Invalid as error:
            show_problems(form, error)
        else:
            messages.success(request, gettext("Saved."))
            return redirect("followup:household", household.pk)
    return _household_page(request, household, care_form=form, status=422)


@login_required
@role_required(FOLLOWUP_ROLES)
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    task = tasks_visible_to(user).filter(pk=pk).first()
    if task is None:
        raise Http404
    try:
        occasions.complete_task(task, by=user, note=request.POST.get("note", ""))
    except (Invalid, Conflict) as error:
        text = error.message if isinstance(error, Conflict) else "；".join(m for _l, m in error.problems)
        messages.error(request, text)
    else:
        messages.success(request, gettext("Task done."))
    back = request.POST.get("next", "")
    if back.startswith("/followup/") and "//" not in back:
        return redirect(back)
    return redirect("followup:care")
