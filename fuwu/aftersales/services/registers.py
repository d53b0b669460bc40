"""The registers' writes: a customer call logged (p12.3) or recorded by the supervisor (p12.14), and a
design defect or a machine the department cannot repair reported to the general manager (p12.13)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.models import Call, DesignDefect
from fuwu.aftersales.selectors.access import DECIDER_ROLES, DESK_ROLES
from fuwu.aftersales.services.common import local, moment_problem, require, text_problem
from fuwu.aftersales.services.desk import general_managers
from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit, outbox
from fuwu.customers.models import Customer
from fuwu.orders.models import Order
from fuwu.regulations.calendars import CalendarYearUnknown, work_calendar


def on_holiday(site: Site, moment: dt.datetime) -> bool:
    """Whether ``moment`` falls on a rest day by the official calendar (holidays and weekends not worked
    by 调休); a year nobody has entered yet counts its weekends only."""
    day = local(site, moment).date()
    try:
        return not work_calendar().is_workday(day)
    except CalendarYearUnknown:
        return day.weekday() >= 5


def call_problems(
    site: Site,
    *,
    by: User,
    register: str,
    at: Maybe[dt.datetime],
    caller: Maybe[str],
    phone: Maybe[str],
    content: Maybe[str],
    arrangement: Maybe[str],
    customer: Maybe[Customer | None],
    order: Maybe[Order | None],
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    """Every problem of a call to log, each naming its field; PermissionDenied for a role that keeps no
    call register at the site (the supervisor's record: supervisors and the general manager only)."""
    roles = DECIDER_ROLES if register == Call.Register.SUPERVISOR else DESK_ROLES
    require(by, site, roles, gettext("Your role keeps no call register at this site."))
    now = now or timezone.now()
    problems = moment_problem(at, "at", now=now)
    if customer in (None, UNKNOWN):
        problems += text_problem(caller, "caller", longest=100)
    elif customer.site_id != site.pk:  # type: ignore[union-attr]
        problems.append((("body", "customer"), gettext("The customer is not one of this site's.")))
    problems += text_problem(phone, "phone", longest=30, required=False)
    problems += text_problem(content, "content", longest=500)
    problems += text_problem(arrangement, "arrangement", longest=300, required=False)
    if order not in (None, UNKNOWN) and order.site_id != site.pk:  # type: ignore[union-attr]
        problems.append((("body", "order"), gettext("The repair order is not one of this site's.")))
    return problems


def log_call(
    site: Site,
    *,
    by: User,
    at: dt.datetime,
    content: str,
    caller: str = "",
    phone: str = "",
    customer: Customer | None = None,
    needs_repair: bool = False,
    arrangement: str = "",
    order: Order | None = None,
    register: str = Call.Register.DESK,
) -> Call:
    """Log one call in its register (written once), with whether it fell on a holiday."""
    Invalid.unless_empty(
        call_problems(
            site, by=by, register=register, at=at, caller=caller, phone=phone, content=content,
            arrangement=arrangement, customer=customer, order=order,
        )
    )  # fmt: skip
    with transaction.atomic():
        call = Call.objects.create(
            site=site,
            register=register,
            at=at,
            customer=customer,
            caller=(caller.strip() or (customer.name if customer is not None else "")),
            phone=(phone.strip() or (customer.phone if customer is not None else "")),
            content=content.strip(),
            needs_repair=needs_repair or order is not None,
            arrangement=arrangement.strip(),
            order=order,
            holiday=on_holiday(site, at),
            by=by,
        )
        audit.record_created(call, actor=by, action="aftersales.call", site=site)
    return call


def defect_problems(
    site: Site,
    *,
    by: User,
    kind: Maybe[str],
    found_on: Maybe[dt.date],
    product: Maybe[str],
    problem: Maybe[str],
    now: dt.datetime | None = None,
) -> list[FieldProblem]:
    require(by, site, DESK_ROLES, gettext("Your role reports nothing at this site."))
    now = now or timezone.now()
    problems: list[FieldProblem] = []
    if kind is not UNKNOWN and kind not in DesignDefect.Kind.values:
        problems.append((("body", "kind"), gettext("Choose a design defect or a machine we cannot repair.")))
    if found_on is not UNKNOWN and found_on > local(site, now).date():
        problems.append((("body", "found_on"), gettext("This cannot be later than today.")))
    problems += text_problem(product, "product", longest=100)
    problems += text_problem(problem, "problem", longest=500)
    return problems


def report_defect(
    site: Site, *, by: User, kind: str, found_on: dt.date, product: str, problem: str
) -> DesignDefect:
    """Report a design defect or a machine the department cannot repair to the general manager (p12.13):
    the register keeps it, the general managers are told at once."""
    Invalid.unless_empty(
        defect_problems(site, by=by, kind=kind, found_on=found_on, product=product, problem=problem)
    )
    with transaction.atomic():
        row = DesignDefect.objects.create(
            site=site,
            kind=kind,
            found_on=found_on,
            product=product.strip(),
            problem=problem.strip(),
            reported_by=by,
        )
        audit.record_created(row, actor=by, action="aftersales.defect", site=site)
        outbox.notify(
            targets=[outbox.in_app(person) for person in general_managers()],
            subject=gettext("Reported to you (p12.13): %(kind)s, %(product)s")
            % {"kind": row.get_kind_display(), "product": row.product},
            body=row.problem,
            url=reverse("aftersales:register", args=["defects"]),
            key=f"aftersales-defect:{row.pk}:reported",
            site=site,
            by=by,
        )
    return row
