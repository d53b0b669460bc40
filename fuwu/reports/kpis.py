"""KPI figures by site, local month and technician, counted in SQL over the stored rows.

The four order quotas (p10.3.2b–d, p15.r1) are counted the way the engine's ``kpi`` decisions count them
over the same orders (a test proves it; decision 0014):

- on-time rate: orders whose stored deadlines (``Obligation`` kind deadline, not void, not a return
  visit's — p15.r1 measures those) due in the month were all met ÷ orders with such a deadline due in
  the month (open and breached are not met);
- rework rate: orders completed in the month that completed again (a rectification) or got a rework order
  within the pack's window (p10.3.2c, 30 days) after that completion ÷ orders completed in the month;
- satisfaction: return visits made in the month scoring at least the pack's satisfied score (p10.3.2d,
  4) ÷ return visits made in the month;
- visit coverage: orders completed in the month with a visit made at or after that completion ÷ orders
  completed in the month.

"Completed in the month" is the engine's: an order's completion or a rectification's completion (each is
a ``work_order.completed`` fact) in the month, counted once, from its first completion in the month.

Every figure costs a fixed number of queries, whatever the number of rows: one to read the site's
regulations, one for on-time, one for rework and coverage together (the orders completed in the month
and those only a rectification completed in it, counted apart in one UNION ALL so each half is an index
range), one for satisfaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from fuwu.core.models import Site
from fuwu.orders.models import Order, Rectification, ReturnVisit
from fuwu.regulations.models import Obligation
from fuwu.regulations.quotas import KpiRules, QuotaInForce, compare, kpi_rules
from fuwu.reports.months import Month

RATE = Decimal("0.0001")
ON_TIME = "on_time_rate"
REWORK = "rework_rate"
SATISFACTION = "satisfaction_rate"
COVERAGE = "return_visit_rate"
# The metrics counted over orders and visits; other quota clauses (calls answered, appraisal scores) are
# measured elsewhere and have no row here.
ORDER_METRICS = (ON_TIME, REWORK, SATISFACTION, COVERAGE)
Counts = dict[str, tuple[int, int]]  # metric → (numerator, denominator)


@dataclass(frozen=True)
class Scope:
    """Whose figures: a site, a local month, optionally one technician's orders."""

    site: Site
    month: Month
    rules: KpiRules
    technician_id: int | None = None

    @property
    def start(self) -> dt.datetime:
        return self.month.bounds(self.rules.zone)[0]

    @property
    def end(self) -> dt.datetime:
        return self.month.bounds(self.rules.zone)[1]


@dataclass(frozen=True)
class KpiFigure:
    """One quota clause's figure for a scope, against the clause's target."""

    clause: str
    metric: str
    name: str
    title: str
    value: Decimal | None
    target: Decimal | None
    compare: str | None
    holds: bool | None
    numerator: int
    denominator: int
    pack_version: int

    @property
    def rest(self) -> int:
        """The denominator's rows that are not in the numerator."""
        return self.denominator - self.numerator


def scope_of(site: Site, month: Month, technician_id: int | None = None) -> Scope:
    """The scope with the rules in force on the month's first day (one query)."""
    return Scope(site, month, kpi_rules(site, month.first_day), technician_id)


def kpis(site: Site, month: Month, technician_id: int | None = None) -> list[KpiFigure]:
    """The order quotas in force at the site, with their figures for the month (four queries)."""
    scope = scope_of(site, month, technician_id)
    return figures(scope.rules.quotas, count(scope))


def figures(quotas: Iterable[QuotaInForce], counts: Counts) -> list[KpiFigure]:
    """One figure per order quota clause, in the packs' order."""
    out = []
    for quota in quotas:
        if quota.metric not in ORDER_METRICS:
            continue
        hits, total = counts.get(quota.metric, (0, 0))
        value = None if total == 0 else (Decimal(hits) / Decimal(total)).quantize(RATE, ROUND_HALF_UP)
        out.append(
            KpiFigure(
                clause=quota.clause,
                metric=quota.metric,
                name=quota.name,
                title=quota.title,
                value=value,
                target=quota.target,
                compare=quota.compare,
                holds=compare(hits, total, quota),
                numerator=hits,
                denominator=total,
                pack_version=quota.pack_version,
            )
        )
    return out


# ---------------------------------------------------------------- the rows behind each figure


def _orders(scope: Scope) -> QuerySet[Order]:
    # A cancelled request was never a repair: none of the quotas counts it (nor do the engine's facts).
    rows = Order.objects.filter(site=scope.site).exclude(status=Order.Status.CANCELLED)
    if scope.technician_id is not None:
        rows = rows.filter(technician_id=scope.technician_id)
    return rows


