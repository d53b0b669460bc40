"""The after-sales department of the demo store (滨江装饰门店), for `fuwu demo`: the parts store, four
weeks of calls with the repair orders they gave, complaints in every state, returns and exchanges in
every state of the approval chain with the general manager's delegations, and the department's account —
so that the registers, the approvals queue and the reports (parts cost, weekly feedback, monthly summary)
of last month and this month show a department at work.

Made through the apps' services by the store's people, from list positions and today's date; each row
once, so a second `fuwu demo` makes nothing. The parts: ``demo_parts``; calls, orders and defects:
``demo_desk``; complaints: ``demo_complaints``; returns and delegations: ``demo_returns``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from fuwu.aftersales.demo_complaints import load_complaints
from fuwu.aftersales.demo_desk import load_calls, load_defects
from fuwu.aftersales.demo_parts import load_account, load_movements, load_parts
from fuwu.aftersales.demo_returns import load_delegations, load_returns
from fuwu.aftersales.demo_scene import Scene, scene_of
from fuwu.aftersales.models import Call, Complaint, PartMovement, ReturnRequest
from fuwu.approvals.models import Delegation
from fuwu.core.demo import DemoContext

CENT = Decimal("0.01")


def load(context: DemoContext) -> str:
    """Create what is missing, oldest first (the store's parts before the repairs that use them, the
    complaints before the returns they led to, the returns before the delegate decides one); summarise."""
    scene = scene_of(context, timezone.now())
    if not scene.customers:
        return "no after-sales customers to serve (the customer files' demo made none)"
    store = load_parts(scene)
    repairs = load_calls(scene)
    load_movements(scene, store, repairs)
    load_account(scene)
    load_defects(scene)
    load_complaints(scene)
    load_returns(scene)
    load_delegations(scene)
    return _summary(scene)


def _summary(scene: Scene) -> str:
    """What the store's department holds now (the same line on every run)."""
    site = scene.site
    calls = Call.objects.filter(site=site).count()
    complaints = Complaint.objects.filter(site=site)
    awaiting = complaints.filter(state=Complaint.State.OPEN).count()
    requests = ReturnRequest.objects.filter(site=site)
    waiting = requests.filter(state=ReturnRequest.State.AWAITING).count()
    value = Decimal(PartMovement.objects.filter(site=site).aggregate(value=Sum("amount"))["value"] or 0)
    delegations = Delegation.objects.filter(delegator=scene.people["gm"]).count()
    return (
        f"{calls} calls, {complaints.count()} complaints ({awaiting} awaiting a reply), "
        f"{requests.count()} returns and exchanges ({waiting} awaiting approval), "
        f"parts worth {value.quantize(CENT)} yuan in the store, "
        f"{delegations} delegations of the general manager"
    )
