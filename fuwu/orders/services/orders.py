"""The life of a repair order: intake, dispatch, accept, arrive, quote, approve, complete, close, cancel,
rework. Each function locks the order, checks its state (``Conflict`` when it no longer allows the step),
writes the change and its timeline entry, audits it, notifies through the outbox and refreshes the
deadlines the regulations set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import audit, outbox
from fuwu.customers.models import Household
from fuwu.orders import labels
from fuwu.orders.models import Order, OrderEvent, Tag
from fuwu.orders.selectors import DISPATCHERS, technicians_of
from fuwu.orders.services.refresh import refresh_order
from fuwu.regulations import services as regulations

S = Order.Status
# A phone's clock may run a little ahead of the server's; beyond this a time is "in the future".
CLOCK_SKEW = dt.timedelta(minutes=2)
STATUS_WORDS = labels.STATUS
BEFORE_ARRIVAL = (S.CREATED, S.DISPATCHED, S.ACCEPTED)


def create_order(
    *,
    site: Site,
    by: User | None,
    description: str,
    channel: str,
    tags: Sequence[str] = (),
    household: Household | None = None,
    location: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    appointment: dt.datetime | None = None,
    received_at: dt.datetime | None = None,
    outside_service_list: bool = False,
    rework_of: Order | None = None,
) -> Order:
    """Record a repair request; its deadlines (p09.2a arrival, p10.3.7 emergencies …) start at once."""
    now = timezone.now()
    received = received_at or now
    problems = intake_problems(
        site=site,
        description=description,
        channel=channel,
        tags=tags,
        household=household,
        location=location,
        contact_phone=contact_phone,
        received_at=received,
        now=now,
    )
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        order = Order.objects.create(
            site=site,
            household=household,
            location=location.strip(),
            contact_name=contact_name.strip(),
            contact_phone=contact_phone.strip(),
            tags=list(dict.fromkeys(tags)),
            tag_text=tag_text(tags),
            description=description.strip(),
            channel=channel,
            received_at=received,
            appointment=appointment,
            outside_service_list=outside_service_list,
            approval=Order.Approval.PENDING if outside_service_list else Order.Approval.NOT_NEEDED,
            rework_of=rework_of,
            created_by=by,
            created_at=now,
            updated_at=now,
        )
        local = timezone.localtime(received)
        order.number = f"{site.code[:3].upper()}{local:%y%m%d}{order.pk:05d}"
        order.save(update_fields=["number"])
        _log(order, "created", received, by, order.description, {"channel": channel, "tags": order.tags})
        audit.record_created(order, actor=by, action="order.create", site=site)
        if channel == Order.Channel.QR or by is None:
            _tell_dispatchers(order, subject=f"新报修:{order.place}", body=order.description)
        refresh_order(order, new=True)  # a new order has no visits, rectifications nor stored rows
    return order


def intake_problems(
    *,
    site: Site | None,
    description: str,
    channel: str,
    tags: Sequence[str],
    household: Household | None,
    location: str,
    contact_phone: str,
    received_at: dt.datetime | None,
    now: dt.datetime | None = None,
) -> list[tuple[tuple[str | int, ...], str]]:
    """Every problem of a repair request at once, each with the field it is in (empty: acceptable)."""
    now = now or timezone.now()
    problems: list[tuple[tuple[str | int, ...], str]] = []
    known = set(Tag.values)
    for index, tag in enumerate(tags):
        if tag not in known:
            problems.append((("body", "tags", index), f"未知的标签「{tag}」,可选:{'、'.join(Tag.values)}"))
    if len(set(tags)) != len(tags):
        problems.append((("body", "tags"), "标签重复"))
    if not description.strip():
        problems.append((("body", "description"), "请填写报修内容"))
    if household is None and not location.strip():
        problems.append((("body", "location"), "未选择房屋时必须填写报修地点"))
    if household is not None and site is not None and household.site_id != site.pk:
        problems.append((("body", "household"), "该房屋不属于此站点"))
    if channel not in Order.Channel.values:
        problems.append((("body", "channel"), f"渠道须为:{'、'.join(Order.Channel.values)}"))
    if received_at is not None and received_at > now + CLOCK_SKEW:
        problems.append((("body", "received_at"), "受理时间不能晚于现在"))
    if contact_phone and not _is_phone(contact_phone):
        problems.append((("body", "contact_phone"), "电话号码只能包含数字、空格和 - +"))
    return problems


def dispatch(order: Order, *, technician: User, by: User, at: dt.datetime | None = None) -> Order:
    """Assign (or re-assign, before arrival) the technician; they are notified in the app."""
    _require_role(by, DISPATCHERS)
    with transaction.atomic():
        order = _lock(order, BEFORE_ARRIVAL, "派工")
        if not technicians_of(order.site_id).filter(pk=technician.pk).exists():
            raise Invalid.field(("body", "technician"), "该人员不是本站点的维修工")
        if order.technician_id == technician.pk and order.status != S.CREATED:
            raise Conflict(f"工单 {order.number} 已派给 {technician},无需重复派工。")
        before = audit.snapshot(order)
        now = _moment(at, after=order.received_at, field="at")
        order.technician = technician
        order.status = S.DISPATCHED
        order.dispatched_at = now
        order.accepted_at = None
        _save(order, before, by, "order.dispatch")
        _log(order, "dispatched", now, by, str(technician), {"technician": technician.pk})
        outbox.notify(
            targets=[outbox.in_app(technician)],
            subject=f"新工单 {order.number}:{order.place}",
            body=order.description,
            url=reverse("orders:detail", args=[order.pk]),
            key=f"order:{order.pk}:dispatched:{technician.pk}:{now.timestamp()}",
            site=order.site,
            by=by,
        )
        refresh_order(order)
    return order


def accept(order: Order, *, by: User, at: dt.datetime | None = None) -> Order:
    """The assigned technician takes the order."""
    with transaction.atomic():
        order = _lock(order, (S.DISPATCHED,), "接单")
        _require_technician(order, by)
        before = audit.snapshot(order)
        now = _moment(at, after=order.dispatched_at or order.received_at, field="at")
        order.status = S.ACCEPTED
        order.accepted_at = now
        _save(order, before, by, "order.accept")
        _log(order, "accepted", now, by)
    return order


def arrive(order: Order, *, by: User, at: dt.datetime | None = None, checklist: dict[str, Any]) -> Order:
    """Check in on site with the arrival checklist (p09.1 uniform, badge, shoe covers; p10.3.1 tools)."""
    with transaction.atomic():
        order = _lock(order, (S.DISPATCHED, S.ACCEPTED), "到场签到")
        _require_technician(order, by)
        when = _moment(at, after=order.accepted_at or order.dispatched_at or order.received_at, field="at")
        if not all(isinstance(value, bool) for value in checklist.values()):
            raise Invalid.field(("body", "checklist"), "检查项的值须为 true 或 false")
        before = audit.snapshot(order)
        order.status = S.ARRIVED
        order.arrived_at = when
        order.arrival_checklist = dict(checklist)
        if order.accepted_at is None:
            order.accepted_at = when
        _save(order, before, by, "order.arrive")
        _log(order, "arrived", when, by, data={"checklist": order.arrival_checklist})
        refresh_order(order)
    return order


def quote(order: Order, *, by: User, amount: Decimal, items: str, accepted: bool) -> Order:
    """Record the price explained before work starts and whether the owner accepted it (p10.3.3)."""
    if amount < 0:
        raise Invalid.field(("body", "amount"), "金额不能为负数")
    with transaction.atomic():
        order = _lock(order, (S.ACCEPTED, S.ARRIVED), "报价")
        _require_technician(order, by)
        before = audit.snapshot(order)
        now = timezone.now()
        order.quote_amount = amount.quantize(Decimal("0.01"))
        order.quote_items = items
        order.quote_accepted = accepted
        order.quoted_at = now
        _save(order, before, by, "order.quote")
        _log(order, "quoted", now, by, items, {"amount": str(order.quote_amount), "accepted": accepted})
    return order


def decide_approval(order: Order, *, by: User, approved: bool, note: str = "") -> Order:
    """The department head approves or refuses work outside the service list (p10.3.5)."""
    _require_role(by, frozenset({Role.SUPERVISOR}))
    with transaction.atomic():
        order = _lock(order, (*BEFORE_ARRIVAL, S.ARRIVED), "审批")
        if order.approval != Order.Approval.PENDING:
            raise Conflict(f"工单 {order.number} 没有待审批事项。")
        before = audit.snapshot(order)
        now = timezone.now()
        order.approval = Order.Approval.APPROVED if approved else Order.Approval.REJECTED
        order.approved_by = by
        order.approved_at = now
        _save(order, before, by, "order.approve" if approved else "order.reject")
        _log(order, "approved" if approved else "rejected", now, by, note)
    return order


def complete(
    order: Order, *, by: User, at: dt.datetime | None = None, notes: str = "", explanation: str = ""
) -> Order:
    """Finish the work; a repair finished on a later local day than arrival needs an explanation (p09.2d)."""
    with transaction.atomic():
        order = _lock(order, (S.ARRIVED,), "完工")
        _require_technician(order, by)
        if order.approval in (Order.Approval.PENDING, Order.Approval.REJECTED):
            raise Conflict(
                f"工单 {order.number} 属于服务项目以外的服务,须经部门主管审批后才能完工(p10.3.5)。"
            )
        assert order.arrived_at is not None
        when = _moment(at, after=order.arrived_at, field="at")
        zone = timezone.get_current_timezone()
        if (
            when.astimezone(zone).date() > order.arrived_at.astimezone(zone).date()
            and not explanation.strip()
        ):
            raise Invalid.field(("body", "explanation"), "未在到场当天完工,须填写向业主作出的说明(p09.2d)")
        before = audit.snapshot(order)
        order.status = S.COMPLETED
        order.completed_at = when
        order.completion_notes = notes
        order.explanation = explanation.strip()
        _save(order, before, by, "order.complete")
        _log(order, "completed", when, by, notes, {"explanation": order.explanation} if explanation else {})
        refresh_order(order)
    return order


def close(order: Order, *, by: User, at: dt.datetime | None = None) -> Order:
    """The desk closes a completed order."""
    _require_role(by, DISPATCHERS)
    with transaction.atomic():
        order = _lock(order, (S.COMPLETED,), "关闭")
        before = audit.snapshot(order)
        now = _moment(at, after=order.completed_at or order.received_at, field="at")
        order.status = S.CLOSED
        order.closed_at = now
        _save(order, before, by, "order.close")
        _log(order, "closed", now, by)
    return order


def cancel(order: Order, *, by: User, reason: str) -> Order:
    """Cancel before completion; the order's open deadlines no longer bind."""
    _require_role(by, DISPATCHERS)
    if not reason.strip():
        raise Invalid.field(("body", "reason"), "请填写取消原因")
    with transaction.atomic():
        order = _lock(order, (*BEFORE_ARRIVAL, S.ARRIVED), "取消")
        before = audit.snapshot(order)
        now = timezone.now()
        order.status = S.CANCELLED
        order.cancelled_at = now
        order.cancel_reason = reason.strip()
        _save(order, before, by, "order.cancel")
        _log(order, "cancelled", now, by, reason)
        _void_open_obligations(order)
    return order


