"""A stand-in while a customer manager is away (p16.4: 由主管临时指派本部其他人员暂时代理工作), started and
ended by a supervisor through the customers app's services: the absent manager's customers and their
stored deadlines and windows move to the stand-in and back (decision 0033). Follow-up's own work — planned
contacts, requests, service tasks, campaign and household deadlines — is read for whoever covers the
manager at the time (``selectors.worklist.covered``), so it moves and moves back with no write at all. The
key customers' care-plan tasks (p14.3.4.8, stored by the managers app) are followed again on both ends."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.access import has_any_role
from fuwu.core.errors import UNKNOWN, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.customers.models import Substitution
from fuwu.customers.services.customers import end_substitution, start_substitution
from fuwu.followup.access import FOLLOWUP_ROLES, SUPERVISING_ROLES
from fuwu.followup.services.common import require_site, text_problem
from fuwu.managers.services.cycle import follow_care_of


def _works_here(user: User, site: Site) -> bool:
    return user.is_active and has_any_role(user, FOLLOWUP_ROLES) and user.sites.filter(pk=site.pk).exists()


def stand_in_problems(
    site: Site,
    *,
    by: User,
    absent: Maybe[User | None],
    substitute: Maybe[User | None],
    ends_at: Maybe[dt.datetime | None],
    reason: Maybe[str],
) -> list[FieldProblem]:
    """403 unless a supervisor of the site; then every bad field."""
    require_site(by, site, SUPERVISING_ROLES, gettext("Only a supervisor appoints a stand-in."))
    problems = text_problem(reason, "reason", longest=200, required=False)
    for name, person in (("absent", absent), ("substitute", substitute)):
        if person is None:
            problems.append((("body", name), gettext("Choose a person.")))
        elif person is not UNKNOWN and not _works_here(person, site):
            problems.append((("body", name), gettext("Choose someone of the site who serves customers.")))
    if absent not in (None, UNKNOWN) and substitute not in (None, UNKNOWN) and absent == substitute:
        problems.append((("body", "substitute"), gettext("Someone cannot stand in for themself.")))
    if ends_at not in (None, UNKNOWN) and ends_at <= timezone.now():  # type: ignore[operator]
        problems.append((("body", "ends_at"), gettext("The stand-in ends later than now.")))
    return problems


def start_stand_in(
    site: Site,
    *,
    by: User,
    absent: User,
    substitute: User,
    ends_at: dt.datetime | None = None,
    reason: str = "",
) -> Substitution:
    """Appoint ``substitute`` for the absent manager from now (until ``ends_at``, or until handed back)."""
    Invalid.unless_empty(
        stand_in_problems(site, by=by, absent=absent, substitute=substitute, ends_at=ends_at, reason=reason)
    )
    with transaction.atomic():
        substitution = start_substitution(
            site=site, absent=absent, substitute=substitute, by=by, ends_at=ends_at, reason=reason.strip()
        )
        follow_care_of(absent, site)  # the key customers' care plans are the manager's work too
    return substitution


def end_stand_in(substitution: Substitution, *, by: User) -> Substitution:
    """The manager is back: their work moves back to them."""
    require_site(by, substitution.site, SUPERVISING_ROLES, gettext("Only a supervisor ends a stand-in."))
    with transaction.atomic():
        ended = end_substitution(substitution, by=by)
        follow_care_of(substitution.absent, substitution.site)
    return ended
