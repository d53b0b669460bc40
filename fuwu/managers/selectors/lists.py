"""Reads for the managers' lists, each a fixed number of queries however many rows it shows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from fuwu.core.models import Site
from fuwu.customers.models import Customer, ManagerAssignment
from fuwu.managers.models import CarePlan, CoreReview, KeyCustomer, Level, LevelChange, Manager, rank


def level_order() -> Case:
    """Highest level first."""
    return Case(
        *(When(level=level, then=Value(-rank(level))) for level in Level.values),
        default=Value(0),
        output_field=IntegerField(),
    )


def with_counts(managers: QuerySet[Manager]) -> QuerySet[Manager]:
    """Managers with their site and person, how many customers they look after (``customer_count``) and
    whether a level change waits for a decision (``waiting``), highest level first."""
    customers = (
        Customer.objects.filter(site=OuterRef("site"), manager=OuterRef("user"))
        .order_by()
        .values("manager")
        .annotate(n=Count("pk"))
        .values("n")
    )
    pending = LevelChange.objects.filter(manager=OuterRef("pk"), state=LevelChange.State.PROPOSED)
    return (
        managers.select_related("site", "user")
        .annotate(customer_count=Coalesce(Subquery(customers), 0), waiting=Exists(pending))
        .order_by("site__code", level_order(), "user__username", "pk")
    )


def latest_reviews(sites: Iterable[Site | int]) -> dict[int, CoreReview]:
    """Each site's latest key-customer review, by site id (one query)."""
    ids = [site if isinstance(site, int) else site.pk for site in sites]
    latest = CoreReview.objects.filter(site=OuterRef("site")).order_by("-at", "-pk").values("pk")[:1]
    rows = CoreReview.objects.filter(site_id__in=ids).filter(pk=Subquery(latest)).select_related("site")
    return {row.site_id: row for row in rows}


def key_customer_ids(customer_ids: Sequence[int]) -> set[int]:
    """Those of ``customer_ids`` the latest review of their site chose (one query)."""
    if not customer_ids:
        return set()
    latest = CoreReview.objects.filter(site=OuterRef("review__site")).order_by("-at", "-pk").values("pk")[:1]
    return set(
        KeyCustomer.objects.filter(customer_id__in=customer_ids, review=Subquery(latest)).values_list(
            "customer_id", flat=True
        )
    )


@dataclass(frozen=True)
class KeyLine:
    """A key customer of a review as a list shows it: who manages them now and their year's plan."""

    key: KeyCustomer
    manager_name: str
    plan: CarePlan | None


def key_lines(review: CoreReview, customers: QuerySet[Customer]) -> list[KeyLine]:
    """The review's key customers among ``customers`` (the reader's scope), by rank (three queries)."""
    rows = list(
        KeyCustomer.objects.filter(review=review, customer__in=customers)
        .select_related("customer__manager")
        .order_by("rank")
    )
    plans = {
        plan.customer_id: plan
        for plan in CarePlan.objects.filter(customer_id__in=[r.customer_id for r in rows], year=review.year)
    }
    return [
        KeyLine(row, str(row.customer.manager) if row.customer.manager else "", plans.get(row.customer_id))
        for row in rows
    ]


def history_of(customer: Customer) -> QuerySet[ManagerAssignment]:
    """A customer's managers, newest first."""
    return (
        ManagerAssignment.objects.filter(customer=customer)
        .select_related("manager", "by")
        .order_by("-starts_at", "-pk")
    )


def customers_history(user_id: int, site: Site) -> QuerySet[ManagerAssignment]:
    """Every customer a person has looked after at a site, newest first."""
    return (
        ManagerAssignment.objects.filter(manager_id=user_id, customer__site=site)
        .select_related("customer", "by")
        .order_by("-starts_at", "-pk")
    )
