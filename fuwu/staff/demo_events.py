"""The demo company's incidents, appeals and closed months, made through the services as its people would:
supervisors record violations and commendations, the approvers approve them, some employees appeal (one
upheld, some waiting), and HR closes every month up to two months ago; the previous and the current month
stay open. Dates are counted back from today, so the demo looks alive on any day it is loaded."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site
from fuwu.core.services import silence
from fuwu.regulations.policies import in_force
from fuwu.staff.facts import next_month
from fuwu.staff.models import Appeal, Employee, Incident, LedgerEntry, MonthClose
from fuwu.staff.services.appeals import appeal_incident, appeal_shift, decide_appeal
from fuwu.staff.services.close import close_month
from fuwu.staff.services.incidents import approve_incident, record_incident


@dataclass(frozen=True)
class DemoIncident:
    """Who, which clause, when (months before this one, day of the month), and what became of it."""

    person: str
    clause: str
    months_ago: int
    day: int
    note: str
    recorder: str
    approver: str | None  # None: still waiting for approval
    amount: str | None = None
    cost: str | None = None
    concealed: bool = False
    on_duty: str | None = None
    appeal: str | None = None  # the employee's reason
    upheld: bool | None = None  # None: the appeal waits for a decision


INCIDENTS = (
    DemoIncident("staff1", "p01.1", 4, 9, "上班未穿工服、未戴工牌", "supervisor1", "supervisor1"),
    DemoIncident(
        "tech2",
        "p01.r3",
        3,
        15,
        "在3栋电梯拾得业主钱包（内有现金1,200元）并交还",
        "supervisor1",
        "supervisor1",
    ),
    DemoIncident(
        "tech3",
        "p01.3.11",
        2,
        21,
        "搬运时碰碎物业办公室玻璃隔断，当即上报",
        "supervisor1",
        "supervisor1",
        cost="1500.00",
    ),
    DemoIncident(
        "dispatcher",
        "p12.6",
        1,
        6,
        "业主投诉接电话时态度生硬，经核实属实",
        "supervisor1",
        "gm",
        amount="100.00",
    ),
    DemoIncident(
        "staff2",
        "p01.3.16",
        1,
        12,
        "当班时在前台吃零食",
        "supervisor1",
        "supervisor1",
        appeal="当时是低血糖，已向主管说明，并非在岗吃零食",
        upheld=True,
    ),
    DemoIncident(
        "staff1",
        "p01.3.17",
        0,
        2,
        "业主进门未主动问好",
        "supervisor1",
        "supervisor1",
        appeal="当时正在接听报修电话，已点头示意",
        upheld=None,
    ),
    DemoIncident("staff3", "p01.1", 0, 3, "未按规定佩戴工牌", "supervisor1", None),
    DemoIncident("tech6", "p01.r1", 3, 18, "主动帮助同事完成门店展厅布置", "supervisor2", "supervisor2"),
    DemoIncident(
        "staff4",
        "p04.8",
        2,
        11,
        "交接班未检查展厅灯箱，灯箱整晚未开（违反第五条）",
        "gm",
        "gm",
        amount="30.00",
        on_duty="supervisor2",
    ),
    DemoIncident(
        "staff5",
        "p04.8",
        1,
        14,
        "未按时拉开遮阳帘（违反第七条）",
        "supervisor2",
        "gm",
        amount="20.00",
        on_duty="dispatcher2",
        appeal="当天遮阳帘拉绳损坏，已报修",
        upheld=None,
    ),
)
CLOSE_BEFORE = 2  # months before this one that stay open: the previous and the current


def _when(today: dt.date, months_ago: int, day: int, zone: dt.tzinfo) -> dt.datetime:
    """10:30 on ``day`` of the month ``months_ago`` before today's, never later than yesterday."""
    first = today.replace(day=1)
    for _ in range(months_ago):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    last = next_month(first) - dt.timedelta(days=1)
    date = min(first.replace(day=min(day, last.day)), today - dt.timedelta(days=1))
    return dt.datetime.combine(date, dt.time(10, 30), tzinfo=zone)


def load_incidents(context: DemoContext) -> int:
    """The incidents above, with their approvals and appeals; nothing when the demo has incidents already."""
    if Incident.objects.exists():
        return 0
    people = context.people
    employees = {e.user.username: e for e in Employee.objects.select_related("user", "site")}
    today = timezone.localdate()
    made = 0
    for item in INCIDENTS:
        employee = employees[item.person]
        zone = in_force(employee.site).zone
        # Months of past decisions announce nothing today; what still waits tells whoever must act.
        with silence.silenced() if item.approver is not None else nullcontext():
            incident = record_incident(
                employee=employee,
                clause=item.clause,
                at=_when(today, item.months_ago, item.day, zone),
                note=item.note,
                by=people[item.recorder],
                amount=Decimal(item.amount) if item.amount else None,
                cost=Decimal(item.cost) if item.cost else None,
                concealed=item.concealed,
                manager_on_duty=employees[item.on_duty] if item.on_duty else None,
            )
        made += 1
        if item.approver is None:
            continue
        with silence.silenced():
            approve_incident(incident, by=people[item.approver])
        if item.appeal is None:
            continue
        with silence.silenced() if item.upheld is not None else nullcontext():
            appeal = appeal_incident(incident, reason=item.appeal, by=employee.user)
        if item.upheld is not None:
            with silence.silenced():
                note = "经核实情况属实" if item.upheld else "经核实违规属实"
                decide_appeal(appeal, upheld=item.upheld, note=note, by=people[item.approver])
    return made


def load_shift_appeal(context: DemoContext) -> bool:
    """One employee appeals a lateness fine of this month or the last (the clock was slow, they say);
    it waits for the supervisor."""
    entry = (
        LedgerEntry.objects.filter(
            employee__user__username__in=("staff4", "staff5", "staff6"),
            clause="p01.3.1",
            reverses__isnull=True,
            reversed_by__isnull=True,
            month__gte=(timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1),
            ref__startswith="day:",
        )
        .select_related("employee__user")
        .order_by("-day", "-pk")
        .first()
    )
    if entry is None or Appeal.objects.filter(shift__isnull=False).exists():
        return False
    shift = entry.employee.days.get(pk=int(entry.ref.split(":", 1)[1]))
    start = dt.datetime.combine(shift.day, shift.shift_start, tzinfo=in_force(entry.employee.site).zone)
    appeal_shift(
        shift,
        reason="打卡机当天走时偏慢，我8:55已到岗，门卫可作证",
        clock_in=start - dt.timedelta(minutes=5),
        clock_out=None,
        by=entry.employee.user,
    )
    return True


def close_months(context: DemoContext, site: Site) -> int:
    """HR closes each month of the demo up to two months ago, oldest first."""
    today = timezone.localdate()
    last_open = today.replace(day=1)
    for _ in range(CLOSE_BEFORE - 1):
        last_open = (last_open - dt.timedelta(days=1)).replace(day=1)
    first = LedgerEntry.objects.filter(site=site).order_by("month").values_list("month", flat=True).first()
    closed = 0
    month = first
    while month is not None and month < last_open:
        if not MonthClose.objects.filter(site=site, month=month).exists():
            with silence.silenced():
                close_month(site, month, by=context.people["hr"])
            closed += 1
        month = next_month(month)
    return closed


def load(context: DemoContext) -> str:
    incidents = load_incidents(context)
    appealed = load_shift_appeal(context)
    closed = sum(close_months(context, site) for site in context.site_by_code.values())
    return f"{incidents} incidents, {'a shift appeal, ' if appealed else ''}{closed} months closed"