def rework(order: Order, *, by: User, description: str) -> Order:
    """Open a new order for the same fault, linked to the first (p10.3.2c counts it against rework)."""
    _require_role(by, DISPATCHERS)
    with transaction.atomic():
        order = _lock(order, (S.COMPLETED, S.CLOSED), "返修")
        new = create_order(
            site=order.site,
            by=by,
            description=description or order.description,
            channel=order.channel,
            tags=order.tags,
            household=order.household,
            location=order.location,
            contact_name=order.contact_name,
            contact_phone=order.contact_phone,
            rework_of=order,
        )
        _log(order, "reworked", new.received_at, by, new.description, {"rework": new.pk})
    return new


# ---------------------------------------------------------------- helpers


def _lock(order: Order, allowed: Sequence[str], action: str) -> Order:
    """Re-read the order under a row lock; refuse the step unless its state allows it (409)."""
    # Lock the order row only: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    # (the technician is empty until dispatch), and the joined rows need no lock.
    locked = (
        Order.objects.select_for_update(of=("self",)).select_related("site", "technician").get(pk=order.pk)
    )
    if locked.status not in allowed:
        raise Conflict(f"工单 {locked.number} 当前状态为「{STATUS_WORDS[locked.status]}」,不能{action}。")
    return locked


def _require_role(user: User, roles: frozenset[Role]) -> None:
    if not (user.is_superuser or user.has_role(*roles)):
        raise PermissionDenied("该角色不能执行此操作")


