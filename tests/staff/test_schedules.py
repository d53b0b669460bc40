"""Schedules: which shift each person works on a day — fixed shifts on the official calendar, rotas that
ignore it — and the punches paired into those shifts, the leave that covers them, the services that set
them up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import SimpleTestCase

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.core.services import users
from fuwu.regulations.calendars import work_calendar
from fuwu.staff import demo
from fuwu.staff.leave_facts import covered_days
from fuwu.staff.models import Employee, Leave, Rota, Shift
from fuwu.staff.pairing import pair
from fuwu.staff.samples import REST
from fuwu.staff.schedules import Schedule, cycle_text, parse_cycle
from fuwu.staff.services.employees import assign_rota, create_employee, create_rota, create_shift
from tests.staff.base import StaffTestCase

T = dt.datetime
D = dt.date
TWO_SHIFTS = "白班,白班,夜班,夜班,休,休"
THREE_SHIFTS = "早班,早班,中班,中班,夜班,夜班,休,休"


def names(schedule: Schedule, employee: Employee, first: D, count: int) -> list[str]:
    """What ``employee`` works on each of ``count`` days from ``first``: a shift's name or 休."""
    days = [first + dt.timedelta(days=n) for n in range(count)]
    return [getattr(schedule.shift_on(employee, day), "name", "休") for day in days]


class ScheduleTestCase(StaffTestCase):
    day: Shift
    night: Shift
    team: list[Employee]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        made = {
            name: create_shift(
                site=cls.site_a, name=name, start=dt.time(start), end=dt.time(end), days="daily", by=cls.admin
            )
            for name, start, end in (
                ("白班", 7, 19),
                ("夜班", 19, 7),
                ("早班", 6, 14),
                ("中班", 14, 22),
                ("大夜班", 22, 6),
            )
        }
        cls.day, cls.night = made["白班"], made["夜班"]
        cls.team = [cls.person(f"guard{n}", f"9{n}") for n in range(4)]

    @classmethod
    def person(cls, username: str, number: str, shift: Shift | None = None) -> Employee:
        user = users.create_user(
            username=username, password="x", display_name=f"保安{number}", roles=[Role.GUARD], by=cls.admin
        )
        user.employee_no = number
        user.save(update_fields=["employee_no"])
        return create_employee(
            user=user,
            site=cls.site_a,
            shift=shift or cls.day,
            monthly_wage=Decimal("4350.00"),
            hired_on=D(2025, 1, 1),
            manager=cls.by_role[Role.SUPERVISOR],
            by=cls.admin,
        )

    def schedule(self) -> Schedule:
        return Schedule.of(work_calendar(), [self.worker])


