"""Carry one planned order through the services, every step at its planned time, up to now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fuwu.core.models import Site, User
from fuwu.customers.models import Household
from fuwu.orders.demo.plan import OrderPlan
from fuwu.orders.models import Order
from fuwu.orders.services import orders

S = Order.Status


@dataclass(frozen=True)
class Staff:
    """Who does what at one site: the desk, the department head, the return-visit agent, technicians."""

    dispatcher: User
    supervisor: User
    visitor: User
    technicians: dict[str, User]


@dataclass(frozen=True)
class Homes:
    """The site's households by plan position, with the name and phone of the owner who calls."""

    households: list[Household]
    contacts: dict[int, tuple[str, str]]


def perform(
    plan: OrderPlan, site: Site, staff: Staff, homes: Homes, firsts: dict[int, Order], now: dt.datetime
) -> Order:
    """Create the order and take every step whose time has come; return the order as it stands."""
    household = homes.households[plan.household] if plan.household is not None else None
    name, phone = plan.contact_name, plan.contact_phone
    if household is not None:
        name, phone = homes.contacts.get(household.pk, ("", ""))
    order = orders.create_order(
        site=site,
        # An owner scanning the poster's QR code reports without logging in.
        by=None if plan.channel == Order.Channel.QR else staff.dispatcher,
        description=plan.description,
        channel=plan.channel,
        tags=plan.tags,
        household=household,
        location=plan.location,
        contact_name=name,
        contact_phone=phone,
        appointment=plan.appointment,
        received_at=plan.received_at,
        outside_service_list=plan.outside_service_list,
        rework_of=firsts.get(plan.rework_of) if plan.rework_of is not None else None,
    )
    technician = staff.technicians[plan.technician]
    if _due(plan.dispatch_at, now):
        order = orders.dispatch(order, technician=technician, by=staff.dispatcher, at=plan.dispatch_at)
        if _due(plan.accept_at, now):
            order = orders.accept(order, by=technician, at=plan.accept_at)
        if _due(plan.arrive_at, now):
            order = orders.arrive(order, by=technician, at=plan.arrive_at, checklist=plan.checklist)
    return _finish(plan, order, staff, technician, now)


def _finish(plan: OrderPlan, order: Order, staff: Staff, technician: User, now: dt.datetime) -> Order:
    # Approval, quote and cancellation take no time in the services: they happen now, on recent orders.
    if plan.approve is not None and order.approval == Order.Approval.PENDING:
        note = "同意，按服务项目外收费标准执行" if plan.approve else "不在公司服务范围，建议业主另请专业公司"
        order = orders.decide_approval(order, by=staff.supervisor, approved=plan.approve, note=note)
    if plan.quote is not None and order.status in (S.ACCEPTED, S.ARRIVED):
        amount, items, accepted = plan.quote
        order = orders.quote(order, by=technician, amount=amount, items=items, accepted=accepted)
    if plan.cancel_reason and (order.status in orders.BEFORE_ARRIVAL or order.status == S.ARRIVED):
        return orders.cancel(order, by=staff.dispatcher, reason=plan.cancel_reason)
    if (
        order.status == S.ARRIVED
        and _due(plan.complete_at, now)
        and order.approval != Order.Approval.REJECTED
    ):
        order = orders.complete(
            order, by=technician, at=plan.complete_at, notes=plan.notes, explanation=plan.explanation
        )
        if _due(plan.close_at, now):
            order = orders.close(order, by=staff.dispatcher, at=plan.close_at)
    return order


def _due(at: dt.datetime | None, now: dt.datetime) -> bool:
    return at is not None and at <= now
