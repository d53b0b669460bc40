"""An employee's month as the engine's facts: the person, each scheduled shift, approved leave and incidents.

Scope (decisions/0011): an employee's facts are one payroll month — its shifts with their clock times,
approved leave and approved incidents (their own, and those of others they answer for jointly, p04.8).
No ``period`` event: the engine judges p01.3's full-attendance bonus once a month from the shifts
themselves, and a period would add the site's duties and KPIs (95 % of the time). Counters that span
months come as opening balances on the person, never as more history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from fuwu.staff.models import Employee

if TYPE_CHECKING:
    from fuwu.staff.leave_facts import LeaveFacts


class StoredShift(Protocol):
    """A stored shift as the facts read it (an ``AttendanceDay``, or its values as ``month_data`` reads
    them)."""

    @property
    def pk(self) -> int: ...
    @property
    def day(self) -> dt.date: ...
    @property
    def shift_start(self) -> dt.time: ...
    @property
    def shift_end(self) -> dt.time: ...
    @property
    def clock_in(self) -> dt.datetime | None: ...
    @property
    def clock_out(self) -> dt.datetime | None: ...


class StoredIncident(Protocol):
    """An approved incident as the facts read it (an ``Incident``, or its values as ``month_data`` reads
    them)."""

    @property
    def pk(self) -> int | None: ...
    @property
    def employee_id(self) -> int: ...
    @property
    def quantity(self) -> int: ...
    @property
    def clause(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def amount(self) -> Decimal | None: ...
    @property
    def cost(self) -> Decimal | None: ...
    @property
    def concealed(self) -> bool: ...
    @property
    def manager_on_duty_id(self) -> int | None: ...


@dataclass(frozen=True)
class Openings:
    """The counters an employee's month opens with (decision 0011): own incidents recorded before it by
    clause (p04.8's escalation), compensation carried into it over the 20 % cap, and the run of absent
    shifts its previous month ended with."""

    incidents: Mapping[str, int] = field(default_factory=dict)
    carry: Decimal = Decimal(0)
    absence_run: int = 0


@dataclass(frozen=True)
class MonthFacts:
    """What ``regulations.services.evaluate`` takes for one employee's month, and what to keep of its
    answer: decisions about ``person`` made by the month's own events (``refs``)."""

    person: dict[str, Any]
    employees: list[dict[str, Any]]
    events: list[dict[str, Any]]
    refs: frozenset[str]
    dates: dict[str, dt.date]


def subject_of(employee: Employee | int) -> str:
    """The engine's id of the person: the decisions about them name it."""
    return f"employee:{employee if isinstance(employee, int) else employee.pk}"


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _clock(moment: dt.datetime | None, zone: ZoneInfo) -> str | None:
    return None if moment is None else _local_hhmm(moment, zone)


@lru_cache(maxsize=8192)
def _local_hhmm(moment: dt.datetime, zone: ZoneInfo) -> str:
    """A clock moment as the site's local hour and minute. Clock exports mostly give minutes, so a site's
    month has a few thousand distinct moments among hundreds of thousands of punches: each made once."""
    local = moment.astimezone(zone)
    return f"{local.hour:02d}:{local.minute:02d}"


@lru_cache(maxsize=1024)
def _hhmm(value: dt.time) -> str:
    """A shift's start or end as the engine reads it (a site has a few shift times: each made once)."""
    return f"{value.hour:02d}:{value.minute:02d}"


@lru_cache(maxsize=1024)
def _iso(day: dt.date) -> str:
    return day.isoformat()


def person_facts(
    employee: Employee, managers: Mapping[int, int], openings: Openings | None = None
) -> dict[str, Any]:
    """The employee as the engine knows them; ``managers`` maps a manager's user id to their employee id
    (a manager who is on no payroll answers for nobody jointly)."""
    person: dict[str, Any] = {"id": subject_of(employee), "monthly_wage": str(employee.monthly_wage)}
    if employee.daily_wage is not None:
        person["daily_wage"] = str(employee.daily_wage)
    if employee.full_attendance_bonus is not None:
        person["full_attendance_bonus"] = str(employee.full_attendance_bonus)
    if employee.manager_id is not None and employee.manager_id in managers:
        person["manager"] = subject_of(managers[employee.manager_id])
    if openings is not None:
        if openings.incidents:
            person["opening_incidents"] = dict(openings.incidents)
        if openings.carry:
            person["opening_carry"] = str(openings.carry)
        if openings.absence_run:
            person["opening_absence_run"] = openings.absence_run
    return person


def attendance_events(
    employee: Employee, days: Iterable[StoredShift], zone: ZoneInfo, covered: set[dt.date]
) -> list[dict[str, Any]]:
    """The employee's shifts as attendance events; a shift of approved leave owes no attendance."""
    return _shift_events(subject_of(employee), days, zone, covered, {})


def _shift_events(
    subject: str,
    days: Iterable[StoredShift],
    zone: ZoneInfo,
    covered: set[dt.date],
    dates: dict[str, dt.date],
) -> list[dict[str, Any]]:
    """``attendance_events``, noting each shift's day in ``dates`` by its ref (covered shifts too)."""
    events = []
    for row in days:
        ref = f"day:{row.pk}"
        dates[ref] = row.day
        if row.day in covered:
            continue
        events.append(
            {
                "type": "attendance",
                "employee": subject,
                "date": _iso(row.day),
                "shift_start": _hhmm(row.shift_start),
                "shift_end": _hhmm(row.shift_end),
                # A night shift's clock-out earlier than its clock-in is the next morning (digest).
                "clock_in": _clock(row.clock_in, zone),
                "clock_out": _clock(row.clock_out, zone),
                "ref": ref,
            }
        )
    return events


def incident_event(incident: StoredIncident, employees: Mapping[int, Employee]) -> dict[str, Any]:
    """One incident as the engine takes it; ``employees`` holds the people it names by employee id."""
    event: dict[str, Any] = {
        "type": "incident",
        "employee": subject_of(incident.employee_id),
        "clause": incident.clause,
        "at": incident.at.isoformat(),
        "concealed": incident.concealed,
        "ref": f"incident:{incident.pk or 'new'}",  # an incident being recorded has no id yet
    }
    if incident.quantity != 1:  # a fixed amount counted several times (p05.income's behaviour points)
        event["quantity"] = incident.quantity
    if incident.amount is not None:
        event["amount"] = str(incident.amount)
    if incident.cost is not None:
        event["cost"] = str(incident.cost)
    if incident.manager_on_duty_id is not None and incident.manager_on_duty_id in employees:
        event["manager_on_duty"] = subject_of(incident.manager_on_duty_id)
    return event


def month_facts(
    employee: Employee,
    month: dt.date,
    days: Sequence[StoredShift],
    zone: ZoneInfo,
    *,
    leave: LeaveFacts | None = None,
    incidents: Iterable[StoredIncident] = (),
    joint: Iterable[StoredIncident] = (),
    people: Mapping[int, Employee] | None = None,
    managers: Mapping[int, int] | None = None,
    openings: Openings | None = None,
) -> MonthFacts:
    """The facts of ``employee``'s month beginning on ``month`` (its first day).

    ``incidents`` are the employee's own approved incidents of the month; ``joint`` the approved incidents
    of others in the month that may make the employee jointly liable (as manager on duty or their manager):
    their people come along as employees, and only the decisions about this employee are kept. ``people``
    holds every employee the incidents name, by id."""
    # A batch passes its people with the employee among them: not copied for each of 500 months.
    if people is None or employee.pk not in people:
        people = {**(people or {}), employee.pk: employee}
    managers = managers or {}
    person = person_facts(employee, managers, openings)
    covered = leave.covered if leave is not None else set()
    dates: dict[str, dt.date] = {}
    events = _shift_events(person["id"], days, zone, covered, dates)
    if leave is not None:
        events.extend(leave.events)
        dates.update((event["ref"], dt.date.fromisoformat(event["start"])) for event in leave.events)
    others: dict[str, dict[str, Any]] = {}
    for incident in [*incidents, *joint]:
        event = incident_event(incident, people)
        events.append(event)
        dates[event["ref"]] = incident.at.astimezone(zone).date()
        for named in (incident.employee_id, incident.manager_on_duty_id):
            if named is not None and named != employee.pk and named in people:
                others.setdefault(subject_of(named), person_facts(people[named], managers))
    return MonthFacts(person, [person, *others.values()], events, frozenset(dates), dates)
