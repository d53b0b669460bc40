"""What the after-sales pages share: reading a form's values into what the services take (a bad value is
its field's problem, and the service's own checks still run on the rest), the site and period asked for,
and a refused action told on the page it came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe, Unknown
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.regulations.policies import in_force
from fuwu.reports.months import Month

T = TypeVar("T")


class Form:
    """A posted form read field by field: each value, or UNKNOWN with the field's problem."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.problems: list[FieldProblem] = []

    def bad(self, name: str, message: str) -> Unknown:
        self.problems.append((("body", name), message))
        return UNKNOWN

    def text(self, name: str) -> str:
        return str(self.data.get(name, "")).strip()

    def flag(self, name: str) -> bool:
        return self.data.get(name) in ("1", "on", "true", "yes")

    def moment(self, name: str, *, default_now: bool = False) -> Maybe[dt.datetime]:
        raw = self.text(name)
        if not raw:
            if default_now:
                return timezone.now()
            return self.bad(name, gettext("This field is required."))
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            return self.bad(name, gettext("Give a date and time, e.g. 2026-03-02 09:30."))
        return value if timezone.is_aware(value) else timezone.make_aware(value)

    def day(self, name: str) -> Maybe[dt.date]:
        raw = self.text(name)
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return self.bad(name, gettext("Give a date written YYYY-MM-DD."))

    def money(self, name: str, *, required: bool = True) -> Maybe[Decimal | None]:
        raw = self.text(name).replace(",", "")
        if not raw:
            return self.bad(name, gettext("This field is required.")) if required else None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return self.bad(name, gettext("Give an amount in yuan, e.g. 120.00."))
        return value if value.is_finite() else self.bad(name, gettext("Give an amount in yuan, e.g. 120.00."))

    def whole(self, name: str, *, default: int | None = None) -> Maybe[int]:
        raw = self.text(name)
        if not raw and default is not None:
            return default
        try:
            return int(raw)
        except ValueError:
            return self.bad(name, gettext("Give a whole number."))

    def row(self, name: str, rows: Callable[[int], T | None], *, required: bool = False) -> Maybe[T | None]:
        """The row whose id the field holds, among those ``rows`` finds; None when empty."""
        raw = self.text(name)
        if not raw:
            return self.bad(name, gettext("This field is required.")) if required else None
        found = rows(int(raw)) if raw.isdigit() and len(raw) < 18 else None
        return found if found is not None else self.bad(name, gettext("Choose one of the list."))


def errors_of(problems: Sequence[FieldProblem]) -> dict[str, str]:
    """Each field's first problem, by the field's name (the last part of its place)."""
    found: dict[str, str] = {}
    for loc, message in problems:
        found.setdefault(str(loc[-1]), message)
    return found


def chosen_site(request: HttpRequest, user: User) -> Site:
    """The site asked for (?site=code), else the first the user sees; 404 when they see none."""
    sites = sites_visible_to(user).order_by("code")
    code = request.GET.get("site", "")
    found = sites.filter(code=code).first() if code else None
    found = found or sites.first()
    if found is None:
        raise Http404
    return found


def chosen_month(request: HttpRequest, site: Site) -> Month:
    try:
        return Month.parse(request.GET.get("month", ""))
    except ValueError:
        return Month.containing(timezone.now(), in_force(site).zone)


def month_bounds(site: Site, month: Month) -> tuple[dt.datetime, dt.datetime]:
    return month.bounds(in_force(site).zone)


def week_of(request: HttpRequest, site: Site) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00, next Monday) of the week holding ?week=YYYY-MM-DD (this week without one)."""
    zone = in_force(site).zone
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.now().astimezone(zone).date()
    monday = day - dt.timedelta(days=day.weekday())
    start = dt.datetime.combine(monday, dt.time(0), tzinfo=zone)
    return start, start + dt.timedelta(days=7)


def acted(
    request: HttpRequest, target: str, act: Callable[[], object], success: str, **kwargs: Any
) -> HttpResponse:
    """Run an action posted from a page; its refusal (409, a bad field) is told on that page."""
    try:
        act()
    except Conflict as conflict:
        messages.error(request, conflict.message)
    except Invalid as error:
        messages.error(request, " ".join(message for _loc, message in error.problems))
    else:
        messages.success(request, success)
    return HttpResponseRedirect(resolve_url(target, **kwargs))


def has_role(user: User, *roles: Role) -> bool:
    return user.is_superuser or user.has_role(*roles)
