"""Each real export shape, imported through the service: the shifts stored and the fines they give."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.core.management import call_command

from fuwu.staff.models import AttendanceDay, LedgerEntry
from fuwu.staff.samples import (
    Day,
    attlog,
    dingtalk_csv,
    dingtalk_workbook,
    wecom_report,
    zkteco_daily,
    zkteco_raw,
)
from fuwu.staff.services.attendance import ImportRefused, import_attendance
from fuwu.staff.services.employees import create_employee, create_shift
from tests.staff.base import SHANGHAI, StaffTestCase

NO, NAME = "85089", "用户8"  # the worker of StaffTestCase
WEEK = [dt.date(2026, 3, 2) + dt.timedelta(days=n) for n in range(5)]  # Monday 2 … Friday 6 March
CLOCKS = [
    ("08:57:14", "18:03:40"),
    ("09:12:30", "18:01:00"),
    ("09:45:10", "18:05:00"),
    ("", ""),
    ("08:50:00", ""),
]


def week() -> list[Day]:
    return [Day(NO, NAME, day, (clock,)) for day, clock in zip(WEEK, CLOCKS, strict=True)]


SHAPES: dict[str, tuple[str, Callable[[Sequence[Day]], bytes], str]] = {
    "dingtalk workbook": ("考勤报表.xlsx", lambda days: dingtalk_workbook(days), "dingtalk"),
    "dingtalk csv": ("每日统计.csv", dingtalk_csv, "dingtalk"),
    "wecom report": ("上下班打卡_日报.xlsx", lambda days: wecom_report(days), "wecom"),
    "zkteco attlog": ("1_attlog.dat", lambda days: attlog(days), "zkteco"),
    "zkteco raw records": ("原始记录.xlsx", lambda days: zkteco_raw(days), "zkteco"),
    "zkteco daily results": ("考勤汇总.xlsx", zkteco_daily, "zkteco"),
}


class ImportShapeTests(StaffTestCase):
    def test_every_real_shape_gives_the_same_shifts_and_the_same_fines(self) -> None:
        for shape, (name, build, source) in SHAPES.items():
            with self.subTest(shape=shape):
                done = import_attendance(site=self.site_a, data=build(week()), filename=name, by=self.admin)
                self.assertEqual(done.batch.source, source)
                days = {row.day: row for row in AttendanceDay.objects.filter(employee=self.worker)}
                self.assertEqual(sorted(days), WEEK)
                monday = days[WEEK[0]]
                self.assertEqual(
                    monday.clock_in.astimezone(SHANGHAI).strftime("%H:%M") if monday.clock_in else None,
                    "08:57",
                )
                self.assertIsNone(days[WEEK[3]].clock_in)  # a missing punch, whichever word the source used
                self.assertIsNone(days[WEEK[4]].clock_out)
                fines = sorted(
                    e.amount for e in LedgerEntry.objects.filter(kind="fine", reverses__isnull=True)
                )
                self.assertEqual(fines, [Decimal("10.00"), Decimal("50.00")])
                self.assertTrue(LedgerEntry.objects.filter(clause="p01.3.3", reverses__isnull=True).exists())
                # The next shape replaces the same shifts: the standing entries stay as they are.
        standing = LedgerEntry.objects.filter(reverses__isnull=True, reversed_by__isnull=True)
        self.assertEqual(
            sorted(e.amount for e in standing if e.kind == "fine"), [Decimal("10.00"), Decimal("50.00")]
        )

    def test_a_night_shift_across_midnight_is_one_shift_judged_by_its_start(self) -> None:
        night = create_shift(
            site=self.site_a, name="夜班", start=dt.time(22), end=dt.time(6), days="daily", by=self.admin
        )
        guard = self.by_role[next(r for r in self.by_role if r.value == "guard")]
        guard.employee_no = "77"
        guard.save(update_fields=["employee_no"])
        create_employee(
            user=guard, site=self.site_a, shift=night, monthly_wage=Decimal("4200.00"),
            hired_on=dt.date(2025, 1, 1), by=self.admin,
        )  # fmt: skip
        days = [
            Day(
                "77",
                guard.display_name,
                dt.date(2026, 3, 2),
                (("22:25", "次日 06:02"),),
                shift="夜班 22:00-06:00",
            ),
            Day(
                "77",
                guard.display_name,
                dt.date(2026, 3, 3),
                (("21:55", "次日 06:10"),),
                shift="夜班 22:00-06:00",
            ),
        ]
        import_attendance(site=self.site_a, data=dingtalk_workbook(days), filename="夜班.xlsx", by=self.admin)
        rows = list(AttendanceDay.objects.filter(employee__user=guard).order_by("day"))
        ends = [(r.day, r.clock_out.astimezone(SHANGHAI).date() if r.clock_out else None) for r in rows]
        self.assertEqual(ends, [
            (dt.date(2026, 3, 2), dt.date(2026, 3, 3)),
            (dt.date(2026, 3, 3), dt.date(2026, 3, 4)),
        ])  # fmt: skip
        fines = [(e.amount, e.because) for e in LedgerEntry.objects.filter(employee__user=guard, kind="fine")]
        self.assertEqual(fines, [(Decimal("20.00"), "迟到25分钟")])

    def test_taps_of_a_night_shift_pair_into_the_shift_that_began_the_evening_before(self) -> None:
        night = create_shift(
            site=self.site_a, name="夜班", start=dt.time(22), end=dt.time(6), days="daily", by=self.admin
        )
        self.worker.shift = night
        self.worker.save(update_fields=["shift"])
        taps = [
            Day(NO, NAME, dt.date(2026, 3, 2), (("21:52:10", "次日 06:03:00"),), shift="夜班 22:00-06:00"),
            Day(NO, NAME, dt.date(2026, 3, 3), (("22:31:00", "次日 06:01:00"),), shift="夜班 22:00-06:00"),
        ]
        import_attendance(site=self.site_a, data=attlog(taps), filename="1_attlog.dat", by=self.admin)
        rows = {r.day: r for r in AttendanceDay.objects.filter(employee=self.worker)}
        self.assertEqual(rows[dt.date(2026, 3, 3)].clock_in, dt.datetime(2026, 3, 3, 22, 31, tzinfo=SHANGHAI))
        self.assertEqual(rows[dt.date(2026, 3, 3)].clock_out, dt.datetime(2026, 3, 4, 6, 1, tzinfo=SHANGHAI))
        self.assertEqual(LedgerEntry.objects.get(kind="fine").because, "迟到31分钟")

    def test_a_bad_file_changes_nothing_and_names_every_row(self) -> None:
        days = [*week(), Day("999", "陌生人", WEEK[0]), Day("998", "路人", WEEK[1])]
        with self.assertRaises(ImportRefused) as refused:
            import_attendance(
                site=self.site_a, data=dingtalk_workbook(days), filename="考勤报表.xlsx", by=self.admin
            )
        messages = [str(p) for p in refused.exception.problems]
        self.assertEqual(len(messages), 2)
        self.assertTrue(all("每日统计" in m for m in messages))
        self.assertFalse(AttendanceDay.objects.exists())
        self.assertFalse(LedgerEntry.objects.exists())

    def test_the_command_imports_with_progress(self) -> None:
        path = self.tmp_file("1_attlog.dat", attlog(week()))
        out = io.StringIO()
        call_command("import", "attendance", str(path), "--site", self.site_a.code, stdout=out)
        self.assertIn("5 / 5", out.getvalue())
        self.assertIn("5 shifts of 1 people", out.getvalue())

    def tmp_file(self, name: str, data: bytes) -> object:
        import shutil
        import tempfile
        from pathlib import Path

        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        path = folder / name
        path.write_bytes(data)
        return path

    def test_numbers_compare_as_the_files_write_them_zeros_dropped_only_from_digits(self) -> None:
        self.worker.user.employee_no = "00B7"
        self.worker.user.save(update_fields=["employee_no"])
        days = [Day("00B7", NAME, WEEK[0], (("08:57:14", "18:03:40"),))]
        done = import_attendance(
            site=self.site_a, data=dingtalk_workbook(days), filename="考勤报表.xlsx", by=self.admin
        )
        self.assertEqual(done.batch.employees, 1)
