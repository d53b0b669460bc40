"""Who works which shift on which day: the one answer pairing, leave and the importer all ask.

An employee on a rota (轮班) works the rota's cycle from its first day on: the cycle's entry for
``(day − starts_on + rota_offset) mod len(cycle)`` is a shift of the site by name, or "" for a rest day.
A rota runs every calendar day — holidays and adjusted workdays do not move it. Before the rota's first
day, and for everyone without a rota, the employee's fixed shift is worked on its days: the official
workdays (holidays off, adjusted Saturdays worked, by the work calendar) or every day.

A ``Schedule`` reads the shifts and rotas of some sites once and remembers which days are workdays, so
asking it for 10,000 people × 31 days costs two queries and no calendar look-up twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from django.utils.translation import gettext

from fuwu.core.errors import Conflict
from fuwu.regulations.calendars import WorkCalendar
from fuwu.staff.models import Employee, Rota, Shift

REST = ""  # a rest day of a rota's cycle, written 休 where people edit it
REST_WORDS = frozenset({"", "休", "休息"})


class RotaBroken(Conflict):
    """A rota's cycle names a shift its site no longer has (renamed or removed since): nobody can say
    what its people work until the rota is mended."""

    def __init__(self, rota: Rota, name: str) -> None:
        super().__init__(
            gettext("The rota %(rota)s names the shift “%(name)s”, which its site no longer has.")
            % {"rota": rota.name, "name": name}
        )


def parse_cycle(text: str) -> list[str]:
    """A cycle as people write it — shift names separated by commas or one a line, 休 for a rest day —
    as the rota keeps it: the names, "" for each rest day. Blank items are dropped."""
    items = text.replace("，", ",").replace("、", ",").replace("\n", ",").split(",")
    return [REST if item.strip() in REST_WORDS else item.strip() for item in items if item.strip()]


def cycle_text(cycle: Iterable[str]) -> str:
    """The cycle as people write it: ``白班, 白班, 夜班, 夜班, 休, 休``."""
    return ", ".join(name or "休" for name in cycle)


def rota_entry(rota: Rota, offset: int, day: dt.date) -> str | None:
    """The cycle's entry of ``day`` for a place ``offset`` in the rota (a shift name, or REST); None
    before the rota's first day or for an empty cycle."""
    if day < rota.starts_on or not rota.cycle:
        return None
    name = rota.cycle[((day - rota.starts_on).days + offset) % len(rota.cycle)]
    return REST if not isinstance(name, str) or name.strip() in REST_WORDS else name


