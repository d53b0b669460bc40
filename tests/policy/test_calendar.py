"""Workdays follow the official Chinese arrangement; a year nobody knows yet is an error, never a guess."""

from __future__ import annotations

import datetime as dt

import pytest

from fuwu.policy.calendar import CalendarYearUnknown, WorkCalendar, YearArrangement
from fuwu.policy.errors import PolicyError

D = dt.date


def test_national_day_2026_is_a_holiday() -> None:
    calendar = WorkCalendar()
    assert calendar.is_holiday(D(2026, 10, 1))
    assert calendar.is_public_holiday(D(2026, 10, 1))
    assert not calendar.is_workday(D(2026, 10, 1))


def test_the_adjusted_working_weekends_of_2026_are_workdays() -> None:
    calendar = WorkCalendar()
    # 2026-01-04 is a Sunday worked for New Year; 2026-10-10 a Saturday worked for National Day.
    assert D(2026, 1, 4).weekday() == 6 and calendar.is_workday(D(2026, 1, 4))
    assert D(2026, 10, 10).weekday() == 5 and calendar.is_workday(D(2026, 10, 10))


def test_an_ordinary_weekend_is_a_rest_day_but_not_a_public_holiday() -> None:
    calendar = WorkCalendar()
    assert calendar.is_holiday(D(2026, 3, 7))
    assert not calendar.is_public_holiday(D(2026, 3, 7))
    assert calendar.is_workday(D(2026, 3, 9))


def test_add_workdays_skips_the_national_day_week_and_counts_the_worked_saturday() -> None:
    calendar = WorkCalendar()
    # 1–7 Oct are off; 8 Oct (Thu) is the first workday after 30 Sep, and 10 Oct (Sat) is worked.
    assert calendar.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert calendar.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert calendar.add_workdays(D(2026, 10, 10), 1) == D(2026, 10, 12)
    assert calendar.add_workdays(D(2026, 10, 10), -3) == D(2026, 9, 30)
    assert calendar.add_workdays(D(2026, 10, 1), 0) == D(2026, 10, 1)


def test_workdays_between_counts_after_the_start_up_to_the_end() -> None:
    calendar = WorkCalendar()
    assert calendar.workdays_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert calendar.workdays_between(D(2026, 10, 10), D(2026, 9, 30)) == -3
    assert calendar.workdays_between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert calendar.workdays_between(D(2026, 3, 1), D(2026, 3, 8)) == 5


def test_2027_is_refused_by_name_until_its_arrangement_is_entered() -> None:
    calendar = WorkCalendar()
    assert not calendar.knows_year(2027)
    with pytest.raises(CalendarYearUnknown) as caught:
        calendar.is_workday(D(2027, 3, 1))
    assert caught.value.year == 2027
    assert "2027 年的法定节假日安排尚未录入" in str(caught.value)
    assert "the holiday arrangement for 2027 is not known yet" in str(caught.value)
    assert isinstance(caught.value, PolicyError)
    with pytest.raises(CalendarYearUnknown):
        calendar.add_workdays(D(2026, 12, 30), 5)  # runs into 2027
    with pytest.raises(CalendarYearUnknown):
        calendar.is_public_holiday(D(2027, 1, 1))


def test_an_entered_arrangement_for_2027_is_used() -> None:
    new_year = {D(2027, 1, 1)}
    worked_saturday = {D(2027, 1, 9)}
    calendar = WorkCalendar([YearArrangement(2027, holidays=new_year, workdays=worked_saturday)])
    assert calendar.knows_year(2027)
    assert calendar.is_holiday(D(2027, 1, 1))  # a Friday, off
    assert calendar.is_public_holiday(D(2027, 1, 1))
    assert calendar.is_workday(D(2027, 1, 9))  # a Saturday, worked
    assert calendar.is_holiday(D(2027, 1, 10))  # an ordinary Sunday
    assert calendar.is_workday(D(2027, 1, 4))
    assert calendar.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_an_entered_arrangement_takes_precedence_over_the_library() -> None:
    # Suppose 2026-10-09 were declared a holiday after the library shipped.
    calendar = WorkCalendar([YearArrangement(2026, holidays={D(2026, 10, 9)})])
    assert calendar.is_holiday(D(2026, 10, 9))
    assert calendar.is_holiday(D(2026, 10, 10))  # the library's worked Saturday is no longer known


def test_an_arrangement_with_a_day_of_another_year_or_a_day_both_ways_is_refused() -> None:
    with pytest.raises(ValueError, match="not in 2027"):
        YearArrangement(2027, holidays={D(2026, 1, 1)})
    with pytest.raises(ValueError, match="both a holiday and a workday"):
        YearArrangement(2027, holidays={D(2027, 1, 1)}, workdays={D(2027, 1, 1)})
