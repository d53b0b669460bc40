"""Complaint pages: the list (what still owes a reply first, with the time left), receiving one with the
facts p14.3.4.7 asks for, and the complaint's page — its reply deadline with its clause, the
investigation, the reply, the routing of a quality complaint (p14.4.3), the finding, and the incident a
substantiated complaint about staff gave with its approval and ledger entries."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fuwu.aftersales.models import Complaint, QualityCase
from fuwu.aftersales.selectors.access import DECIDER_ROLES, DESK_ROLES, site_of_user
from fuwu.aftersales.selectors.complaints import complaints_visible_to, reply_deadlines, time_left
from fuwu.aftersales.services import complaints as services
from fuwu.aftersales.services import quality
from fuwu.aftersales.views.common import Form, acted, errors_of
from fuwu.aftersales.views.pickers import customer_of, matching, purchase_of
from fuwu.core.access import has_any_role, signed_in_user
from fuwu.core.errors import Invalid
from fuwu.core.models import Site, User
from fuwu.core.scoping import site_choices, sites_visible_to
from fuwu.customers.models import Customer
from fuwu.regulations.clauses import clause_text
from fuwu.regulations.policies import in_force
from fuwu.staff.models import Incident
from fuwu.staff.selectors.incidents import entries_of, may_decide
from fuwu.staff.services import incidents

PAGE_SIZE = 50


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    """The complaints of the user's sites: awaiting a reply first (soonest due first), then the newest."""
    user = signed_in_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    rows = complaints_visible_to(user).select_related("site", "incident")
    state = request.GET.get("state", "")
    if state in Complaint.State.values:
        rows = rows.filter(state=state)
    else:
        state = ""
    waiting = Case(
        When(state=Complaint.State.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    rows = rows.annotate(waiting=waiting).order_by("waiting", "-received_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page)
    deadlines = reply_deadlines(shown)
    now = timezone.now()
    lines = [
        {"complaint": c, "deadline": deadlines[c.pk], "left": _left(deadlines[c.pk], now)} for c in shown
    ]
    context = {
        "page": page,
        "lines": lines,
        "state": state,
        "states": [("", gettext("All")), *Complaint.State.choices],
    }
    return render(request, "aftersales/complaints.html", context)


def _left(deadline: Any, now: Any) -> tuple[int, int] | None:
    if deadline is None or deadline.state != "open" or deadline.due < now:
        return None
    return time_left(deadline.due - now)


def _staff_of(site: Site) -> list[User]:
    return list(User.objects.filter(sites=site, is_active=True).order_by("display_name", "pk").distinct())


@login_required
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    """Receive a complaint: the customer (found by name or number), the goods, what is wrong, and whom or
    what it is about."""
    user = signed_in_user(request)
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    sites = sites_visible_to(user).order_by("code")
    code = request.POST.get("site") or request.GET.get("site", "")
    site = (sites.filter(code=code).first() if code else None) or sites.first()
    if site is None:
        raise Http404
    errors: dict[str, str] = {}
    status = 200
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        form = Form(request.POST)
        customer = form.row("customer", lambda pk: customer_of(site, pk), required=True)
        staff = {person.pk: person for person in _staff_of(site)}
        values: dict[str, Any] = {
            "customer": customer,
            "purchase": form.row(
                "purchase", lambda pk: purchase_of(customer if isinstance(customer, Customer) else None, pk)
            ),
            "kind": form.text("kind"),
            "staff_member": form.row("staff_member", staff.get),
            "received_at": form.moment("received_at", default_now=True),
            "content": form.text("content"),
            "channel": form.text("channel") or Complaint.Channel.PHONE,
        }
        try:
            Invalid.unless_empty(form.problems + services.complaint_problems(site, by=user, **values))
            complaint = services.receive_complaint(site, by=user, **values)
        except Invalid as error:
            errors, status = errors_of(error.problems), 422
        else:
            messages.success(request, gettext("The complaint is registered; the reply is owed now."))
            return redirect("aftersales:complaint", pk=complaint.pk)
    chosen = customer_of(site, int(data["customer"])) if str(data.get("customer", "")).isdigit() else None
    context = {
        "site": site,
        "sites": site_choices(user),
        "errors": errors,
        "values": data,
        "customers": [chosen] if chosen is not None else matching([site.pk], data.get("q", "")),
        "kinds": Complaint.Kind.choices,
        "channels": Complaint.Channel.choices,
        "staff": _staff_of(site),
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    return render(request, "aftersales/complaint_new.html", context, status=status)


def _visible(user: User, pk: int) -> Complaint:
    if not has_any_role(user, DESK_ROLES):
        raise PermissionDenied
    found = (
        complaints_visible_to(user)
        .select_related("site", "customer", "purchase", "staff_member", "recorded_by", "replied_by")
        .select_related("concluded_by", "incident__employee__user", "incident__decided_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def complaint_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    complaint = _visible(user, pk)
    deadline = reply_deadlines([complaint])[complaint.pk]
    now = timezone.now()
    policy = in_force(complaint.site)
    on = complaint.received_at.astimezone(policy.zone).date()
    case: QualityCase | None = (
        QualityCase.objects.filter(complaint=complaint).select_related("routed_by").first()
    )
    incident: Incident | None = complaint.incident
    deciding = site_of_user(user, complaint.site, DECIDER_ROLES)
    context = {
        "complaint": complaint,
        "deadline": deadline,
        "left": _left(deadline, now),
        "reply_text": clause_text(policy, deadline.clause if deadline else "p14.4.1", on),
        "notes": complaint.notes.select_related("by").order_by("at", "pk"),
        "case": case,
        "incident": incident,
        "entries": entries_of([incident])[incident.pk] if incident is not None else [],
        "incident_text": clause_text(policy, incident.clause, on) if incident is not None else "",
        "may_approve_incident": incident is not None
        and incident.state == Incident.State.RECORDED
        and may_decide(user, incident),
        "may_reply": complaint.state == Complaint.State.OPEN,
        "may_conclude": deciding and not complaint.finding and complaint.staff_member_id != user.pk,
        "may_route": deciding and complaint.kind == Complaint.Kind.QUALITY,
        "takes_amount": complaint.kind == Complaint.Kind.ATTITUDE,
        "returns": complaint.returns.order_by("-recorded_at"),
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    return render(request, "aftersales/complaint.html", context)


@login_required
@require_POST
def complaint_note(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    complaint = _visible(user, pk)
    act = partial(services.add_note, complaint, by=user, text=request.POST.get("text", ""))
    return acted(request, "aftersales:complaint", act, gettext("The note is added."), pk=pk)


@login_required
@require_POST
def complaint_reply(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    complaint = _visible(user, pk)
    form = Form(request.POST)
    at = form.moment("at", default_now=True)
    if form.problems:
        messages.error(request, " ".join(message for _loc, message in form.problems))
        return redirect("aftersales:complaint", pk=pk)
    act = partial(services.reply, complaint, by=user, text=request.POST.get("reply", ""), at=at)  # type: ignore[arg-type]
    return acted(request, "aftersales:complaint", act, gettext("The reply is recorded."), pk=pk)


@login_required
@require_POST
def complaint_route(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    complaint = _visible(user, pk)
    act = partial(
        quality.route,
        complaint,
        by=user,
        to=request.POST.get("to", ""),
        inspection_body=request.POST.get("inspection_body", ""),
    )
    return acted(request, "aftersales:complaint", act, gettext("Routed."), pk=pk)


@login_required
@require_POST
def complaint_quality(request: HttpRequest, pk: int) -> HttpResponse:
    """The technical quality department's opinion, or the inspection body's conclusion."""
    user = signed_in_user(request)
    complaint = _visible(user, pk)
    case = QualityCase.objects.filter(complaint=complaint).first()
    if case is None:
        raise Http404
    if request.POST.get("conclusion") is not None:
        act = partial(quality.record_conclusion, case, by=user, conclusion=request.POST.get("conclusion", ""))
    else:
        act = partial(quality.record_opinion, case, by=user, opinion=request.POST.get("opinion", ""))
    return acted(request, "aftersales:complaint", act, gettext("Recorded."), pk=pk)


@login_required
@require_POST
def complaint_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    complaint = _visible(user, pk)
    form = Form(request.POST)
    amount = form.money("amount", required=False)
    if form.problems:
        messages.error(request, " ".join(message for _loc, message in form.problems))
        return redirect("aftersales:complaint", pk=pk)
    act = partial(
        services.conclude, complaint, by=user, substantiated=request.POST.get("substantiated") == "1",
        note=request.POST.get("note", ""), amount=amount,  # type: ignore[arg-type]
    )  # fmt: skip
    return acted(request, "aftersales:complaint", act, gettext("The finding is recorded."), pk=pk)


@login_required
@require_POST
def complaint_incident(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (approve=1) or reject the incident a substantiated complaint gave, as its approver."""
    user = signed_in_user(request)
    complaint = _visible(user, pk)
    incident = complaint.incident
    if incident is None:
        raise Http404
    if request.POST.get("approve") == "1":
        act = partial(incidents.approve_incident, incident, by=user)
        success = gettext("Approved: the ledger has it, and the person has been told.")
    else:
        act = partial(incidents.reject_incident, incident, by=user, note=request.POST.get("note", ""))
        success = gettext("Not approved: the recorder has been told.")
    return acted(request, "aftersales:complaint", act, success, pk=pk)