def month_deadlines(scope: Scope) -> QuerySet[Obligation]:
    """The stored deadlines of the scope's orders due in the month (not void, not a return visit's)."""
    due = (
        Obligation.objects.filter(
            site=scope.site,
            subject_type="order",
            kind=Obligation.Kind.DEADLINE,
            due__gte=scope.start,
            due__lt=scope.end,
        )
        .exclude(state=Obligation.State.VOID)
        .exclude(what="return_visit")
    )  # a return visit's deadline is p15.r1's business, not p10.3.2b's (as the engine: decision 0006)
    if scope.technician_id is not None:
        due = due.filter(subject_id__in=_orders(scope).annotate(key=Cast("pk", CharField())).values("key"))
    return due


def _order_pks(rows: QuerySet[Obligation]) -> QuerySet[Any]:
    return rows.annotate(order_pk=Cast("subject_id", BigIntegerField())).values("order_pk")


def deadline_orders(scope: Scope, hit: bool) -> QuerySet[Order]:
    """Orders with a deadline due in the month: all of them met (``hit``), or not all."""
    due = month_deadlines(scope)
    missed = _order_pks(due.exclude(state=Obligation.State.MET))
    rows = _orders(scope).filter(pk__in=_order_pks(due))
    return rows.exclude(pk__in=missed) if hit else rows.filter(pk__in=missed)


def completed_orders(scope: Scope) -> QuerySet[Order]:
    """Orders completed in the month, with ``done`` (their first completion in it), ``reworked`` and
    ``visited``: the rows behind the rework and coverage figures, in one queryset."""
    start, end = scope.start, scope.end
    completed_ids = Order.objects.filter(site=scope.site, completed_at__gte=start, completed_at__lt=end)
    candidates = (
        completed_ids.order_by()
        .values("pk")
        .union(_rectified(scope).order_by().values("order"))  # UNION, not UNION ALL: each order once
    )
    return _judged(scope, _orders(scope).filter(pk__in=candidates))


def completed_halves(scope: Scope) -> tuple[QuerySet[Order], QuerySet[Order]]:
    """``completed_orders`` as two disjoint querysets, for counting: the orders completed in the month
    (a range of the (site, completed_at) index) and those only a rectification completed in it (drawn by
    id from the month's few rectifications). One query with an OR of the two, or with the ids of both
    unioned, makes PostgreSQL read every order of the site (1.9 s at 1,000,000 orders)."""
    own = _orders(scope).filter(_in_month(scope))
    rectified_only = _orders(scope).filter(pk__in=_rectified(scope).values("order")).exclude(_in_month(scope))
    return _judged(scope, own), _judged(scope, rectified_only)


def _in_month(scope: Scope) -> Q:
    return Q(completed_at__gte=scope.start, completed_at__lt=scope.end)


def _rectified(scope: Scope) -> QuerySet[Rectification]:
    """The rectifications completed in the month, at every site: the callers keep their site's orders.
    (Joined to the orders for their site, SQLite walks every order of the site to find the few.)"""
    return Rectification.objects.filter(completed_at__gte=scope.start, completed_at__lt=scope.end)


def _judged(scope: Scope, rows: QuerySet[Order]) -> QuerySet[Order]:
    """The month's completed ``rows`` with ``done``, ``reworked`` and ``visited``."""
    first_rectified = (
        Rectification.objects.filter(
            order=OuterRef("pk"), completed_at__gte=scope.start, completed_at__lt=scope.end
        )
        .order_by("completed_at")
        .values("completed_at")
    )
    # The first completion in the month: the order's own when it falls in the month (a rectification
    # follows a visit, which follows the completion, so it is never earlier), else the first rectification
    # completed in the month. CASE stops at the first true WHEN, so the subquery runs only for the few
    # orders completed in an earlier month.
    rows = rows.annotate(
        done=Case(
            When(_in_month(scope), then=F("completed_at")),
            default=Subquery(first_rectified[:1]),
            output_field=DateTimeField(),
        )
    )
    rows = rows.annotate(
        rework_until=ExpressionWrapper(F("done") + Value(scope.rules.rework_within), DateTimeField())
    )
    completed_again = Rectification.objects.filter(
        order=OuterRef("pk"), completed_at__gt=OuterRef("done"), completed_at__lte=OuterRef("rework_until")
    )
    rework_order = Order.objects.filter(
        rework_of=OuterRef("pk"),  # a rework order is on its order's site (services.rework)
        received_at__gt=OuterRef("done"),
        received_at__lte=OuterRef("rework_until"),
    )
    visit = ReturnVisit.objects.filter(order=OuterRef("pk"), visited_at__gte=OuterRef("done"))
    return rows.annotate(
        reworked=Exists(completed_again) | Exists(rework_order),
        visited=Exists(visit),
    )


