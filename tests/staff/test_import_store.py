"""An import's shifts as stored: new ones inserted together (the import's own audit entry stands for
them), a shift imported again with other times or other vendor words changed with its own audit entry,
the same file again changing nothing."""

from __future__ import annotations

import datetime as dt

from fuwu.core.models import AuditEntry
from fuwu.staff.models import AttendanceDay
from fuwu.staff.samples import Day, dingtalk_workbook
from fuwu.staff.services.attendance import import_attendance
from tests.staff.base import SHANGHAI, StaffTestCase

NO, NAME = "85089", "用户8"  # the worker of StaffTestCase
MONDAY, TUESDAY, SATURDAY = dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 7)


def local(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), SHANGHAI)


class ImportStoreTests(StaffTestCase):
    def imported(self, days: list[Day]) -> int:
        done = import_attendance(
            site=self.site_a, data=dingtalk_workbook(days), filename="考勤.xlsx", by=self.admin
        )
        return done.batch.pk

    def stored(self) -> dict[dt.date, tuple[object, ...]]:
        rows = AttendanceDay.objects.filter(employee=self.worker).values_list(
            "day",
            "shift_start",
            "shift_end",
            "clock_in",
            "clock_out",
            "vendor_result",
            "source",
            "correction",
        )
        return {row[0]: row[1:] for row in rows}

    def test_new_shifts_are_stored_with_their_local_times_and_the_import(self) -> None:
        week = [
            Day(NO, NAME, MONDAY, (("08:57", "18:03"),)),
            Day(NO, NAME, TUESDAY, (("09:12", ""),), results=(("迟到", "缺卡"),)),
            Day(NO, NAME, SATURDAY, (("", ""),), shift="休息"),
        ]
        batch = self.imported(week)
        self.assertEqual(
            self.stored(),
            {
                MONDAY: (
                    dt.time(9),
                    dt.time(18),
                    local(MONDAY, "08:57"),
                    local(MONDAY, "18:03"),
                    "正常",
                    batch,
                    "",
                ),
                TUESDAY: (dt.time(9), dt.time(18), local(TUESDAY, "09:12"), None, "迟到、缺卡", batch, ""),
            },
        )
        self.assertFalse(AuditEntry.objects.filter(action="attendance.reimport").exists())

    def test_a_shift_imported_again_changes_with_its_own_audit_entry(self) -> None:
        first = self.imported(
            [Day(NO, NAME, MONDAY, (("08:57", "18:03"),)), Day(NO, NAME, TUESDAY, (("09:12", "18:01"),))]
        )
        second = self.imported(
            [Day(NO, NAME, MONDAY, (("08:57", "18:03"),)), Day(NO, NAME, TUESDAY, (("08:59", "18:01"),))]
        )
        stored = self.stored()
        self.assertEqual(
            stored[MONDAY][2:], (local(MONDAY, "08:57"), local(MONDAY, "18:03"), "正常", first, "")
        )
        self.assertEqual(
            stored[TUESDAY][2:], (local(TUESDAY, "08:59"), local(TUESDAY, "18:01"), "正常", second, "")
        )
        (entry,) = AuditEntry.objects.filter(action="attendance.reimport")
        assert entry.before is not None and entry.after is not None
        self.assertEqual((entry.before["source_id"], entry.after["source_id"]), (first, second))
        self.assertNotEqual(entry.before["clock_in"], entry.after["clock_in"])
        self.imported(
            [Day(NO, NAME, MONDAY, (("08:57", "18:03"),)), Day(NO, NAME, TUESDAY, (("08:59", "18:01"),))]
        )
        self.assertEqual(self.stored(), stored)
        self.assertEqual(AuditEntry.objects.filter(action="attendance.reimport").count(), 1)

    def test_new_vendor_words_alone_change_only_the_words(self) -> None:
        first = self.imported([Day(NO, NAME, MONDAY, (("09:12", "18:03"),))])
        self.imported([Day(NO, NAME, MONDAY, (("09:12", "18:03"),), results=(("迟到", "正常"),))])
        self.assertEqual(
            self.stored()[MONDAY][2:],
            (local(MONDAY, "09:12"), local(MONDAY, "18:03"), "迟到、正常", first, ""),
        )
        (entry,) = AuditEntry.objects.filter(action="attendance.reimport")
        assert entry.before is not None and entry.after is not None
        self.assertEqual(
            (entry.before["vendor_result"], entry.after["vendor_result"]), ("正常", "迟到、正常")
        )
