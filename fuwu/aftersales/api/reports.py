"""The after-sales reports as Excel: GET /aftersales/reports/{report}.xlsx?site=&month= (parts-cost,
p12.16b; summary, p12.5) or &week= (feedback, p12.10)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from ninja import Path as PathParam
from ninja import Query, Router, Schema
from pydantic import Field

from fuwu.aftersales.api.common import TAG
from fuwu.aftersales.exports import feedback_sheets, parts_cost_sheets, response, summary_sheets
from fuwu.aftersales.reports.feedback import weekly_feedback
from fuwu.aftersales.reports.parts_cost import parts_cost
from fuwu.aftersales.reports.summary import monthly_summary
from fuwu.aftersales.selectors.access import REPORT_ROLES
from fuwu.core.access import has_any_role
from fuwu.core.api.auth import current_user
from fuwu.core.api.schemas import Day
from fuwu.core.api.scoping import visible_site
from fuwu.regulations.policies import in_force
from fuwu.reports.exports import XLSX
from fuwu.reports.months import Month
from fuwu.staff.months import month_named

router = Router(tags=[TAG])
Report = Annotated[Literal["parts-cost", "summary", "feedback"], PathParam(description="Which report.")]


class ReportParams(Schema):
    site: str = Field(description="The site's code or id.")
    month: str | None = Field(None, description="YYYY-MM (parts-cost, summary); default this month.")
    week: Day | None = Field(None, description="Any day of the week (feedback); default this week.")


@router.get(
    "/aftersales/reports/{report}.xlsx",
    response={200: None},
    summary="An after-sales report as Excel",
    openapi_extra={
        "responses": {
            200: {
                "description": "parts-cost: the parts with their flows and totals, then every movement; "
                "summary: "
                "the month's figures, its complaints and its returns; feedback: the week's rows by section.",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def report_xlsx(request: HttpRequest, report: Report, params: Query[ReportParams]) -> HttpResponseBase:
    """The general manager, supervisors and finance of the site; amounts are numbers with two places,
    and every figure is a sum of the stored rows."""
    user = current_user(request)
    if not has_any_role(user, REPORT_ROLES):
        raise PermissionDenied(gettext("Your role does not read the after-sales reports."))
    site = visible_site(user, params.site)
    zone = in_force(site).zone
    if report == "feedback":
        day = params.week or dt.datetime.now(zone).date()
        start = dt.datetime.combine(day - dt.timedelta(days=day.weekday()), dt.time(0), tzinfo=zone)
        end = start + dt.timedelta(days=7)
        label = f"{start.date()} – {(end - dt.timedelta(days=1)).date()}"
        return response(
            feedback_sheets(weekly_feedback(site, start, end), label),
            f"feedback-{site.code}-{start.date()}.xlsx",
        )
    if params.month is None:
        month = Month.containing(dt.datetime.now(zone), zone)
    else:
        first = month_named(params.month, loc=("query", "month"))
        month = Month(first.year, first.month)
    start, end = month.bounds(zone)
    if report == "parts-cost":
        sheets = parts_cost_sheets(parts_cost(site, start, end), str(month))
    else:
        sheets = summary_sheets(monthly_summary(site, start, end), str(month))
    return response(sheets, f"{report}-{site.code}-{month}.xlsx")
