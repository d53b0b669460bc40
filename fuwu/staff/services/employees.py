"""Writes of shifts and employees, each in its transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.staff.models import Employee, Shift


def create_shift(
    *, site: Site, name: str, start: dt.time, end: dt.time, days: str = Shift.Days.WORKDAYS, by: User | None
) -> Shift:
    with transaction.atomic():
        shift = Shift(site=site, name=name, start=start, end=end, days=days)
        shift.full_clean()
        shift.save()
        audit.record_created(shift, actor=by, action="shift.create", site=site)
        return shift


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
