"""Who records, decides on and sees incidents (违规与表彰) and their appeals.

Recording: the supervisors, HR and the general manager of the employee's site, never about themselves.
Deciding (approving, and deciding an appeal): whoever holds the role the pack names at the incident's
site (default 部门主管), or the general manager; never the employee. Seeing: the employee, the manager on
duty the incident names, the employee's manager, and the supervisors and HR of the site.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.staff.models import Appeal, Employee, Incident, LedgerEntry, MonthClose

# Roles that record incidents about the people of their sites (the general manager: of every site).
RECORDERS: frozenset[Role] = frozenset({Role.SUPERVISOR, Role.HR_FINANCE, Role.GENERAL_MANAGER})
# Roles that see every incident of their sites.
SITE_READERS: frozenset[Role] = frozenset({Role.SUPERVISOR, Role.HR_FINANCE})


def _sees_everything(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.GENERAL_MANAGER)


def approver_role(code: str) -> Role | None:
    """The role a pack's approver code names; None for one that is no role of Fuwu's (only the general
    manager decides then)."""
    try:
        return Role(code)
    except ValueError:
        return None


def may_record(user: User) -> bool:
    """Whether the user's role records incidents at all (for which people: ``recordable_employees``)."""
    return user.is_active and (user.is_superuser or user.has_role(*RECORDERS))


def recordable_employees(user: User) -> QuerySet[Employee]:
    """The employees ``user`` may record an incident about: of their sites, never themselves."""
    rows = Employee.objects.exclude(user=user)
    if _sees_everything(user):
        return rows
    if not may_record(user):
        return rows.none()
    return rows.filter(site__in=sites_visible_to(user))


def may_decide(user: User, incident: Incident) -> bool:
    """Whether ``user`` approves ``incident`` (or decides its appeal): the pack's approver role at its
    site, or the general manager; never the employee themself."""
    if not user.is_active or user.pk == incident.employee.user_id:
        return False
    if _sees_everything(user):
        return True
    role = approver_role(incident.approver_role)
    if role is None or not user.has_role(role):
        return False
    return sites_visible_to(user).filter(pk=incident.site_id).exists()


def approvers_of(site: Site, code: str) -> list[User]:
    """Who is told that an incident at ``site`` waits for a decision: the holders of the approver role
    at the site; the general managers when nobody there holds it."""
    role = approver_role(code)
    found: list[User] = []
    if role is not None and role is not Role.GENERAL_MANAGER:
        found = list(User.objects.filter(is_active=True, groups__name=role.group_name, sites=site).distinct())
    if not found:
        managers = Role.GENERAL_MANAGER.group_name
        found = list(User.objects.filter(is_active=True, groups__name=managers).distinct())
    return found


def incidents_visible_to(user: User) -> QuerySet[Incident]:
    """The incidents ``user`` may see (any other is answered as if it did not exist)."""
    rows = Incident.objects.all()
    if _sees_everything(user):
        return rows
    seen = Q(employee__user=user) | Q(manager_on_duty__user=user) | Q(employee__manager=user)
    if user.has_role(*SITE_READERS):
        seen |= Q(site__in=sites_visible_to(user))
    return rows.filter(seen)


def sees_whole(user: User, incident: Incident) -> bool:
    """Whether ``user`` sees what an incident gives everybody (a manager's joint fine too), not only
    what it gives them: the supervisors, HR and managers who may see the site's or the team's."""
    if _sees_everything(user) or user.pk == incident.employee.manager_id:
        return True
    return user.has_role(*SITE_READERS) and sites_visible_to(user).filter(pk=incident.site_id).exists()


def waiting_first(rows: QuerySet[Incident]) -> QuerySet[Incident]:
    """Incidents awaiting approval or with an appeal awaiting decision first, then the newest."""
    waiting = Case(
        When(state=Incident.State.RECORDED, then=Value(0)),
        When(appeal__state=Appeal.State.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return rows.annotate(waiting=waiting).order_by("waiting", "-at", "-id")


def ref_of(incident: Incident | int) -> str:
    """The ledger's ``ref`` of what an incident gave (the engine's ref of its event)."""
    return f"incident:{incident if isinstance(incident, int) else incident.pk}"


def entries_of(incidents: Iterable[Incident | int]) -> dict[int, list[LedgerEntry]]:
    """The ledger entries the incidents made (reversals too), by incident id, oldest first, each knowing
    whether its payroll month is ``closed``; one query."""
    ids = [incident if isinstance(incident, int) else incident.pk for incident in incidents]
    found = entries_by_ref(ref_of(pk) for pk in ids)
    return {pk: found[ref_of(pk)] for pk in ids}


def entries_by_ref(refs: Iterable[str]) -> dict[str, list[LedgerEntry]]:
    """The ledger entries of these facts (``incident:<id>``, ``day:<shift id>`` …; reversals too), by
    ref, oldest first, each knowing whether its payroll month is ``closed``; one query (none for none)."""
    found: dict[str, list[LedgerEntry]] = {ref: [] for ref in refs}
    if not found:
        return found
    # Closed once its payroll month is (as GET /ledger says it): one EXISTS per row, in the one query.
    closed = MonthClose.objects.filter(site=OuterRef("site"), month=OuterRef("month"))
    rows = (
        LedgerEntry.objects.filter(ref__in=found)
        .annotate(closed=Exists(closed))
        .select_related("employee__user", "site")
        .order_by("at", "id")
    )
    for entry in rows:
        found[entry.ref].append(entry)
    return found
