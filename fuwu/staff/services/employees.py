"""Writes of shifts, rotas and employees, each in its transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from fuwu.core.errors import FieldProblem, Invalid
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.staff.models import Employee, Rota, Shift
from fuwu.staff.schedules import REST, REST_WORDS, parse_cycle

LONGEST_CYCLE = 62  # days: two months, as Rota.clean allows


def _invalid(error: ValidationError, *, unnamed: str) -> Invalid:
    """A model's ValidationError as the services' Invalid, each message at its field (``unnamed`` for
    the model's own, field-less ones)."""
    return Invalid(
        (("body", unnamed if field == "__all__" else field), message)
        for field, messages in error.message_dict.items()
        for message in messages
    )


def create_shift(
    *,
    site: Site,
    name: str,
    start: dt.time,
    end: dt.time,
    days: str = Shift.Days.WORKDAYS,
    break_start: dt.time | None = None,
    break_end: dt.time | None = None,
    by: User | None,
) -> Shift:
    """A shift of ``site``; with a break it is a split shift (两头班: 09:00–12:00 and 13:30–18:00 is
    09:00–18:00 with the break 12:00–13:30), judged as one shift. Invalid names every bad field."""
    with transaction.atomic():
        shift = Shift(
            site=site,
            name=name,
            start=start,
            end=end,
            days=days,
            break_start=break_start,
            break_end=break_end,
        )
        try:
            shift.full_clean()
        except ValidationError as error:
            raise _invalid(error, unnamed="break_start") from error
        shift.save()
        audit.record_created(shift, actor=by, action="shift.create", site=site)
        return shift


def cycle_problems(site: Site, cycle: Sequence[str]) -> list[FieldProblem]:
    """What is wrong with a cycle for ``site``: its length, and each day naming no shift of the site."""
    if not cycle or len(cycle) > LONGEST_CYCLE:
        return [(("body", "cycle"), gettext("Give the cycle as 1 to 62 days, each a shift's name or 休."))]
    known = set(Shift.objects.filter(site=site).values_list("name", flat=True))
    problems: list[FieldProblem] = []
    for number, name in enumerate(cycle, 1):
        if name != REST and name not in known:
            message = gettext("Day %(number)s of the cycle, “%(name)s”, is no shift of this site.")
            problems.append((("body", "cycle", number - 1), message % {"number": number, "name": name}))
    if not problems and all(name == REST for name in cycle):
        problems.append((("body", "cycle"), gettext("A cycle needs at least one day with a shift.")))
    return problems


def _cycle(cycle: Sequence[str] | str) -> list[str]:
    if isinstance(cycle, str):
        return parse_cycle(cycle)
    return [REST if name.strip() in REST_WORDS else name.strip() for name in cycle]


def create_rota(
    *, site: Site, name: str, cycle: Sequence[str] | str, starts_on: dt.date, by: User | None
) -> Rota:
    """A rota of ``site``: ``cycle`` is the shift of each day by name, 休 (or "") for a rest day, as a list
    or as people write it (``白班,白班,夜班,夜班,休,休``), counted from ``starts_on``. Invalid names every
    bad field (each day of the cycle that names no shift of the site)."""
    days = _cycle(cycle)
    name = name.strip()
    problems: list[FieldProblem] = []
    if not name:
        problems.append((("body", "name"), gettext("Give the rota a name.")))
    elif Rota.objects.filter(site=site, name=name).exists():
        problems.append(
            (("body", "name"), gettext("This site has a rota called %(name)s already.") % {"name": name})
        )
    problems += cycle_problems(site, days)
    Invalid.unless_empty(problems)
    with transaction.atomic():
        rota = Rota.objects.create(site=site, name=name, cycle=days, starts_on=starts_on)
        audit.record_created(rota, actor=by, action="rota.create", site=site)
        return rota


def assignment_problems(employee: Employee, rota: Rota | None, offset: int) -> list[FieldProblem]:
    """What is wrong with putting ``employee`` at place ``offset`` of ``rota`` (None: off any rota)."""
    if rota is None:
        return []
    problems: list[FieldProblem] = []
    if rota.site_id != employee.site_id:
        problems.append(
            (
                ("body", "rota"),
                gettext("The rota %(rota)s is another site's; choose one of the person's site.")
                % {"rota": rota.name},
            )
        )
    if not 0 <= offset < len(rota.cycle):
        problems.append(
            (
                ("body", "rota_offset"),
                gettext("Give a place in the rota from 0 to %(last)s (its cycle has %(days)s days).")
                % {"last": len(rota.cycle) - 1, "days": len(rota.cycle)},
            )
        )
    return problems


def assign_rota(*, employee: Employee, rota: Rota | None, offset: int = 0, by: User | None) -> Employee:
    """Put ``employee`` on ``rota`` at place ``offset`` (teams A, B, C of one rota at different places),
    or off any rota (``None``: their fixed shift again). Shifts imported before keep their times; later
    imports and leave follow the new schedule."""
    Invalid.unless_empty(assignment_problems(employee, rota, offset))
    with transaction.atomic():
        locked = Employee.objects.select_for_update().get(pk=employee.pk)
        before = audit.snapshot(locked)
        locked.rota = rota
        locked.rota_offset = offset if rota is not None else 0
        locked.save(update_fields=["rota", "rota_offset"])
        audit.record(
            actor=by,
            action="employee.assign_rota",
            obj=locked,
            before=before,
            after=audit.snapshot(locked),
            site=employee.site,
        )
    employee.rota, employee.rota_offset = locked.rota, locked.rota_offset
    return employee


def create_employee(
    *,
    user: User,
    site: Site,
    shift: Shift,
    monthly_wage: Decimal,
    hired_on: dt.date,
    manager: User | None = None,
    daily_wage: Decimal | None = None,
    by: User | None,
) -> Employee:
    """Put ``user`` on the payroll of ``site``; the clock machine knows them by ``user.employee_no``."""
    with transaction.atomic():
        employee = Employee(
            user=user,
            site=site,
            shift=shift,
            monthly_wage=monthly_wage,
            daily_wage=daily_wage,
            hired_on=hired_on,
            manager=manager,
        )
        employee.full_clean()
        employee.save()
        audit.record_created(employee, actor=by, action="employee.create", site=site)
        return employee
