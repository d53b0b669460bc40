"""HR's review queue: what the regulations propose about a person's status or wage, and what the
minimum-wage floor kept back, decided by HR. Deciding records HR's decision and nothing else: Fuwu changes
nothing about the person (a confirmed auto-resignation is acted on by HR outside the system)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import sites_visible_to
from fuwu.core.services import audit
from fuwu.staff.models import Review

NOTE_LENGTH = 500


def reviews_visible_to(user: User) -> QuerySet[Review]:
    """The reviews ``user`` may read and decide: HR's of their sites, the general manager's all."""
    if user.is_superuser or user.has_role(Role.GENERAL_MANAGER):
        return Review.objects.all()
    if user.has_role(Role.HR_FINANCE):
        return Review.objects.filter(site__in=sites_visible_to(user))
    return Review.objects.none()


def decide_review(review: Review, *, confirm: bool, note: str, by: User) -> Review:
    """Confirm or dismiss an open review, with HR's note. Only HR of the review's site or the general
    manager; a review decided already (or void) is a Conflict."""
    note = note.strip()
    if len(note) > NOTE_LENGTH:
        raise Invalid.field(("body", "note"), gettext("Keep the note within 500 characters."))
    with transaction.atomic():
        review = Review.objects.select_for_update(of=("self",)).select_related("site").get(pk=review.pk)
        if not reviews_visible_to(by).filter(pk=review.pk).exists():
            raise PermissionDenied(
                gettext("Only HR of the site or the general manager may decide its reviews.")
            )
        if review.state != Review.State.OPEN:
            raise Conflict(gettext("This review has been decided already."))
        before = audit.snapshot(review)
        review.state = Review.State.CONFIRMED if confirm else Review.State.DISMISSED
        review.decided_by = by
        review.decided_at = timezone.now()
        review.note = note
        review.save(update_fields=["state", "decided_by", "decided_at", "note"])
        action = "review.confirm" if confirm else "review.dismiss"
        audit.record(
            actor=by, action=action, obj=review, before=before, after=audit.snapshot(review), site=review.site
        )
    return review
