"""Who the after-sales department's people are at a site: its supervisor (售后主管) and whom quality
complaints reach (the technical quality department, p14.4.3)."""

from __future__ import annotations

from fuwu.aftersales.models import Desk
from fuwu.core.models import Site, User
from fuwu.core.roles import Role


def site_supervisors(site: Site) -> list[User]:
    """The active 部门主管 of ``site``."""
    group = Role.SUPERVISOR.group_name
    return list(User.objects.filter(is_active=True, groups__name=group, sites=site).distinct().order_by("pk"))


def general_managers() -> list[User]:
    group = Role.GENERAL_MANAGER.group_name
    return list(User.objects.filter(is_active=True, groups__name=group).distinct().order_by("pk"))


def aftersales_supervisor(site: Site) -> User | None:
    """The site's after-sales supervisor (p12.14, p12.16b, p12.17): the one its after-sales department names
    in the admin; otherwise its only 部门主管; None when it has several and names none (or has none)."""
    desk = Desk.objects.filter(site=site).select_related("supervisor").first()
    if desk is not None and desk.supervisor is not None:
        return desk.supervisor
    supervisors = site_supervisors(site)
    return supervisors[0] if len(supervisors) == 1 else None


def quality_department(site: Site) -> list[User]:
    """Who a quality complaint routed to the technical quality department reaches: the contact the site's
    after-sales department names, else the site's supervisors, else the general managers."""
    desk = Desk.objects.filter(site=site).select_related("quality_contact").first()
    if desk is not None and desk.quality_contact is not None:
        return [desk.quality_contact]
    return site_supervisors(site) or general_managers()
