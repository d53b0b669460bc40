"""Orders' p10.3.5 approvals, kept on the order until now (approval, approved_by, approved_at), become
approval requests of subject "order" with their one supervisor's step; orders 0004 then drops the columns.

What the pack said is written as p10 version 1 said it (the only version when this ran): a migration is a
record of its time and must not read the engine, whose packs change later.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

CLAUSE = "p10.3.5"
RULE = {
    "clause": CLAUSE,
    "pack": "p10",
    "version": 1,
    "action": "提供超出公司规定的服务项目",
    "role": "supervisor",
    "pack_role": "department_head",
    "above_amount": None,
    "escalate_to": None,
    "pack_escalate_to": None,
    "unapproved": "violation",
    "text": "3.5如需提供超出公司规定服务项目,须经部门负责人同意后方能实施。",
}


def _place(order: Any) -> str:
    if order.location or order.household_id is None:
        return str(order.location)
    home = order.household
    address = f"{home.building}栋{home.unit}单元{home.room}"
    return f"{home.community} {address}" if home.community else address


def forwards(apps: Any, schema_editor: Any) -> None:
    Order = apps.get_model("orders", "Order")
    OrderEvent = apps.get_model("orders", "OrderEvent")
    ApprovalRequest = apps.get_model("approvals", "ApprovalRequest")
    ApprovalStep = apps.get_model("approvals", "ApprovalStep")
    rows = Order.objects.exclude(approval="").select_related("household").order_by("pk")
    for order in rows.iterator(chunk_size=500):
        decided = order.approval in ("approved", "rejected")
        note = ""
        if decided:
            event = (
                OrderEvent.objects.filter(order_id=order.pk, action=order.approval)
                .order_by("-at", "-id")
                .first()
            )
            note = event.note if event is not None else ""
        request = ApprovalRequest.objects.create(
            site_id=order.site_id,
            subject_type="order",
            subject_id=str(order.pk),
            summary=f"{order.number or order.pk} {_place(order)}".strip()[:300],
            subject_url=f"/orders/{order.pk}/",
            clause=CLAUSE,
            pack="p10",
            pack_version=1,
            action=RULE["action"],
            rules=[RULE],
            unapproved="violation",
            reason=order.description,
            state=order.approval,
            requested_by_id=order.created_by_id,
            requested_at=order.created_at,
            decided_at=order.approved_at if decided else None,
        )
        ApprovalStep.objects.create(
            request=request,
            position=1,
            role="supervisor",
            pack_role="department_head",
            step_clauses=[CLAUSE],
            state=order.approval,
            pending_since=order.created_at,
            decided_by_id=order.approved_by_id if decided else None,
            note=note,
            decided_at=order.approved_at if decided else None,
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    ApprovalRequest = apps.get_model("approvals", "ApprovalRequest")
    ApprovalStep = apps.get_model("approvals", "ApprovalStep")
    ApprovalStep.objects.filter(request__subject_type="order").delete()
    ApprovalRequest.objects.filter(subject_type="order").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0001_initial"),
        ("orders", "0003_technician_trades"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