class RotaTests(ScheduleTestCase):
    def test_three_guards_of_a_two_shift_rota_keep_the_gate_manned_every_day_of_the_year(self) -> None:
        rota = create_rota(
            site=self.site_a, name="两班倒", cycle=TWO_SHIFTS, starts_on=D(2026, 1, 1), by=self.admin
        )
        for place, guard in zip((0, 2, 4), self.team, strict=False):
            assign_rota(employee=guard, rota=rota, offset=place, by=self.admin)
        guards = list(Employee.objects.filter(rota=rota).order_by("rota_offset"))
        schedule = self.schedule()
        # New Year's Day is a holiday; the rota does not care.
        self.assertEqual(
            [names(schedule, guard, D(2026, 1, 1), 6) for guard in guards],
            [
                ["白班", "白班", "夜班", "夜班", "休", "休"],
                ["夜班", "夜班", "休", "休", "白班", "白班"],
                ["休", "休", "白班", "白班", "夜班", "夜班"],
            ],
        )
        # Across the end of January: 31 January is day 30 since the first, the cycle's day 0 again.
        self.assertEqual(
            [names(schedule, guard, D(2026, 1, 30), 4) for guard in guards],
            [
                ["休", "白班", "白班", "夜班"],
                ["白班", "夜班", "夜班", "休"],
                ["夜班", "休", "休", "白班"],
            ],
        )
        day = D(2026, 1, 1)
        while day.year == 2026:
            worked = sorted(getattr(schedule.shift_on(g, day), "name", "休") for g in guards)
            self.assertEqual(worked, ["休", "夜班", "白班"], day)
            day += dt.timedelta(days=1)

    def test_four_teams_of_a_three_shift_rota_through_the_spring_festival(self) -> None:
        cycle = THREE_SHIFTS.replace("夜班", "大夜班")
        rota = create_rota(
            site=self.site_a, name="三班倒", cycle=cycle, starts_on=D(2026, 2, 1), by=self.admin
        )
        for place, member in zip((0, 2, 4, 6), self.team, strict=True):
            assign_rota(employee=member, rota=rota, offset=place, by=self.admin)
        schedule = self.schedule()
        a, b, c, d = (Employee.objects.get(pk=member.pk) for member in self.team)
        # Saturday 14 February is a worked Saturday, 15–23 the holiday: a rota runs through both.
        self.assertEqual(
            names(schedule, a, D(2026, 2, 14), 11),
            ["大夜班", "休", "休", "早班", "早班", "中班", "中班", "大夜班", "大夜班", "休", "休"],
        )
        for day in (D(2026, 2, 14) + dt.timedelta(days=n) for n in range(11)):
            worked = sorted(getattr(schedule.shift_on(m, day), "name", "休") for m in (a, b, c, d))
            self.assertEqual(worked, ["中班", "休", "大夜班", "早班"], day)

    def test_before_its_first_day_a_person_works_their_fixed_shift(self) -> None:
        rota = create_rota(
            site=self.site_a, name="两班倒", cycle=TWO_SHIFTS, starts_on=D(2026, 3, 2), by=self.admin
        )
        assign_rota(employee=self.worker, rota=rota, offset=2, by=self.admin)
        schedule = self.schedule()
        # Saturday 28 February is a worked Saturday for 正常班; Sunday 1 March is not.
        self.assertEqual(names(schedule, self.worker, D(2026, 2, 28), 4), ["正常班", "休", "夜班", "夜班"])

    def test_a_fixed_shift_follows_the_official_calendar_and_a_daily_one_every_day(self) -> None:
        schedule = self.schedule()
        # Fri 9 Oct, Sat 10 Oct (worked, 调休), Sun 11 Oct, Mon 12 Oct; the National Day holiday before.
        self.assertEqual(
            names(schedule, self.worker, D(2026, 10, 6), 7),
            ["休", "休", "正常班", "正常班", "正常班", "休", "正常班"],
        )
        fixed = self.team[0]
        self.assertEqual(names(schedule, fixed, D(2026, 10, 6), 3), ["白班", "白班", "白班"])
        self.assertEqual(
            [day for day, _shift in schedule.scheduled(self.worker, D(2026, 2, 12), D(2026, 2, 25))],
            [D(2026, 2, 12), D(2026, 2, 13), D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 25)],
        )

    def test_thousands_of_people_cost_two_queries_and_none_a_day(self) -> None:
        rota = create_rota(
            site=self.site_a, name="两班倒", cycle=TWO_SHIFTS, starts_on=D(2026, 1, 1), by=self.admin
        )
        for place, guard in enumerate(self.team):
            assign_rota(employee=guard, rota=rota, offset=place, by=self.admin)
        people = list(Employee.objects.all())  # nothing selected with them
        calendar = work_calendar()
        with self.assertNumQueries(2):
            schedule = Schedule.of(calendar, people)
        with self.assertNumQueries(0):
            found = [schedule.scheduled(person, D(2026, 3, 1), D(2026, 3, 31)) for person in people]
        # 正常班's 22 workdays of March; the rota's 4 days in 6, from 1 March (day 59: the cycle's day 5).
        self.assertEqual([len(days) for days in found], [22, 20, 21, 21, 21])

    def test_a_rota_naming_a_shift_its_site_no_longer_has_says_so(self) -> None:
        rota = Rota.objects.create(
            site=self.site_a, name="旧", cycle=["白班", "早晚班"], starts_on=D(2026, 1, 1)
        )
        self.worker.rota, self.worker.rota_offset = rota, 0
        with self.assertRaisesMessage(Conflict, "轮班表“旧”中的班次“早晚班”在其站点已不存在。"):
            self.schedule().shift_on(self.worker, D(2026, 1, 2))


