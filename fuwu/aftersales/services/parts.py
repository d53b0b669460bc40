"""The parts store (配件仓库, accounted on its own: p12.16a): parts stocked in at their cost, issued to a
repair order or for an exchange at the average cost of what is in stock, returned goods taken back, and
a mistake corrected by the movement reversing it. Every issue is charged to the after-sales department's
account in the same transaction, so the department's account and the store agree.

A part's row is locked for every movement of it, so two issues at once cannot take the same stock.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from fuwu.aftersales.models import AccountEntry, Part, PartMovement, ReturnRequest
from fuwu.aftersales.selectors.access import PARTS_ROLES
from fuwu.aftersales.services.account import reverse_entry
from fuwu.aftersales.services.common import CENT, moment_problem, money_problem, require, text_problem
from fuwu.core.errors import UNKNOWN, Conflict, FieldProblem, Invalid, Maybe
from fuwu.core.models import Site, User
from fuwu.core.services import audit
from fuwu.orders.models import Order

ZERO = Decimal("0.00")
LARGEST_QUANTITY = 1_000_000
Kind = PartMovement.Kind
ISSUES = frozenset({Kind.ORDER, Kind.EXCHANGE})


def stock_of(part: Part) -> tuple[int, Decimal]:
    """The part's quantity in stock and its value now (the sums of its movements)."""
    sums = PartMovement.objects.filter(part=part).aggregate(quantity=Sum("quantity"), value=Sum("amount"))
    return int(sums["quantity"] or 0), Decimal(sums["value"] or ZERO).quantize(CENT)


def _locked(part: Part) -> Part:
    return Part.objects.select_for_update(of=("self",)).select_related("site").get(pk=part.pk)


def _forbid(by: User, site: Site) -> None:
    require(by, site, PARTS_ROLES, gettext("Your role does not keep the parts store at this site."))


def part_problems(
    site: Site, *, by: User, code: Maybe[str], name: Maybe[str], unit: Maybe[str], spec: Maybe[str]
) -> list[FieldProblem]:
    _forbid(by, site)
    problems = text_problem(code, "code", longest=40) + text_problem(name, "name", longest=100)
    problems += text_problem(unit, "unit", longest=10) + text_problem(
        spec, "spec", longest=100, required=False
    )
    if code is not UNKNOWN and code.strip() and Part.objects.filter(site=site, code=code.strip()).exists():
        problems.append((("body", "code"), gettext("The store has a part with this number already.")))
    return problems


def create_part(site: Site, *, by: User, code: str, name: str, unit: str = "个", spec: str = "") -> Part:
    """A new part in the site's store, with nothing in stock."""
    Invalid.unless_empty(part_problems(site, by=by, code=code, name=name, unit=unit, spec=spec))
    with transaction.atomic():
        part = Part.objects.create(
            site=site, code=code.strip(), name=name.strip(), unit=unit.strip(), spec=spec.strip()
        )
        audit.record_created(part, actor=by, action="aftersales.part", site=site)
    return part


def _quantity_problem(quantity: Maybe[int]) -> list[FieldProblem]:
    if quantity is UNKNOWN:
        return []
    if not 1 <= quantity <= LARGEST_QUANTITY:
        return [(("body", "quantity"), gettext("Give a quantity from 1 to 1,000,000."))]
    return []


def stock_in_problems(
    part: Part,
    *,
    by: User,
    quantity: Maybe[int],
    unit_cost: Maybe[Decimal],
    at: Maybe[dt.datetime],
    supplier: Maybe[str],
    note: Maybe[str],
) -> list[FieldProblem]:
    _forbid(by, part.site)
    problems = _quantity_problem(quantity) + money_problem(unit_cost, "unit_cost")
    problems += moment_problem(at, "at", now=timezone.now())
    problems += text_problem(supplier, "supplier", longest=100, required=False)
    return problems + text_problem(note, "note", longest=300, required=False)


def stock_in(
    part: Part,
    *,
    by: User,
    quantity: int,
    unit_cost: Decimal,
    at: dt.datetime | None = None,
    supplier: str = "",
    note: str = "",
) -> PartMovement:
    """Parts bought into the store at ``unit_cost`` each (the store's own cost, not the department's)."""
    at = at or timezone.now()
    Invalid.unless_empty(
        stock_in_problems(
            part, by=by, quantity=quantity, unit_cost=unit_cost, at=at, supplier=supplier, note=note
        )
    )
    with transaction.atomic():
        part = _locked(part)
        return _move(
            part, Kind.STOCK_IN, by=by, at=at, quantity=quantity, unit_cost=unit_cost,
            amount=(unit_cost * quantity).quantize(CENT), supplier=supplier.strip(), note=note.strip(),
        )  # fmt: skip


def issue_problems(
    part: Part,
    *,
    by: User,
    quantity: Maybe[int],
    at: Maybe[dt.datetime],
    order: Maybe[Order | None],
    note: Maybe[str],
    for_exchange: bool = False,
) -> list[FieldProblem]:
    """Every problem of an issue; the stock is checked again under the part's lock."""
    _forbid(by, part.site)
    problems = _quantity_problem(quantity) + moment_problem(at, "at", now=timezone.now())
    if not for_exchange:
        if order is None:
            problems.append((("body", "order"), gettext("Name the repair order the parts are for.")))
        elif order is not UNKNOWN and order.site_id != part.site_id:
            problems.append((("body", "order"), gettext("The repair order is not one of this site's.")))
    problems += text_problem(note, "note", longest=300, required=False)
    if quantity is not UNKNOWN and not problems:
        problems += _stock_problem(part, quantity)
    return problems


