"""The demo company's payroll: every person an employee with a wage and a shift, and their attendance
for the same six months as the orders, imported from DingTalk exports generated in the real shape."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.regulations.calendars import WorkCalendar, work_calendar
from fuwu.staff.models import AttendanceImport, Employee, Shift
from fuwu.staff.samples import REST, Day, dingtalk_workbook
from fuwu.staff.services import employees
from fuwu.staff.services.attendance import import_attendance

DAYS = 182  # the orders' six months

WAGES: dict[Role, Decimal] = {
    Role.GENERAL_MANAGER: Decimal("15000.00"),
    Role.SUPERVISOR: Decimal("8000.00"),
    Role.DISPATCHER: Decimal("5000.00"),
    Role.TECHNICIAN: Decimal("6000.00"),
    Role.VISITOR_AGENT: Decimal("4500.00"),
    Role.CUSTOMER_MANAGER: Decimal("6500.00"),
    Role.HR_FINANCE: Decimal("6000.00"),
    Role.GUARD: Decimal("4200.00"),
    Role.EMPLOYEE: Decimal("4350.00"),
}
# (name, start, end, days): 正常班 on workdays for everyone, the guards' day and night duty every day.
SHIFTS = (
    ("正常班", dt.time(9), dt.time(18), Shift.Days.WORKDAYS),
    ("白班", dt.time(7), dt.time(19), Shift.Days.DAILY),
    ("夜班", dt.time(19), dt.time(7), Shift.Days.DAILY),
)
NIGHT_GUARDS = {"guard2", "guard4"}
HIRED_ON = dt.date(2024, 3, 1)


def _shifts(site: Site, by: User) -> dict[str, Shift]:
    found = {shift.name: shift for shift in Shift.objects.filter(site=site)}
    for name, start, end, days in SHIFTS:
        if name not in found:
            found[name] = employees.create_shift(site=site, name=name, start=start, end=end, days=days, by=by)
    return found


def _role(user: User) -> Role:
    return next(iter(sorted(user.roles())))


def load_people(context: DemoContext) -> list[Employee]:
    """Every demo person on the payroll of their first site, managed by its supervisor (the
    supervisors by the general manager)."""
    shifts = {code: _shifts(site, context.admin) for code, site in context.site_by_code.items()}
    people = context.people
    supervisors = {
        code: next(
            u for u in people.values() if u.has_role(Role.SUPERVISOR) and u.sites.filter(pk=site.pk).exists()
        )
        for code, site in context.site_by_code.items()
    }
    existing = {e.user_id: e for e in Employee.objects.select_related("user", "site")}
    made = []
    for username, user in people.items():
        if user.pk in existing:
            made.append(existing[user.pk])
            continue
        own = sorted(user.sites.values_list("code", flat=True)) or ["jinxiu"]
        code = own[0]
        role = _role(user)
        shift_name = "正常班"
        if role is Role.GUARD:
            shift_name = "夜班" if username in NIGHT_GUARDS else "白班"
        manager = people["gm"] if role in (Role.SUPERVISOR, Role.GENERAL_MANAGER) else supervisors[code]
        made.append(
            employees.create_employee(
                user=user,
                site=context.site_by_code[code],
                shift=shifts[code][shift_name],
                monthly_wage=WAGES[role],
                hired_on=HIRED_ON,
                manager=None if username == "gm" else manager,
                by=context.admin,
            )
        )
    return made


def _clock(moment: dt.datetime, day: dt.date) -> str:
    """A tap as DingTalk's daily report writes it: HH:MM, 次日 for the morning after a night shift."""
    prefix = "次日 " if moment.date() > day else ""
    return f"{prefix}{moment:%H:%M}"


def _day(employee: Employee, day: dt.date, calendar: WorkCalendar) -> Day:
    """One day of one person, drawn from a generator seeded by who and when (the same on every machine):
    mostly on time, now and then late by each of the p01 tiers, rarely a missing clock-out or absent."""
    user, shift = employee.user, employee.shift
    label = f"{shift.name} {shift.start:%H:%M}-{shift.end:%H:%M}"
    if shift.days == Shift.Days.WORKDAYS and not calendar.is_workday(day):
        return Day(user.employee_no, user.display_name, day, (("", ""),), shift=REST)
    draw = random.Random(f"{user.username}:{day}")
    start = dt.datetime.combine(day, shift.start)
    end = dt.datetime.combine(day + dt.timedelta(days=1) if shift.crosses_midnight else day, shift.end)
    chance = draw.random()
    late = 0
    if chance < 0.035:
        late = draw.randint(3, 20)
    elif chance < 0.045:
        late = draw.randint(21, 30)
    elif chance < 0.05:
        late = draw.randint(31, 58)
    if chance > 0.995:  # absent: no tap all day
        return Day(
            user.employee_no, user.display_name, day, (("", ""),), shift=label, results=(("旷工", "旷工"),)
        )
    came = start + dt.timedelta(minutes=late) if late else start - dt.timedelta(minutes=draw.randint(2, 14))
    left = end + dt.timedelta(minutes=draw.randint(0, 25))
    out = "" if 0.985 < chance <= 0.995 else _clock(left, day)  # forgot to clock out
    results = ("迟到" if late else "正常", "正常" if out else "缺卡")
    return Day(
        user.employee_no, user.display_name, day, ((_clock(came, day), out),), shift=label, results=(results,)
    )


def _months(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(first, last) day of each month from six months ago to yesterday."""
    first = (today - dt.timedelta(days=DAYS)).replace(day=1)
    spans = []
    while first < today:
        following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        spans.append((first, min(following, today) - dt.timedelta(days=1)))
        first = following
    return [span for span in spans if span[0] <= span[1]]


def load_attendance(context: DemoContext, people: list[Employee]) -> tuple[int, int]:
    """Each site's months as DingTalk exports them, imported by HR as a clerk would: (files, shifts)."""
    hr = context.people["hr"]
    calendar = work_calendar()
    files = shifts = 0
    for site in context.site_by_code.values():
        staff = sorted((e for e in people if e.site_id == site.pk), key=lambda e: e.user.employee_no)
        for first, last in _months(timezone.localdate()):
            name = f"考勤报表_{site.name}_{first:%Y%m}.xlsx"
            if AttendanceImport.objects.filter(site=site, filename=name).exists():
                continue
            days = [
                _day(e, first + dt.timedelta(days=n), calendar)
                for e in staff
                for n in range((last - first).days + 1)
            ]
            done = import_attendance(site=site, data=dingtalk_workbook(days), filename=name, by=hr)
            files += 1
            shifts += done.batch.rows
            context.stdout.write(f"  staff: {name} ({done.batch.rows} shifts)\n")
    return files, shifts


def load(context: DemoContext) -> str:
    made = load_people(context)
    files, shifts = load_attendance(context, made)
    return f"{len(made)} employees, {files} attendance files imported ({shifts} shifts)"