class RotaServiceTests(ScheduleTestCase):
    def test_a_cycle_is_written_as_people_write_it(self) -> None:
        self.assertEqual(
            parse_cycle("白班，白班、夜班\n夜班\n休\n休息,"), ["白班", "白班", "夜班", "夜班", "", ""]
        )
        self.assertEqual(cycle_text(["白班", "", "夜班"]), "白班, 休, 夜班")
        rota = create_rota(
            site=self.site_a, name=" 两班倒 ", cycle=["白班", "休"], starts_on=D(2026, 1, 1), by=self.admin
        )
        self.assertEqual((rota.name, rota.cycle), ("两班倒", ["白班", ""]))
        self.assertEqual(AuditEntry.objects.filter(action="rota.create", object_pk=str(rota.pk)).count(), 1)

    def test_every_bad_field_of_a_rota_is_named(self) -> None:
        create_rota(site=self.site_a, name="两班倒", cycle=TWO_SHIFTS, starts_on=D(2026, 1, 1), by=self.admin)
        with self.assertRaises(Invalid) as refused:
            create_rota(
                site=self.site_a,
                name="两班倒",
                cycle="白班,早晚班,夜班,晚班",
                starts_on=D(2026, 1, 1),
                by=self.admin,
            )
        self.assertEqual(
            refused.exception.problems,
            [
                (("body", "name"), "本站点已有名为“两班倒”的轮班表。"),
                (("body", "cycle", 1), "周期第 2 天的“早晚班”不是本站点的班次。"),
                (("body", "cycle", 3), "周期第 4 天的“晚班”不是本站点的班次。"),
            ],
        )
        # Another site's shift is no shift of this one; a cycle of rest days only has nobody working.
        create_shift(site=self.site_b, name="门店班", start=dt.time(10), end=dt.time(20), by=self.admin)
        with self.assertRaises(Invalid) as refused:
            create_rota(site=self.site_a, name="门店", cycle="门店班", starts_on=D(2026, 1, 1), by=self.admin)
        self.assertEqual(refused.exception.problems[0][0], ("body", "cycle", 0))
        with self.assertRaises(Invalid) as refused:
            create_rota(site=self.site_a, name="全休", cycle="休,休", starts_on=D(2026, 1, 1), by=self.admin)
        self.assertEqual(refused.exception.problems, [(("body", "cycle"), "轮班周期中至少要有一天上班。")])
        self.assertEqual(Rota.objects.count(), 1)

    def test_a_person_is_put_on_a_rota_of_their_site_at_a_place_of_its_cycle(self) -> None:
        rota = create_rota(
            site=self.site_a, name="两班倒", cycle=TWO_SHIFTS, starts_on=D(2026, 1, 1), by=self.admin
        )
        other_shift = create_shift(
            site=self.site_b, name="白班", start=dt.time(7), end=dt.time(19), by=self.admin
        )
        other = create_rota(
            site=self.site_b, name="门店", cycle="白班", starts_on=D(2026, 1, 1), by=self.admin
        )
        with self.assertRaises(Invalid) as refused:
            assign_rota(employee=self.worker, rota=other, offset=3, by=self.admin)
        self.assertEqual(
            refused.exception.problems,
            [
                (("body", "rota"), "轮班表“门店”属于其他站点，请选择该员工所在站点的轮班表。"),
                (("body", "rota_offset"), "轮班位置须在 0 至 0 之间（该周期共 1 天）。"),
            ],
        )
        self.assertIsNotNone(other_shift.pk)
        assign_rota(employee=self.worker, rota=rota, offset=4, by=self.admin)
        saved = Employee.objects.get(pk=self.worker.pk)
        self.assertEqual((saved.rota_id, saved.rota_offset), (rota.pk, 4))
        entry = AuditEntry.objects.get(action="employee.assign_rota")
        assert entry.before is not None and entry.after is not None
        self.assertEqual((entry.before["rota_id"], entry.after["rota_offset"]), (None, 4))
        assign_rota(employee=self.worker, rota=None, by=self.admin)
        self.assertIsNone(Employee.objects.get(pk=self.worker.pk).rota_id)

    def test_a_split_shift_keeps_its_break_and_a_break_outside_it_is_refused(self) -> None:
        split = create_shift(
            site=self.site_a, name="两头班", start=dt.time(9), end=dt.time(18),
            break_start=dt.time(12), break_end=dt.time(13, 30), by=self.admin,
        )  # fmt: skip
        self.assertEqual((split.break_start, split.break_end), (dt.time(12), dt.time(13, 30)))
        with self.assertRaises(Invalid) as refused:
            create_shift(
                site=self.site_a, name="坏班", start=dt.time(9), end=dt.time(18),
                break_start=dt.time(18, 30), break_end=dt.time(19), by=self.admin,
            )  # fmt: skip
        self.assertEqual(
            refused.exception.problems,
            [(("body", "break_start"), "休息时段须在当天结束的班次之内。")],
        )


