"""Creating and changing sites and who works at them."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from fuwu.core.models import Membership, Site, User
from fuwu.core.services import audit


def create_site(*, kind: str, name: str, code: str, minimum_monthly_wage: Decimal, by: User | None) -> Site:
    """Create a site and record it."""
    with transaction.atomic():
        site = Site(kind=kind, name=name, code=code, minimum_monthly_wage=minimum_monthly_wage)
        site.full_clean()
        site.save()
        audit.record_created(site, actor=by, action="site.create", site=site)
        return site


def update_site(site: Site, *, by: User | None, **changes: object) -> Site:
    """Change a site's name, kind or wage setting and record before and after."""
    allowed = {"kind", "name", "minimum_monthly_wage"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)} on a site")
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        before = audit.snapshot(site)
        for name, value in changes.items():
            setattr(site, name, value)
        site.full_clean()
        site.save()
        audit.record(
            actor=by, action="site.update", obj=site, before=before, after=audit.snapshot(site), site=site
        )
        return site


def add_member(site: Site, user: User, *, by: User | None) -> Membership:
    """Make the user a member of the site; a second call changes nothing."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(site=site, user=user)
        user.forget_access()
        if created:
            audit.record_created(
                membership,
                actor=by,
                action="membership.create",
                site=site,
            )
        return membership


def remove_member(site: Site, user: User, *, by: User | None) -> None:
    """End the user's membership of the site, if any."""
    with transaction.atomic():
        membership = Membership.objects.filter(site=site, user=user).first()
        if membership is None:
            return
        before = audit.snapshot(membership)
        audit.record(
            actor=by, action="membership.delete", obj=membership, before=before, after=None, site=site
        )
        membership.delete()
        user.forget_access()
