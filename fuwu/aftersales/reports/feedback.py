"""The weekly feedback to the general manager (p12.10): product quality (quality complaints and what the
technical quality department and the inspection body said, design defects, returns and exchanges asked
for), what customers need (the week's calls), and the problems met (complaints that are no quality
problem, machines the department cannot repair). Generated from the week's stored rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fuwu.aftersales.models import Call, Complaint, DesignDefect, QualityCase, ReturnRequest
from fuwu.core.models import Site


@dataclass
class Feedback:
    site: Site
    start: dt.datetime
    end: dt.datetime
    quality: list[Complaint]
    cases: dict[int, QualityCase]
    defects: list[DesignDefect]
    hard_cases: list[DesignDefect]
    returns: list[ReturnRequest]
    calls: list[Call]
    problems: list[Complaint]

    @property
    def repairs_asked(self) -> int:
        return sum(1 for call in self.calls if call.needs_repair)


def weekly_feedback(site: Site, start: dt.datetime, end: dt.datetime) -> Feedback:
    """The feedback of [start, end) (a week from Monday), in five queries."""
    complaints = list(
        Complaint.objects.filter(site=site, received_at__gte=start, received_at__lt=end).order_by(
            "received_at", "pk"
        )
    )
    quality = [c for c in complaints if c.kind == Complaint.Kind.QUALITY]
    cases = {
        case.complaint_id: case for case in QualityCase.objects.filter(complaint__in=[c.pk for c in quality])
    }
    reports = list(
        DesignDefect.objects.filter(site=site, reported_at__gte=start, reported_at__lt=end).order_by(
            "reported_at", "pk"
        )
    )
    returns = list(
        ReturnRequest.objects.filter(site=site, recorded_at__gte=start, recorded_at__lt=end).order_by(
            "recorded_at", "pk"
        )
    )
    calls = list(Call.objects.filter(site=site, at__gte=start, at__lt=end).order_by("at", "pk"))
    return Feedback(
        site=site,
        start=start,
        end=end,
        quality=quality,
        cases=cases,
        defects=[d for d in reports if d.kind == DesignDefect.Kind.DEFECT],
        hard_cases=[d for d in reports if d.kind == DesignDefect.Kind.HARD_CASE],
        returns=returns,
        calls=calls,
        problems=[c for c in complaints if c.kind != Complaint.Kind.QUALITY],
    )