def _require_technician(order: Order, user: User) -> None:
    if order.technician_id != user.pk:
        raise PermissionDenied("只有被派工的维修工可以执行此操作")


def _moment(at: dt.datetime | None, *, after: dt.datetime, field: str) -> dt.datetime:
    """A time a technician gives (offline phone): not in the future, not before the previous step."""
    now = timezone.now()
    if at is None:
        return now
    if at > now + CLOCK_SKEW:
        raise Invalid.field(("body", field), "时间不能晚于现在")
    if at < after:
        raise Invalid.field(("body", field), "时间不能早于上一步骤")
    return at


def _save(order: Order, before: dict[str, Any], by: User | None, action: str) -> None:
    order.updated_at = timezone.now()
    order.save()
    audit.record(
        actor=by, action=action, obj=order, before=before, after=audit.snapshot(order), site=order.site
    )


def _log(
    order: Order,
    action: str,
    at: dt.datetime,
    by: User | None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> OrderEvent:
    return OrderEvent.objects.create(order=order, action=action, at=at, actor=by, note=note, data=data or {})


def _tell_dispatchers(order: Order, *, subject: str, body: str) -> None:
    people = (
        User.objects.filter(
            is_active=True,
            membership__site=order.site,
            groups__name__in=[Role.DISPATCHER.group_name, Role.SUPERVISOR.group_name],
        )
        .distinct()
        .order_by("pk")
    )
    targets = [outbox.in_app(user) for user in people]
    if targets:
        # One notice to several people: notify_many queues them in a fixed number of statements (one
        # INSERT of the messages, one of their audit entries) instead of a get_or_create and an audit
        # row per person, with the same once-per-key guarantee.
        outbox.notify_many(
            [
                outbox.Notice(
                    targets=targets,
                    subject=subject,
                    body=body,
                    url=reverse("orders:detail", args=[order.pk]),
                    key=f"order:{order.pk}:reported",
                    site=order.site,
                )
            ]
        )


def _void_open_obligations(order: Order) -> None:
    regulations.void_subject(order.site, "order", order.pk)


def tag_text(tags: Sequence[str]) -> str:
    """The tags as one filterable text: ("leak", "general") → ",leak,general,"."""
    return "," + ",".join(dict.fromkeys(tags)) + "," if tags else ""


def _is_phone(text: str) -> bool:
    return all(ch.isdigit() or ch in " -+" for ch in text) and sum(ch.isdigit() for ch in text) >= 5