def _stock_problem(part: Part, quantity: int) -> list[FieldProblem]:
    held, _value = stock_of(part)
    if quantity > held:
        message = gettext("Only %(held)s %(unit)s of %(part)s are in stock.")
        return [(("body", "quantity"), message % {"held": held, "unit": part.unit, "part": part.name})]
    return []


def issue(
    part: Part,
    *,
    by: User,
    quantity: int,
    order: Order | None = None,
    return_request: ReturnRequest | None = None,
    at: dt.datetime | None = None,
    note: str = "",
) -> PartMovement:
    """Parts out of the store to a repair order, or for an exchange, at the average cost of the stock
    now; the cost is charged to the after-sales department's account."""
    at = at or timezone.now()
    exchange = return_request is not None
    Invalid.unless_empty(
        issue_problems(part, by=by, quantity=quantity, at=at, order=order, note=note, for_exchange=exchange)
    )
    with transaction.atomic():
        part = _locked(part)
        Invalid.unless_empty(_stock_problem(part, quantity))
        held, value = stock_of(part)
        # The average cost of what is in stock; taking all of it takes all of its value, to the cent.
        cost = value if quantity == held else (value * quantity / held).quantize(CENT, ROUND_HALF_UP)
        movement = _move(
            part, Kind.EXCHANGE if exchange else Kind.ORDER, by=by, at=at, quantity=-quantity,
            unit_cost=(cost / quantity).quantize(CENT, ROUND_HALF_UP), amount=-cost, order=order,
            return_request=return_request, note=note.strip(),
        )  # fmt: skip
        charge(movement, by=by)
    return movement


def take_back(
    part: Part, *, by: User, quantity: int, return_request: ReturnRequest, at: dt.datetime | None = None
) -> PartMovement:
    """Returned goods back into the store, valued at the average cost of the stock (the last cost paid
    when none is left); the refund itself is the department's (``account.refund``)."""
    at = at or timezone.now()
    Invalid.unless_empty(_quantity_problem(quantity))
    _forbid(by, part.site)
    with transaction.atomic():
        part = _locked(part)
        held, value = stock_of(part)
        if held > 0:
            unit_cost = (value / held).quantize(CENT, ROUND_HALF_UP)
        else:
            last = PartMovement.objects.filter(part=part, kind=Kind.STOCK_IN).order_by("-at", "-pk").first()
            unit_cost = last.unit_cost if last is not None else ZERO
        return _move(
            part, Kind.RETURN, by=by, at=at, quantity=quantity, unit_cost=unit_cost,
            amount=(unit_cost * quantity).quantize(CENT), return_request=return_request,
        )  # fmt: skip


def reverse(movement: PartMovement, *, by: User, note: str) -> PartMovement:
    """Correct a mistaken movement by the one reversing it (and its charge to the department's account);
    the movement itself stays. Refused once reversed, for a reversal, and where the stock it brought in
    has left the store meanwhile."""
    _forbid(by, movement.site)
    Invalid.unless_empty(text_problem(note, "note", longest=300))
    with transaction.atomic():
        part = _locked(movement.part)
        if movement.kind == Kind.REVERSAL:
            raise Conflict(gettext("A reversal is not reversed: record the movement again."))
        if PartMovement.objects.filter(reverses=movement).exists():
            raise Conflict(gettext("This movement has been reversed already."))
        held, value = stock_of(part)
        if movement.quantity > held or movement.amount > value:
            message = gettext(
                "What this movement brought in has left the store since: reverse the issues first."
            )
            raise Conflict(message)
        reversal = _move(
            part, Kind.REVERSAL, by=by, at=timezone.now(), quantity=-movement.quantity,
            unit_cost=movement.unit_cost, amount=-movement.amount, order=movement.order,
            return_request=movement.return_request, reverses=movement, note=note.strip(),
        )  # fmt: skip
        charged = AccountEntry.objects.filter(movement=movement).first()
        if charged is not None:
            reverse_entry(charged, by=by, movement=reversal, note=note)
    return reversal


def _move(part: Part, kind: str, *, by: User, **fields: object) -> PartMovement:
    movement = PartMovement.objects.create(site=part.site, part=part, kind=kind, by=by, **fields)
    audit.record_created(movement, actor=by, action=f"aftersales.parts_{kind}", site=part.site)
    return movement


def charge(movement: PartMovement, *, by: User) -> AccountEntry:
    """The issue's cost as an expense of the department's account."""
    part = movement.part
    target = f" → {movement.order.number or movement.order.pk}" if movement.order is not None else ""
    entry = AccountEntry.objects.create(
        site=movement.site,
        at=movement.at,
        kind=AccountEntry.Kind.PARTS,
        summary=f"{part.code} {part.name} ×{-movement.quantity}{target}"[:200],
        expense=-movement.amount,
        movement=movement,
        return_request=movement.return_request,
        by=by,
    )
    audit.record_created(entry, actor=by, action="aftersales.account_parts", site=movement.site)
    return entry