def month_visits(scope: Scope) -> QuerySet[ReturnVisit]:
    """Return visits of the site's orders made in the month, with their score."""
    # A visit is on its order's site (services.visits), so the visit's own site and the (site,
    # visited_at) index select them, without joining every order of the site; batch visits have no order.
    rows = ReturnVisit.objects.filter(
        site=scope.site,
        order__isnull=False,
        visited_at__gte=scope.start,
        visited_at__lt=scope.end,
        score__isnull=False,
    )
    if scope.technician_id is not None:
        rows = rows.filter(order__technician_id=scope.technician_id)
    return rows


def satisfied(scope: Scope) -> Q:
    return Q(score__gte=scope.rules.satisfied_min_score)


def orders_behind(scope: Scope, metric: str, hit: bool) -> QuerySet[Order]:
    """The orders of a figure's numerator (``hit``) or of the rest of its denominator."""
    if metric == ON_TIME:
        return deadline_orders(scope, hit)
    if metric == REWORK:
        return completed_orders(scope).filter(Q(reworked=hit))
    if metric == COVERAGE:
        return completed_orders(scope).filter(Q(visited=hit))
    if metric == SATISFACTION:
        scored = month_visits(scope).filter(satisfied(scope) if hit else ~satisfied(scope))
        return _orders(scope).filter(Exists(scored.filter(order=OuterRef("pk"))))
    raise ValueError(f"no orders behind metric {metric!r}")


# ---------------------------------------------------------------- counting


def count(scope: Scope) -> Counts:
    """Numerator and denominator of each metric for the scope (three queries)."""
    grouped = count_by(scope, None)
    return grouped.get(None, {})


def count_by(scope: Scope, group: str | None) -> dict[Any, Counts]:
    """The same counts grouped by an order field (``"technician"``); three queries however many groups."""
    if connection.vendor != "postgresql":
        return _count_by(scope, group)
    # PostgreSQL's JIT compiles the completed-orders query (its per-order EXISTS make the estimated cost
    # pass jit_above_cost) for ~1 s at 1,000,000 orders, to save a few ms of a ~150 ms run: off for these
    # statements (SET LOCAL ends with the transaction; in a request's transaction, with the request's).
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        return _count_by(scope, group)


def _count_by(scope: Scope, group: str | None) -> dict[Any, Counts]:
    found: dict[Any, Counts] = {}

    def run(parts: Sequence[QuerySet[Any]], field: str | None, hits: dict[str, Q]) -> None:
        aggregates: dict[str, Any] = {"total": Count("pk")}
        aggregates.update({metric: Count("pk", filter=q) for metric, q in hits.items()})
        key = field or "whole"
        grouped = []
        for rows in parts:
            rows = rows.order_by()
            if field is None:  # a constant is no GROUP BY: one row over all of them
                rows = rows.annotate(whole=Value(None, output_field=IntegerField()))
            grouped.append(rows.values(key).annotate(**aggregates))
        # Disjoint parts in one statement (UNION ALL of their counts), added up here.
        results: Iterable[dict[str, Any]] = grouped[0].union(*grouped[1:], all=True)
        for result in results:
            counts = found.setdefault(None if field is None else result[key], {})
            for metric in hits:
                hit, total = counts.get(metric, (0, 0))
                counts[metric] = (hit + result[metric], total + result["total"])

    on_order = None if group is None else group
    on_visit = None if group is None else f"order__{group}"
    _count_on_time(scope, group, found)
    run(completed_halves(scope), on_order, {REWORK: Q(reworked=True), COVERAGE: Q(visited=True)})
    run([month_visits(scope)], on_visit, {SATISFACTION: satisfied(scope)})
    return found


def _count_on_time(scope: Scope, group: str | None, found: dict[Any, Counts]) -> None:
    """Counted from the deadlines themselves (one pass over the month's rows, no per-order subquery):
    orders with a deadline due, less those with one not met."""
    due = month_deadlines(scope)
    aggregates = {
        "total": Count("subject_id", distinct=True),
        "missed": Count("subject_id", distinct=True, filter=~Q(state=Obligation.State.MET)),
    }
    results: Iterable[dict[str, Any]]
    if group is None:
        results = [{"owner": None, **due.aggregate(**aggregates)}]
    else:
        owner = Order.objects.filter(pk=OuterRef("order_pk")).values(group)[:1]
        rows = due.annotate(order_pk=Cast("subject_id", BigIntegerField())).annotate(owner=Subquery(owner))
        results = rows.order_by().values("owner").annotate(**aggregates)
    for result in results:
        found.setdefault(result["owner"], {})[ON_TIME] = (result["total"] - result["missed"], result["total"])