class LeaveOnRotaTests(ScheduleTestCase):
    def test_a_leave_covers_the_next_shifts_of_the_rota_skipping_its_rest_days_not_holidays(self) -> None:
        rota = create_rota(
            site=self.site_a, name="两班倒", cycle=TWO_SHIFTS, starts_on=D(2026, 3, 1), by=self.admin
        )
        guard = assign_rota(employee=self.team[0], rota=rota, offset=0, by=self.admin)
        # 白 1, 白 2, 夜 3, 夜 4, 休 5–6, 白 7 …; 4–6 April (Qingming) is a rota's working holiday.
        leave = Leave(employee=guard, leave_type="personal", start=D(2026, 3, 3), days=Decimal("3.5"))
        self.assertEqual(
            covered_days(leave, guard, work_calendar()),
            [(D(2026, 3, 3), 1), (D(2026, 3, 4), 1), (D(2026, 3, 7), 1), (D(2026, 3, 8), Decimal("0.5"))],
        )
        holiday = Leave(employee=guard, leave_type="sick", start=D(2026, 4, 4), days=Decimal("2"))
        # Day 34 of the cycle (4 April) is its day 4: rest; then 5 and 6 April are 休 and 白.
        self.assertEqual(
            covered_days(holiday, guard, work_calendar()), [(D(2026, 4, 6), 1), (D(2026, 4, 7), 1)]
        )