class Schedule:
    """The working calendar and the shifts and rotas of some sites, read once.

    Employees are looked up by their ids only (``site_id``, ``shift_id``, ``rota_id``): no query per
    person, whatever the caller selected with them. A shift or rota of a site not read here is taken from
    the employee (one query the first time)."""

    def __init__(self, calendar: WorkCalendar, shifts: Iterable[Shift] = (), rotas: Iterable[Rota] = ()):
        self.calendar = calendar
        self._workday: dict[dt.date, bool] = {}
        self._shift_by_id: dict[int, Shift] = {}
        self._shift_by_name: dict[int, dict[str, Shift]] = {}
        self._rotas: dict[int, Rota] = {}
        self._cycles: dict[int, list[Shift | None]] = {}
        for shift in shifts:
            self._shift_by_id[shift.pk] = shift
            self._shift_by_name.setdefault(shift.site_id, {})[shift.name] = shift
        for rota in rotas:
            self._rotas[rota.pk] = rota

    @classmethod
    def of_sites(cls, calendar: WorkCalendar, site_ids: Iterable[int]) -> Schedule:
        """The schedule of everyone at these sites (two queries)."""
        ids = sorted(set(site_ids))
        return cls(
            calendar,
            Shift.objects.filter(site_id__in=ids).order_by("pk"),
            Rota.objects.filter(site_id__in=ids).order_by("pk"),
        )

    @classmethod
    def of(cls, calendar: WorkCalendar, employees: Iterable[Employee]) -> Schedule:
        """The schedule of these employees' sites (two queries)."""
        return cls.of_sites(calendar, (employee.site_id for employee in employees))

    def is_workday(self, day: dt.date) -> bool:
        """The calendar's answer, asked once a day (it raises CalendarYearUnknown for a year not known)."""
        found = self._workday.get(day)
        if found is None:
            found = self._workday[day] = self.calendar.is_workday(day)
        return found

    def shifts_of(self, site_id: int) -> Mapping[str, Shift]:
        """The site's shifts by name (read when the schedule was made for this site, else now, once)."""
        found = self._shift_by_name.get(site_id)
        if found is None:
            rows = list(Shift.objects.filter(site_id=site_id))
            self._shift_by_id.update((shift.pk, shift) for shift in rows)
            found = self._shift_by_name[site_id] = {shift.name: shift for shift in rows}
        return found

    def rota_of(self, employee: Employee) -> Rota | None:
        if employee.rota_id is None:
            return None
        found = self._rotas.get(employee.rota_id)
        if found is None:
            found = self._rotas[employee.rota_id] = employee.rota  # type: ignore[assignment]
        return found

    def fixed_shift(self, employee: Employee) -> Shift:
        found = self._shift_by_id.get(employee.shift_id)
        if found is None:
            found = self._shift_by_id[employee.shift_id] = employee.shift
        return found

    def _cycle(self, rota: Rota) -> list[Shift | None]:
        """The rota's days as shifts (None: rest), resolved once; RotaBroken for a name the site lacks."""
        found = self._cycles.get(rota.pk)
        if found is None:
            named = self.shifts_of(rota.site_id)
            found = []
            for name in rota.cycle:
                if not isinstance(name, str) or name.strip() in REST_WORDS:
                    found.append(None)
                elif name in named:
                    found.append(named[name])
                else:
                    raise RotaBroken(rota, name)
            self._cycles[rota.pk] = found
        return found

    def shift_on(self, employee: Employee, day: dt.date) -> Shift | None:
        """The shift ``employee`` works that starts on ``day``; None on a rest day."""
        rota = self.rota_of(employee)
        if rota is not None and rota.cycle and day >= rota.starts_on:  # as rota_entry tells it
            cycle = self._cycle(rota)
            return cycle[((day - rota.starts_on).days + employee.rota_offset) % len(cycle)]
        shift = self.fixed_shift(employee)
        if shift.days == Shift.Days.DAILY or self.is_workday(day):
            return shift
        return None

    def works_on(self, employee: Employee, day: dt.date) -> bool:
        """True when ``employee`` has a shift starting on ``day`` (a rota's day is told by its entry, without
        reading the site's shifts)."""
        rota = self.rota_of(employee)
        entry = rota_entry(rota, employee.rota_offset, day) if rota is not None else None
        if entry is not None:
            return entry != REST
        shift = self.fixed_shift(employee)
        return shift.days == Shift.Days.DAILY or self.is_workday(day)

    def worked_days(self, employee: Employee, first: dt.date) -> Iterator[tuple[dt.date, Shift]]:
        """Each day from ``first`` on with the shift worked on it, one after another (without end)."""
        day = first
        while True:
            shift = self.shift_on(employee, day)
            if shift is not None:
                yield day, shift
            day += dt.timedelta(days=1)

    def scheduled(self, employee: Employee, first: dt.date, last: dt.date) -> list[tuple[dt.date, Shift]]:
        """The days from ``first`` to ``last`` (both included) with the shift worked on each."""
        found = []
        day = first
        while day <= last:
            shift = self.shift_on(employee, day)
            if shift is not None:
                found.append((day, shift))
            day += dt.timedelta(days=1)
        return found


def as_schedule(calendar: WorkCalendar | Schedule) -> Schedule:
    """The schedule itself, or a fresh one on the calendar (it reads shifts and rotas as they are asked)."""
    return calendar if isinstance(calendar, Schedule) else Schedule(calendar)


def shift_on(employee: Employee, day: dt.date, calendar: WorkCalendar | Schedule) -> Shift | None:
    """``Schedule.shift_on`` for one question; give a ``Schedule`` when asking about many people or days."""
    return as_schedule(calendar).shift_on(employee, day)


def worked_days(
    employee: Employee, first: dt.date, calendar: WorkCalendar | Schedule
) -> Iterator[tuple[dt.date, Shift]]:
    """``Schedule.worked_days``: each day from ``first`` on with the shift worked on it (without end)."""
    return as_schedule(calendar).worked_days(employee, first)


def scheduled(
    employee: Employee, first: dt.date, last: dt.date, calendar: WorkCalendar | Schedule
) -> list[tuple[dt.date, Shift]]:
    """``Schedule.scheduled``: the days from ``first`` to ``last`` with the shift worked on each."""
    return as_schedule(calendar).scheduled(employee, first, last)
