"""A customer manager's income (p05.income: 基础工资 + 绩效工资 + 行为考核评分) and how its one regulated part
reaches the staff ledger.

The behaviour score's money is the only part a clause prices: ``behaviour_point_value`` per point. A
regular appraisal's 行为 mark is the month's points; they become one p05.income incident of the manager's
staff record with ``quantity`` = points, recorded by the appraiser and binding once the role the pack names
approves it, as every incident does — so the reward lands in 我的奖惩 with its clause and pack version,
priced by the engine. The appraisal keeps the points; the incident counts them (its ``quantity``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.managers.models import Appraisal
from fuwu.regulations.clauses import incident_clause
from fuwu.regulations.policies import in_force
from fuwu.staff.models import Employee, Incident
from fuwu.staff.services.incidents import record_incident

INCOME_CLAUSE = "p05.income"
# The criterion of p05.appraise whose mark is the month's 行为考核评分 (p05.income's points).
BEHAVIOUR = "行为"


def _month_moment(appraisal: Appraisal) -> dt.datetime:
    """When the month's behaviour counts: its last minute, or now while the month runs."""
    zone = in_force(appraisal.manager.site).zone
    following = (appraisal.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = dt.datetime.combine(following, dt.time(), zone) - dt.timedelta(minutes=1)
    return min(last, timezone.now())


def payroll_record(user_id: int) -> Employee | None:
    """The manager's staff record (who is paid), if they have one."""
    return Employee.objects.select_related("site", "user").filter(user_id=user_id).first()


def record_income(appraisal: Appraisal, *, by: User) -> Incident | None:
    """Record the regular appraisal's behaviour points as a p05.income incident of the manager's staff
    record, counted ``points`` times; None when there are no points, no staff record, or no such clause
    in force at their site. Inside the caller's transaction."""
    points = appraisal.marks.get(BEHAVIOUR, 0)
    points = points if isinstance(points, int) and not isinstance(points, bool) else 0
    employee = payroll_record(appraisal.manager.user_id)
    at = _month_moment(appraisal)
    with transaction.atomic():
        before = audit.snapshot(appraisal)
        appraisal.behaviour_points = points
        incident = None
        if points > 0 and employee is not None:
            day = at.astimezone(in_force(employee.site).zone).date()
            if incident_clause(employee.site, INCOME_CLAUSE, day) is not None:
                incident = record_incident(
                    employee=employee,
                    clause=INCOME_CLAUSE,
                    at=at,
                    note=f"{appraisal.month:%Y年%m月}客户经理行为考核评分{points}分",
                    by=by,
                    quantity=points,
                )
        appraisal.income_incident = incident
        appraisal.save(update_fields=["behaviour_points", "income_incident"])
        audit.record(
            actor=by,
            action="managers.income",
            obj=appraisal,
            before=before,
            after=audit.snapshot(appraisal),
            site=appraisal.manager.site,
        )
    return incident
