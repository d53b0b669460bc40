"""The monthly service summary to the general manager's office (p12.5): the month's customer service
forms put in order — calls, complaints by kind and how their replies kept p14.4.1, what the
investigations found and the incidents they gave, returns and exchanges by outcome with the costs that
fell on customers (p12.15), the quality cases (p14.4.3), and the money: parts charged from the store and
the department's account. Every figure is a count or sum of the stored rows (and the stored reply
deadlines), listed in the workbook."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from fuwu.aftersales.models import AccountEntry, Call, Complaint, PartMovement, QualityCase, ReturnRequest
from fuwu.aftersales.selectors.complaints import ReplyDeadline, reply_deadlines
from fuwu.core.models import Site

ZERO = Decimal("0.00")


@dataclass
class Summary:
    site: Site
    start: dt.datetime
    end: dt.datetime
    desk_calls: int
    supervisor_calls: int
    complaints: list[Complaint]
    deadlines: dict[int, ReplyDeadline | None]
    returns: list[ReturnRequest]
    quality_cases: int
    disputed: int
    parts_cost: Decimal
    income: Decimal
    expense: Decimal

    @property
    def by_kind(self) -> list[tuple[str, int]]:
        counts = Counter(c.kind for c in self.complaints)
        return [(str(label), counts.get(value, 0)) for value, label in Complaint.Kind.choices]

    def _replies(self, state: str) -> int:
        return sum(1 for d in self.deadlines.values() if d is not None and d.state == state)

    @property
    def replied_in_time(self) -> int:
        return self._replies("met")

    @property
    def replied_late_or_overdue(self) -> int:
        return self._replies("breached")

    @property
    def awaiting_reply(self) -> int:
        return self._replies("open")

    @property
    def substantiated(self) -> int:
        return sum(1 for c in self.complaints if c.finding == Complaint.Finding.SUBSTANTIATED)

    @property
    def incidents(self) -> int:
        return sum(1 for c in self.complaints if c.incident_id is not None)

    @property
    def returns_by_state(self) -> list[tuple[str, int, Decimal]]:
        found: list[tuple[str, int, Decimal]] = []
        for value, label in ReturnRequest.State.choices:
            rows = [r for r in self.returns if r.state == value]
            found.append((str(label), len(rows), sum((r.amount for r in rows), ZERO)))
        return found

    @property
    def costs_to_customers(self) -> tuple[int, Decimal]:
        rows = [r for r in self.returns if r.costs_to_customer]
        return len(rows), sum((r.amount for r in rows), ZERO)


def monthly_summary(site: Site, start: dt.datetime, end: dt.datetime) -> Summary:
    """The summary of [start, end)."""
    calls = Counter(
        Call.objects.filter(site=site, at__gte=start, at__lt=end).values_list("register", flat=True)
    )
    complaints = list(
        Complaint.objects.filter(site=site, received_at__gte=start, received_at__lt=end)
        .select_related("incident")
        .order_by("received_at", "pk")
    )
    returns = list(
        ReturnRequest.objects.filter(site=site, recorded_at__gte=start, recorded_at__lt=end).order_by(
            "recorded_at", "pk"
        )
    )
    cases = QualityCase.objects.filter(site=site, routed_at__gte=start, routed_at__lt=end)
    issued = PartMovement.objects.filter(site=site, at__gte=start, at__lt=end).filter(
        kind__in=(PartMovement.Kind.ORDER, PartMovement.Kind.EXCHANGE)
    ) | PartMovement.objects.filter(
        site=site,
        at__gte=start,
        at__lt=end,
        reverses__kind__in=(PartMovement.Kind.ORDER, PartMovement.Kind.EXCHANGE),
    )
    money = AccountEntry.objects.filter(site=site, at__gte=start, at__lt=end).aggregate(
        income=Sum("income"), expense=Sum("expense")
    )
    return Summary(
        site=site,
        start=start,
        end=end,
        desk_calls=calls.get(Call.Register.DESK, 0),
        supervisor_calls=calls.get(Call.Register.SUPERVISOR, 0),
        complaints=complaints,
        deadlines=reply_deadlines(complaints),
        returns=returns,
        quality_cases=cases.count(),
        disputed=cases.filter(disputed=True).count(),
        parts_cost=-Decimal(issued.aggregate(total=Sum("amount"))["total"] or ZERO),
        income=Decimal(money["income"] or ZERO),
        expense=Decimal(money["expense"] or ZERO),
    )
