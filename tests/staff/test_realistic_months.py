"""The engine's results for realistic months, through the real import (files in the vendors' shapes from
fuwu.staff.samples) and the ledger: lateness tiers, leave, runs of absences across weekends, holidays,
adjusted workdays and month ends, night shifts across midnight, split shifts and rotas.

The official 2026 calendar: holidays 1/1–3, 2/15–23, 4/4–6, 5/1–5, 6/19–21, 9/25–27, 10/1–7; worked
weekends 1/4, 2/14, 2/28, 5/9, 9/20, 10/10. The worker earns 4,350.00 a month: 200.00 a day (÷ 21.75).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from fuwu.core.roles import Role
from fuwu.regulations.calendars import work_calendar
from fuwu.staff.models import AttendanceDay, Employee, LedgerEntry, Review, Shift
from fuwu.staff.samples import REST, Day, attlog, dingtalk_workbook, month, zkteco_daily
from fuwu.staff.services.attendance import import_attendance
from fuwu.staff.services.employees import assign_rota, create_employee, create_rota, create_shift
from fuwu.staff.services.leave import decide_leave, request_leave
from tests.staff.base import SHANGHAI, StaffTestCase

D = dt.date
NO, NAME = "85089", "用户8"  # the worker of StaffTestCase
Entry = tuple[D | None, str, Decimal, str]
ABSENT = ("", "")
ON_TIME = ("08:56:12", "18:04:31")


def money(text: str) -> Decimal:
    return Decimal(text)


class RealisticMonthTestCase(StaffTestCase):
    def import_file(self, data: bytes, filename: str) -> None:
        import_attendance(site=self.site_a, data=data, filename=filename, by=self.by_role[Role.HR_FINANCE])

    def workdays(
        self, first: D, last: D, clocks: dict[D, tuple[str, str]], who: tuple[str, str] = (NO, NAME)
    ) -> list[Day]:
        """Each day of ``first`` … ``last`` as the clock saw ``who``: on time on workdays unless ``clocks``
        says otherwise, 休息 on rest days."""
        return month(
            [who], first, last, work_calendar().is_workday, lambda _no, day: clocks.get(day, ON_TIME)
        )

    def standing(self, employee: Employee | None = None) -> list[Entry]:
        """The entries that stand (neither reversals nor reversed): (day, clause, amount, because)."""
        rows = LedgerEntry.objects.filter(
            employee=employee or self.worker, reverses__isnull=True, reversed_by__isnull=True
        )
        found = [(e.day, e.clause, e.amount, e.because) for e in rows]
        return sorted(found, key=lambda e: (e[0] or D.min, e[1], e[2]))

    def reviews(self, employee: Employee | None = None) -> list[tuple[D, str, str, str, str]]:
        rows = Review.objects.filter(employee=employee or self.worker).order_by("month", "kind")
        return [
            (r.month, r.kind, r.clause, r.status, r.because) for r in rows if r.state == Review.State.OPEN
        ]

    def taps(self, days: Iterable[Day]) -> bytes:
        """The attlog of these days without the rest days and the absent ones (the clock saw nobody)."""
        return attlog([day for day in days if day.shift != REST and any(any(c) for c in day.punches)])


class LatenessAndLeaveTests(RealisticMonthTestCase):
    def test_a_month_of_lateness_by_each_tier_and_an_hour_and_a_minute_as_absence(self) -> None:
        clocks = {
            D(2026, 3, 2): ("09:05:40", "18:02:00"),  # whole minutes: seconds dropped
            D(2026, 3, 3): ("09:20:00", "18:02:00"),
            D(2026, 3, 4): ("09:21:00", "18:02:00"),
            D(2026, 3, 5): ("09:30:00", "18:02:00"),
            D(2026, 3, 6): ("09:31:00", "18:02:00"),
            D(2026, 3, 9): ("10:00:00", "18:02:00"),
            D(2026, 3, 10): ("10:01:00", "18:02:00"),
            D(2026, 3, 11): ("08:55:00", "17:45:00"),
            D(2026, 3, 12): ("08:55:00", ""),  # a clock-out forgotten is no early leave
        }
        days = self.workdays(D(2026, 3, 1), D(2026, 3, 31), clocks)
        self.import_file(dingtalk_workbook(days), "考勤报表_202603.xlsx")
        self.assertEqual(AttendanceDay.objects.filter(employee=self.worker).count(), 22)
        self.assertEqual(
            self.standing(),
            [
                (D(2026, 3, 2), "p01.3", money("200.00"), "2026年3月全勤奖:迟到5分钟"),
                (D(2026, 3, 2), "p01.3.1", money("10.00"), "迟到5分钟"),
                (D(2026, 3, 3), "p01.3.1", money("10.00"), "迟到20分钟"),
                (D(2026, 3, 4), "p01.3.1", money("20.00"), "迟到21分钟"),
                (D(2026, 3, 5), "p01.3.1", money("20.00"), "迟到30分钟"),
                (D(2026, 3, 6), "p01.3.1", money("50.00"), "迟到31分钟"),
                (D(2026, 3, 9), "p01.3.1", money("50.00"), "迟到60分钟"),
                (D(2026, 3, 10), "p01.3.3", money("600.00"), "迟到61分钟,按旷工处理"),
                (D(2026, 3, 11), "p01.3.1", money("10.00"), "早退15分钟"),
            ],
        )
        self.assertEqual(self.reviews(), [])

    def test_personal_leave_one_and_a_half_times_sick_leave_once_and_half_days(self) -> None:
        manager = self.by_role[Role.SUPERVISOR]
        asked = dt.datetime(2026, 3, 2, 9, tzinfo=SHANGHAI)
        for kind, start, days in (
            ("personal", D(2026, 3, 12), "1"),  # Thursday
            ("sick", D(2026, 3, 13), "0.5"),  # Friday morning
            ("personal", D(2026, 3, 16), "1.5"),  # Monday and Tuesday morning
            ("annual", D(2026, 3, 19), "2"),  # Thursday and Friday: paid, deducts nothing
        ):
            leave = request_leave(
                employee=self.worker, leave_type=kind, start=start, days=Decimal(days), by=self.worker.user,
                notified_at=asked,
            )  # fmt: skip
            decide_leave(leave, by=manager, approve=True)
        # The clock saw nobody on the days of leave; they are no absence.
        away = {D(2026, 3, day): ABSENT for day in (12, 13, 16, 17, 19, 20)}
        self.import_file(dingtalk_workbook(self.workdays(D(2026, 3, 1), D(2026, 3, 31), away)), "3月.xlsx")
        self.assertEqual(
            self.standing(),
            [
                (D(2026, 3, 12), "p01.3", money("200.00"), "2026年3月全勤奖:事假1天"),
                (D(2026, 3, 12), "p01.3.2", money("300.00"), "事假1天"),
                (D(2026, 3, 13), "p01.3.2", money("100.00"), "病假0.5天"),
                (D(2026, 3, 16), "p01.3.2", money("450.00"), "事假1.5天"),
            ],
        )


class AbsenceRunTests(RealisticMonthTestCase):
    STATUS = ("status", "p01.3.3", "auto_resignation", "连续旷工3天")
    WITHHELD = ("needs_review", "p01.3.3", "", "不发放任何工资")

    def absences(self) -> list[Entry]:
        return [entry for entry in self.standing() if entry[1] == "p01.3.3"]

    def test_three_absences_in_a_row_across_a_weekend_propose_auto_resignation_for_hr(self) -> None:
        away = {D(2026, 3, 19): ABSENT, D(2026, 3, 20): ABSENT, D(2026, 3, 23): ABSENT}  # Thu, Fri, Mon
        self.import_file(dingtalk_workbook(self.workdays(D(2026, 3, 1), D(2026, 3, 31), away)), "3月.xlsx")
        self.assertEqual(
            self.absences(),
            [(day, "p01.3.3", money("600.00"), "旷工") for day in sorted(away)],
        )
        march = D(2026, 3, 1)
        self.assertEqual(self.reviews(), [(march, *self.WITHHELD), (march, *self.STATUS)])
        self.assertTrue(
            all(r.state == Review.State.OPEN and r.site == self.site_a for r in Review.objects.all())
        )

    def test_three_absences_in_a_row_across_the_qingming_holiday(self) -> None:
        # Friday 3 April, the holiday 4–6 April (Saturday to Monday), Tuesday 7 and Wednesday 8 April.
        away = {D(2026, 4, 3): ABSENT, D(2026, 4, 7): ABSENT, D(2026, 4, 8): ABSENT}
        self.import_file(self.taps(self.workdays(D(2026, 4, 1), D(2026, 4, 10), away)), "1_attlog.dat")
        self.assertEqual(
            [row.day for row in AttendanceDay.objects.filter(employee=self.worker).order_by("day")],
            [D(2026, 4, day) for day in (1, 2, 3, 7, 8, 9, 10)],
        )
        self.assertEqual(self.absences(), [(day, "p01.3.3", money("600.00"), "旷工") for day in sorted(away)])
        april = D(2026, 4, 1)
        self.assertEqual(self.reviews(), [(april, *self.WITHHELD), (april, *self.STATUS)])

    def test_an_adjusted_working_saturday_is_a_shift_of_the_run(self) -> None:
        # Friday 9 October, Saturday 10 October (worked instead of a holiday day), Monday 12 October.
        away = {D(2026, 10, 9): ABSENT, D(2026, 10, 10): ABSENT, D(2026, 10, 12): ABSENT}
        self.import_file(self.taps(self.workdays(D(2026, 10, 8), D(2026, 10, 16), away)), "1_attlog.dat")
        self.assertEqual(self.absences(), [(day, "p01.3.3", money("600.00"), "旷工") for day in sorted(away)])
        october = D(2026, 10, 1)
        self.assertEqual(self.reviews(), [(october, *self.WITHHELD), (october, *self.STATUS)])

    def test_coming_in_on_the_adjusted_saturday_breaks_the_run(self) -> None:
        away = {D(2026, 10, 9): ABSENT, D(2026, 10, 12): ABSENT, D(2026, 10, 13): ABSENT}
        self.import_file(self.taps(self.workdays(D(2026, 10, 8), D(2026, 10, 16), away)), "1_attlog.dat")
        self.assertEqual(len(self.absences()), 3)
        self.assertEqual(self.reviews(), [])

    def test_a_run_across_the_month_end_counts_in_the_month_it_reaches_three(self) -> None:
        # Monday 30 and Tuesday 31 March, Wednesday 1 April: the month the run's last shift is in.
        away = {D(2026, 3, 30): ABSENT, D(2026, 3, 31): ABSENT, D(2026, 4, 1): ABSENT}
        self.import_file(self.taps(self.workdays(D(2026, 3, 23), D(2026, 4, 3), away)), "1_attlog.dat")
        self.assertEqual(self.absences(), [(day, "p01.3.3", money("600.00"), "旷工") for day in sorted(away)])
        months = {e.day: e.month for e in LedgerEntry.objects.filter(clause="p01.3.3")}
        self.assertEqual(months[D(2026, 3, 31)], D(2026, 3, 1))
        self.assertEqual(months[D(2026, 4, 1)], D(2026, 4, 1))
        april = D(2026, 4, 1)
        self.assertEqual(self.reviews(), [(april, *self.WITHHELD), (april, *self.STATUS)])


class ShiftShapeTests(RealisticMonthTestCase):
    split: Shift
    night: Shift
    desk: Employee
    guard: Employee

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.split = create_shift(
            site=cls.site_a, name="两头班", start=dt.time(9), end=dt.time(18),
            break_start=dt.time(12), break_end=dt.time(13, 30), by=cls.admin,
        )  # fmt: skip
        cls.night = create_shift(
            site=cls.site_a, name="夜班", start=dt.time(22), end=dt.time(6), days="daily", by=cls.admin
        )
        desk = cls.by_role[Role.DISPATCHER]
        guard = cls.by_role[Role.GUARD]
        for user, number in ((desk, "301"), (guard, "77")):
            user.employee_no = number
            user.save(update_fields=["employee_no"])
        cls.desk, cls.guard = (
            create_employee(
                user=user,
                site=cls.site_a,
                shift=shift,
                monthly_wage=Decimal("4350.00"),
                hired_on=D(2025, 1, 1),
                by=cls.admin,
            )
            for user, shift in ((desk, cls.split), (guard, cls.night))
        )
        rota = create_rota(
            site=cls.site_a, name="夜班轮值", cycle="夜班,夜班,休", starts_on=D(2026, 3, 2), by=cls.admin
        )
        cls.guard = assign_rota(employee=cls.guard, rota=rota, offset=0, by=cls.admin)

    def test_a_split_shift_from_dingtalk_slots_and_from_four_attlog_taps_is_one_shift(self) -> None:
        label = "两头班 09:00-12:00 13:30-18:00"
        clocks: list[tuple[D, tuple[tuple[str, str], ...]]] = [
            (D(2026, 3, 2), (("08:58:03", "12:01:10"), ("13:28:45", "18:02:00"))),
            # Late in, back from lunch a quarter of an hour late (not judged), gone 22 minutes early.
            (D(2026, 3, 3), (("09:25:00", "12:02:00"), ("13:45:00", "17:38:00"))),
            # Back from lunch, the evening's clock-out forgotten: no early leave.
            (D(2026, 3, 4), (("08:57:00", "12:03:00"), ("13:29:00", ""))),
        ]
        days = [Day("301", "用户3", day, punches, shift=label) for day, punches in clocks]
        shapes: Sequence[tuple[str, bytes]] = (
            ("考勤报表.xlsx", dingtalk_workbook(days)),
            ("1_attlog.dat", attlog(days)),
        )
        for filename, data in shapes:
            with self.subTest(filename):
                self.import_file(data, filename)
                rows = AttendanceDay.objects.filter(employee=self.desk).order_by("day")
                self.assertEqual(
                    [
                        (r.day.day, r.shift_start, r.shift_end, local(r.clock_in), local(r.clock_out))
                        for r in rows
                    ],
                    [
                        (2, dt.time(9), dt.time(18), "08:58", "18:02"),
                        (3, dt.time(9), dt.time(18), "09:25", "17:38"),
                        (4, dt.time(9), dt.time(18), "08:57", None),
                    ],
                )
                self.assertEqual(
                    self.standing(self.desk),
                    [
                        (D(2026, 3, 3), "p01.3", money("200.00"), "2026年3月全勤奖:迟到25分钟、早退22分钟"),
                        (D(2026, 3, 3), "p01.3.1", money("20.00"), "迟到25分钟"),
                        (D(2026, 3, 3), "p01.3.1", money("20.00"), "早退22分钟"),
                    ],
                )

    def test_a_night_shift_across_midnight_from_attlog_is_judged_by_its_own_times(self) -> None:
        nights = [
            Day("77", "用户7", D(2026, 3, 2), (("21:55:00", "次日 06:03:00"),)),  # on time
            Day("77", "用户7", D(2026, 3, 3), (("22:25:00", "次日 06:02:00"),)),  # 25 minutes late
            # 4 March is the rota's rest day; the night of the 5th ends ten minutes early. The night of the
            # 6th begins after the file's last tap: it is not in the file, so not absent.
            Day("77", "用户7", D(2026, 3, 5), (("21:58:00", "次日 05:50:00"),)),
        ]
        self.import_file(attlog(nights), "1_attlog.dat")
        rows = AttendanceDay.objects.filter(employee=self.guard).order_by("day")
        self.assertEqual(
            [(r.day.day, r.shift_start, r.shift_end, when(r.clock_in), when(r.clock_out)) for r in rows],
            [
                (2, dt.time(22), dt.time(6), "02 21:55", "03 06:03"),
                (3, dt.time(22), dt.time(6), "03 22:25", "04 06:02"),
                (5, dt.time(22), dt.time(6), "05 21:58", "06 05:50"),
            ],
        )
        self.assertEqual(
            self.standing(self.guard),
            [
                (D(2026, 3, 3), "p01.3", money("200.00"), "2026年3月全勤奖:迟到25分钟"),
                (D(2026, 3, 3), "p01.3.1", money("20.00"), "迟到25分钟"),
                (D(2026, 3, 5), "p01.3.1", money("10.00"), "早退10分钟"),
            ],
        )

    def test_a_leave_on_a_rota_covers_its_next_shifts_not_its_rest_days(self) -> None:
        # The guard's rota from 2 March: nights on the 2nd and 3rd, rest on the 4th, nights on the 5th
        # and 6th, rest on the 7th. Two days of personal leave asked from the rest day cover the 5th and
        # 6th: no absence those nights, one and a half days' wage each.
        leave = request_leave(
            employee=self.guard, leave_type="personal", start=D(2026, 3, 4), days=Decimal("2"),
            by=self.guard.user, notified_at=dt.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI),
        )  # fmt: skip
        decide_leave(leave, by=self.admin, approve=True)
        nights = [Day("77", "用户7", D(2026, 3, day), (("21:57:00", "次日 06:01:00"),)) for day in (2, 3, 8)]
        self.import_file(attlog(nights), "1_attlog.dat")
        self.assertEqual(
            [r.day.day for r in AttendanceDay.objects.filter(employee=self.guard).order_by("day")],
            [2, 3, 5, 6, 8],
        )
        self.assertEqual(
            self.standing(self.guard),
            [
                (D(2026, 3, 5), "p01.3", money("200.00"), "2026年3月全勤奖:事假2天"),
                (D(2026, 3, 5), "p01.3.2", money("600.00"), "事假2天"),
            ],
        )

    def test_the_morning_after_the_file_is_no_day_of_absence(self) -> None:
        # The week to Friday 27 March; the guard's night of Sunday 29 March ends on Monday morning, the
        # file's last tap. Monday's 正常班 and the guard's Monday night start later: not in the file.
        week = self.workdays(D(2026, 3, 23), D(2026, 3, 27), {})
        nights = [
            Day("77", "用户7", D(2026, 3, day), (("21:57:00", "次日 06:02:00"),))
            for day in (23, 24, 26, 27, 29)
        ]
        self.import_file(self.taps([*week, *nights]), "1_attlog.dat")
        self.assertEqual(
            [r.day.day for r in AttendanceDay.objects.filter(employee=self.worker).order_by("day")],
            [23, 24, 25, 26, 27],
        )
        self.assertEqual(
            [r.day.day for r in AttendanceDay.objects.filter(employee=self.guard).order_by("day")],
            [23, 24, 26, 27, 29],
        )
        self.assertFalse(LedgerEntry.objects.exists())

    def test_day_rows_naming_no_times_take_the_rota_shift_of_the_day_and_its_rest_days_none(self) -> None:
        # ZKTeco's daily results name no shift: the rota says the 2nd and 3rd are nights, the 4th rest.
        nights = [
            Day("77", "用户7", D(2026, 3, 2), (("21:56", "次日 06:01"),)),
            Day("77", "用户7", D(2026, 3, 3), (("21:59", "次日 06:04"),)),
            Day("77", "用户7", D(2026, 3, 4), (("", ""),), shift=REST),
        ]
        self.import_file(zkteco_daily(nights), "考勤汇总.xlsx")
        rows = AttendanceDay.objects.filter(employee=self.guard).order_by("day")
        self.assertEqual(
            [(r.day.day, r.shift_start, r.shift_end) for r in rows],
            [(2, dt.time(22), dt.time(6)), (3, dt.time(22), dt.time(6))],
        )
        # A DingTalk row of 休息 on a rota's working day is a rest day too: the app's own schedule said so.
        rest = [Day("77", "用户7", D(2026, 3, 6), (("", ""),), shift=REST)]
        self.import_file(dingtalk_workbook([*rest, Day(NO, NAME, D(2026, 3, 6))]), "考勤报表.xlsx")
        self.assertFalse(AttendanceDay.objects.filter(employee=self.guard, day=D(2026, 3, 6)).exists())
        self.assertEqual(self.standing(self.guard), [])

    def test_a_two_shift_rota_from_attlog_stores_each_day_its_own_shift_across_the_month_end(self) -> None:
        day_shift = create_shift(
            site=self.site_a, name="白班", start=dt.time(7), end=dt.time(19), days="daily", by=self.admin
        )
        evening = create_shift(
            site=self.site_a, name="晚班", start=dt.time(19), end=dt.time(7), days="daily", by=self.admin
        )
        rota = create_rota(
            site=self.site_a,
            name="两班倒",
            cycle="白班,白班,晚班,晚班,休,休",
            starts_on=D(2026, 3, 1),
            by=self.admin,
        )
        assign_rota(employee=self.worker, rota=rota, offset=0, by=self.admin)
        # 29 March is day 28 of the cycle (its day 4): 休 29–30, 白 31 March and 1 April, 晚 2 and 3 April.
        taps = [
            Day(NO, NAME, D(2026, 3, 31), (("06:52:00", "19:03:00"),)),
            Day(NO, NAME, D(2026, 4, 1), (("07:12:00", "19:01:00"),)),
            Day(NO, NAME, D(2026, 4, 2), (("18:50:00", "次日 07:04:00"),)),
            Day(NO, NAME, D(2026, 4, 3), (("18:55:00", "次日 07:00:30"),)),
        ]
        self.import_file(attlog(taps), "1_attlog.dat")
        rows = AttendanceDay.objects.filter(employee=self.worker).order_by("day")
        self.assertEqual(
            [(r.day, r.shift_start, when(r.clock_in), when(r.clock_out)) for r in rows],
            [
                (D(2026, 3, 31), day_shift.start, "31 06:52", "31 19:03"),
                (D(2026, 4, 1), day_shift.start, "01 07:12", "01 19:01"),
                (D(2026, 4, 2), evening.start, "02 18:50", "03 07:04"),
                (D(2026, 4, 3), evening.start, "03 18:55", "04 07:00"),
            ],
        )
        self.assertEqual(
            self.standing(),
            [
                (D(2026, 4, 1), "p01.3", money("200.00"), "2026年4月全勤奖:迟到12分钟"),
                (D(2026, 4, 1), "p01.3.1", money("10.00"), "迟到12分钟"),
            ],
        )


def local(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(SHANGHAI).strftime("%H:%M")


def when(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(SHANGHAI).strftime("%d %H:%M")
