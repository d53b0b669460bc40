"""The after-sales department's own account (售后服务部台帐, p12.16a): money in and out entered by hand,
the parts charged from the store, refunds on approved returns; a mistake is corrected by an entry
reversing it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.models import AccountEntry, PartMovement, ReturnRequest
from fuwu.aftersales.selectors.access import PARTS_ROLES
from fuwu.aftersales.services.common import moment_problem, money_problem, require, text_problem
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit

ZERO = Decimal("0.00")


def entry_problems(
    site: Site,
    *,
    by: User,
    at: Maybe[dt.datetime],
    summary: Maybe[str],
    income: Maybe[Decimal | None],
    expense: Maybe[Decimal | None],
) -> list[FieldProblem]:
    require(by, site, PARTS_ROLES, gettext("Your role does not keep the after-sales account here."))
    problems = moment_problem(at, "at", now=timezone.now()) + text_problem(summary, "summary", longest=200)
    problems += money_problem(income, "income", required=False)
    problems += money_problem(expense, "expense", required=False)
    if income is not UNKNOWN and expense is not UNKNOWN and not problems:
        given = [value for value in (income, expense) if value]
        if len(given) != 1:
            message = gettext("Give either the income or the expense.")
            problems.append((("body", "income" if income else "expense"), message))
    return problems


def enter(
    site: Site,
    *,
    by: User,
    summary: str,
    income: Decimal | None = None,
    expense: Decimal | None = None,
    at: dt.datetime | None = None,
) -> AccountEntry:
    """An entry made by hand: money in (service fees …) or out."""
    at = at or timezone.now()
    Invalid.unless_empty(entry_problems(site, by=by, at=at, summary=summary, income=income, expense=expense))
    with transaction.atomic():
        entry = AccountEntry.objects.create(
            site=site,
            at=at,
            kind=AccountEntry.Kind.ENTERED,
            summary=summary.strip(),
            income=income or ZERO,
            expense=expense or ZERO,
            by=by,
        )
        audit.record_created(entry, actor=by, action="aftersales.account_entry", site=site)
    return entry


def refund(request: ReturnRequest, *, by: User, at: dt.datetime) -> AccountEntry:
    """The refund of an approved return, paid from the department's account (inside the caller's
    transaction)."""
    entry = AccountEntry.objects.create(
        site=request.site,
        at=at,
        kind=AccountEntry.Kind.REFUND,
        summary=f"{request.customer_name} {request.product} ×{request.quantity}"[:200],
        expense=request.amount,
        return_request=request,
        by=by,
    )
    audit.record_created(entry, actor=by, action="aftersales.account_refund", site=request.site)
    return entry


def reverse_entry(
    entry: AccountEntry, *, by: User, note: str, movement: PartMovement | None = None
) -> AccountEntry:
    """The entry reversing ``entry``; a charge for parts is reversed only with its movement
    (``services.parts.reverse``), which passes it here."""
    require(by, entry.site, PARTS_ROLES, gettext("Your role does not keep the after-sales account here."))
    Invalid.unless_empty(text_problem(note, "note", longest=300))
    with transaction.atomic():
        if entry.kind == AccountEntry.Kind.REVERSAL:
            raise Conflict(gettext("A reversal is not reversed: enter it again."))
        if entry.movement_id is not None and movement is None:
            raise Conflict(gettext("Parts are corrected in the parts store: reverse the movement there."))
        if AccountEntry.objects.select_for_update().filter(reverses=entry).exists():
            raise Conflict(gettext("This entry has been reversed already."))
        reversal = AccountEntry.objects.create(
            site=entry.site,
            at=timezone.now(),
            kind=AccountEntry.Kind.REVERSAL,
            summary=f"{entry.summary} · {note.strip()}"[:200],
            income=-entry.income,
            expense=-entry.expense,
            movement=movement,
            return_request=entry.return_request,
            reverses=entry,
            by=by,
        )
        audit.record_created(reversal, actor=by, action="aftersales.account_reversal", site=entry.site)
    return reversal
