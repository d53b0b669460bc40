"""The demo company's payroll: every person an employee with a wage and a schedule (正常班 on workdays, the
guards of each site on a two-shift rota, the store's desk on a split shift), and their attendance for the
same six months as the orders, imported from DingTalk exports generated in the real shape."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import silence
from fuwu.regulations.calendars import work_calendar
from fuwu.staff import demo_events
from fuwu.staff.models import AttendanceImport, Employee, Rota, Shift
from fuwu.staff.samples import REST, Day, dingtalk_workbook
from fuwu.staff.schedules import Schedule
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
# (name, start, end, days, break): 正常班 on workdays for everyone, the guards' day and night duty (worked
# by the rota, holidays too), and the store desk's split shift 09:00–12:00 / 13:30–18:00.
SHIFTS: tuple[tuple[str, dt.time, dt.time, str, tuple[dt.time, dt.time] | None], ...] = (
    ("正常班", dt.time(9), dt.time(18), Shift.Days.WORKDAYS, None),
    ("白班", dt.time(7), dt.time(19), Shift.Days.DAILY, None),
    ("夜班", dt.time(19), dt.time(7), Shift.Days.DAILY, None),
    ("两头班", dt.time(9), dt.time(18), Shift.Days.WORKDAYS, (dt.time(12), dt.time(13, 30))),
)
# Two days, two nights, two days off: three guards at places 0, 2 and 4 keep the gate manned day and
# night (锦绣花园小区 has three; the store's one guard works the cycle alone).
GUARD_ROTA = ("保安两班倒", ["白班", "白班", "夜班", "夜班", "", ""])
SPLIT_SHIFT = {"dispatcher2": "两头班"}  # the store's 客服 covers the counter morning and evening
HIRED_ON = dt.date(2024, 3, 1)


def _shifts(site: Site, by: User) -> dict[str, Shift]:
    found = {shift.name: shift for shift in Shift.objects.filter(site=site)}
    for name, start, end, days, pause in SHIFTS:
        if name not in found:
            rest, back = pause if pause is not None else (None, None)
            found[name] = employees.create_shift(
                site=site, name=name, start=start, end=end, days=days, break_start=rest, break_end=back, by=by
            )
    return found


def _guard_rota(site: Site, by: User) -> Rota:
    name, cycle = GUARD_ROTA
    found = Rota.objects.filter(site=site, name=name).first()
    if found is None:
        found = employees.create_rota(site=site, name=name, cycle=cycle, starts_on=HIRED_ON, by=by)
    return found


def _role(user: User) -> Role:
    return next(iter(sorted(user.roles())))


def load_people(context: DemoContext) -> list[Employee]:
    """Every demo person on the payroll of their first site, managed by its supervisor (the
    supervisors by the general manager)."""
    shifts = {code: _shifts(site, context.admin) for code, site in context.site_by_code.items()}
    rotas = {code: _guard_rota(site, context.admin) for code, site in context.site_by_code.items()}
    guards: dict[str, int] = {}  # guards put on each site's rota so far
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
        # A guard's fixed shift is only what they worked before the rota began; the rota decides each day.
        shift_name = "白班" if role is Role.GUARD else SPLIT_SHIFT.get(username, "正常班")
        manager = people["gm"] if role in (Role.SUPERVISOR, Role.GENERAL_MANAGER) else supervisors[code]
        employee = employees.create_employee(
            user=user,
            site=context.site_by_code[code],
            shift=shifts[code][shift_name],
            monthly_wage=WAGES[role],
            hired_on=HIRED_ON,
            manager=None if username == "gm" else manager,
            by=context.admin,
        )
        if role is Role.GUARD:
            rota = rotas[code]
            place = guards.get(code, 0)
            guards[code] = place + 1
            employee = employees.assign_rota(
                employee=employee, rota=rota, offset=place * 2 % len(rota.cycle), by=context.admin
            )
        made.append(employee)
    return made


def _clock(moment: dt.datetime, day: dt.date) -> str:
    """A tap as DingTalk's daily report writes it: HH:MM, 次日 for the morning after a night shift."""
    prefix = "次日 " if moment.date() > day else ""
    return f"{prefix}{moment:%H:%M}"


def _day(employee: Employee, day: dt.date, schedule: Schedule) -> Day:
    """One day of one person as their schedule has it (``schedule.shift_on``), drawn from a generator
    seeded by who and when (the same on every machine): mostly on time, now and then late by each of the
    p01 tiers, rarely a missing clock-out or absent. A split shift taps out and in around its break."""
    user = employee.user
    shift = schedule.shift_on(employee, day)
    if shift is None:
        return Day(user.employee_no, user.display_name, day, (("", ""),), shift=REST)
    rest, back = shift.break_start, shift.break_end
    if rest is not None and back is not None:
        label = f"{shift.name} {shift.start:%H:%M}-{rest:%H:%M} {back:%H:%M}-{shift.end:%H:%M}"
    else:
        label = f"{shift.name} {shift.start:%H:%M}-{shift.end:%H:%M}"
    slots = 2 if rest is not None else 1
    draw = random.Random(f"{user.username}:{day}")
    start = dt.datetime.combine(day, shift.start)
    end = shift.ends_on(day)
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
            user.employee_no,
            user.display_name,
            day,
            (("", ""),) * slots,
            shift=label,
            results=(("旷工", "旷工"),) * slots,
        )
    came = start + dt.timedelta(minutes=late) if late else start - dt.timedelta(minutes=draw.randint(2, 14))
    left = end + dt.timedelta(minutes=draw.randint(0, 25))
    out = "" if 0.985 < chance <= 0.995 else _clock(left, day)  # forgot to clock out
    results = ("迟到" if late else "正常", "正常" if out else "缺卡")
    if rest is None or back is None:
        punches: tuple[tuple[str, str], ...] = ((_clock(came, day), out),)
        return Day(user.employee_no, user.display_name, day, punches, shift=label, results=(results,))
    lunch = dt.datetime.combine(day, rest) + dt.timedelta(minutes=draw.randint(0, 6))
    again = dt.datetime.combine(day, back) - dt.timedelta(minutes=draw.randint(1, 9))
    punches = ((_clock(came, day), _clock(lunch, day)), (_clock(again, day), out))
    return Day(
        user.employee_no,
        user.display_name,
        day,
        punches,
        shift=label,
        results=((results[0], "正常"), ("正常", results[1])),
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
    schedule = Schedule.of(work_calendar(), people)
    files = shifts = 0
    for site in context.site_by_code.values():
        staff = sorted((e for e in people if e.site_id == site.pk), key=lambda e: e.user.employee_no)
        for first, last in _months(timezone.localdate()):
            name = f"考勤报表_{site.name}_{first:%Y%m}.xlsx"
            if AttendanceImport.objects.filter(site=site, filename=name).exists():
                continue
            days = [
                _day(e, first + dt.timedelta(days=n), schedule)
                for e in staff
                for n in range((last - first).days + 1)
            ]
            with silence.silenced():  # months of history: what they leave for HR is in the review queue
                done = import_attendance(site=site, data=dingtalk_workbook(days), filename=name, by=hr)
            files += 1
            shifts += done.batch.rows
            context.stdout.write(f"  staff: {name} ({done.batch.rows} shifts)\n")
    return files, shifts


def load(context: DemoContext) -> str:
    made = load_people(context)
    files, shifts = load_attendance(context, made)
    events = demo_events.load(context)
    return f"{len(made)} employees, {files} attendance files imported ({shifts} shifts); {events}"
