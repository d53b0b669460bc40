"""A year the calendar library does not know yet is entered by an administrator, then periods in it work."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from fuwu.regulations.calendars import arrangement_of
from fuwu.regulations.models import HolidayYear
from fuwu.regulations.periods import kpis
from fuwu.regulations.services import CalendarMissing
from tests.core.base import RoleUsersTestCase

SH = ZoneInfo("Asia/Shanghai")
JANUARY_2027 = (dt.datetime(2027, 1, 1, tzinfo=SH), dt.datetime(2027, 2, 1, tzinfo=SH))


class HolidayYearTests(RoleUsersTestCase):
    def test_a_period_in_an_unknown_year_says_which_year_to_enter(self) -> None:
        with self.assertRaises(CalendarMissing) as caught:
            kpis(self.site_a, [], *JANUARY_2027)
        self.assertIn("2027 年的法定节假日安排尚未录入", caught.exception.message)

    def test_an_entered_year_takes_effect_at_once(self) -> None:
        HolidayYear.objects.create(year=2027, holidays="2027-01-01\n2027-02-16", workdays="2027-02-20")
        figures = kpis(self.site_a, [], *JANUARY_2027)
        self.assertTrue(figures)
        self.assertTrue(all(figure.value is None for figure in figures))  # nothing to count, nothing refused

    def test_bad_dates_are_refused_naming_the_line(self) -> None:
        for holidays, workdays, message in (
            ("2027-01-01\n2027-13-01", "", "第2项「2027-13-01」"),
            ("2026-12-31", "", "不在 2027 年"),
            ("2027-01-01", "2027-01-01", "不能既是假日又是调休上班日"),
        ):
            with self.assertRaises(ValidationError) as caught:
                arrangement_of(HolidayYear(year=2027, holidays=holidays, workdays=workdays))
            self.assertIn(message, str(caught.exception))