class PairingTests(SimpleTestCase):
    split = Shift(
        name="两头班", start=dt.time(9), end=dt.time(18), break_start=dt.time(12), break_end=dt.time(13, 30)
    )
    night = Shift(name="大夜班", start=dt.time(22), end=dt.time(6))
    day = Shift(name="白班", start=dt.time(7), end=dt.time(19))
    evening = Shift(name="夜班", start=dt.time(19), end=dt.time(7))

    def clocks(self, shifts: list[tuple[D, Shift]], taps: list[T]) -> list[tuple[D, T | None, T | None]]:
        return [(s.day, s.clock_in, s.clock_out) for s in pair(shifts, taps)]

    def test_a_split_shift_is_one_shift_from_the_first_clock_in_to_the_last_clock_out(self) -> None:
        monday, tuesday = D(2026, 3, 2), D(2026, 3, 3)
        taps = [T(2026, 3, 2, 8, 58), T(2026, 3, 2, 12, 1), T(2026, 3, 2, 13, 28), T(2026, 3, 2, 18, 2)]
        # Tuesday: the evening's clock-out forgotten; the tap back from lunch is the break's, not a leaving.
        taps += [T(2026, 3, 3, 8, 57), T(2026, 3, 3, 12, 3), T(2026, 3, 3, 13, 41)]
        self.assertEqual(
            self.clocks([(monday, self.split), (tuesday, self.split)], taps),
            [(monday, T(2026, 3, 2, 8, 58), T(2026, 3, 2, 18, 2)), (tuesday, T(2026, 3, 3, 8, 57), None)],
        )

    def test_a_night_shift_takes_its_morning_taps_from_the_next_day(self) -> None:
        days = [(D(2026, 3, 2), self.night), (D(2026, 3, 3), self.night)]
        taps = [T(2026, 3, 2, 21, 52), T(2026, 3, 3, 6, 3), T(2026, 3, 3, 6, 3, 4), T(2026, 3, 3, 22, 31)]
        taps.append(T(2026, 3, 4, 6, 1))
        self.assertEqual(
            self.clocks(days, taps),
            [
                (D(2026, 3, 2), T(2026, 3, 2, 21, 52), T(2026, 3, 3, 6, 3, 4)),
                (D(2026, 3, 3), T(2026, 3, 3, 22, 31), T(2026, 3, 4, 6, 1)),
            ],
        )

    def test_from_nights_to_days_each_tap_goes_to_the_shift_it_is_nearer(self) -> None:
        early = Shift(name="早班", start=dt.time(6), end=dt.time(14))
        # A night shift and then, covering for a colleague, the early shift at once: 05:58 and 06:05 lie in
        # both shifts' windows; each goes to the shift it is nearer, and only there.
        days = [(D(2026, 3, 2), self.night), (D(2026, 3, 3), early)]
        taps = [T(2026, 3, 2, 21, 50), T(2026, 3, 3, 5, 58), T(2026, 3, 3, 6, 5), T(2026, 3, 3, 14, 1)]
        self.assertEqual(
            self.clocks(days, taps),
            [
                (D(2026, 3, 2), T(2026, 3, 2, 21, 50), T(2026, 3, 3, 5, 58)),
                (D(2026, 3, 3), T(2026, 3, 3, 6, 5), T(2026, 3, 3, 14, 1)),
            ],
        )

    def test_two_day_shifts_then_two_nights_of_a_rota(self) -> None:
        days = [(D(2026, 3, 2), self.day), (D(2026, 3, 3), self.day)]
        days += [(D(2026, 3, 4), self.evening), (D(2026, 3, 5), self.evening)]
        taps = [T(2026, 3, 2, 6, 50), T(2026, 3, 2, 19, 4), T(2026, 3, 3, 7, 12), T(2026, 3, 3, 19, 1)]
        taps += [T(2026, 3, 4, 18, 52), T(2026, 3, 5, 7, 3), T(2026, 3, 5, 19, 20), T(2026, 3, 6, 7, 0)]
        self.assertEqual(
            self.clocks(days, taps),
            [
                (D(2026, 3, 2), T(2026, 3, 2, 6, 50), T(2026, 3, 2, 19, 4)),
                (D(2026, 3, 3), T(2026, 3, 3, 7, 12), T(2026, 3, 3, 19, 1)),
                (D(2026, 3, 4), T(2026, 3, 4, 18, 52), T(2026, 3, 5, 7, 3)),
                (D(2026, 3, 5), T(2026, 3, 5, 19, 20), T(2026, 3, 6, 7, 0)),
            ],
        )


class DemoScheduleTests(ScheduleTestCase):
    def test_the_demo_draws_each_persons_day_as_their_schedule_has_it(self) -> None:
        rota = create_rota(
            site=self.site_a, name="保安两班倒", cycle=TWO_SHIFTS, starts_on=D(2026, 3, 1), by=self.admin
        )
        guard = assign_rota(employee=self.team[0], rota=rota, offset=0, by=self.admin)
        split = create_shift(
            site=self.site_a, name="两头班", start=dt.time(9), end=dt.time(18),
            break_start=dt.time(12), break_end=dt.time(13, 30), by=self.admin,
        )  # fmt: skip
        desk = self.person("desk", "301", split)
        schedule = Schedule.of(work_calendar(), [guard, desk])
        # 1–2 March 白班, 3–4 夜班, 5–6 rest: holidays and weekends alike.
        shown = [demo._day(guard, D(2026, 3, day), schedule).shift for day in range(1, 7)]
        self.assertEqual(shown, ["白班 07:00-19:00"] * 2 + ["夜班 19:00-07:00"] * 2 + [REST] * 2)
        night = demo._day(guard, D(2026, 3, 3), schedule)
        self.assertTrue(not night.punches[0][1] or night.punches[0][1].startswith("次日 "))
        # The split shift taps out and back in around its break, on workdays only.
        monday = demo._day(desk, D(2026, 3, 2), schedule)
        self.assertEqual((monday.shift, len(monday.punches)), ("两头班 09:00-12:00 13:30-18:00", 2))
        self.assertEqual(demo._day(desk, D(2026, 3, 1), schedule).shift, REST)
