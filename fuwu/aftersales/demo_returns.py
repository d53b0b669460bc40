"""The store's returns and exchanges in the demo, one in every state of the approval chain (p12.15,
p14.3.4.7): waiting for the general manager; approved; refused (the costs the customer's, p12.15); above
the pack's amount, waiting for the general manager's office meeting, and approved by it; carried out (the
goods back in the parts store and the refund paid, or the replacement issued); withdrawn by the customer;
closed without approval at the customer's cost.

The general manager was away: his approvals were with supervisor1, who approved a return on his behalf,
until he handed them to supervisor2 instead — one delegation ended, one in force now.

The services date a request and its decisions now; a row is known again by its customer and words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fuwu.aftersales.demo_scene import Scene, quiet
from fuwu.aftersales.models import Complaint, Part, ReturnRequest
from fuwu.aftersales.services import returns
from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest, Delegation
from fuwu.core.services import silence

Kind = ReturnRequest.Kind


@dataclass(frozen=True)
class DemoReturn:
    product: str  # the purchase it is about: the ``nth`` of this product the store sold
    nth: int
    kind: str
    amount: str
    content: str
    part: str | None = None
    quantity: int = 1
    # The general manager's decision on each step in turn (the office meeting's is recorded by him, with
    # the meeting's minutes; "{day}" is today).
    decisions: tuple[tuple[bool, str], ...] = ()
    delegated: str = ""  # approved by the general manager's delegate while he was away, with this note
    carried_out: bool = False
    withdrawn: str = ""  # closed without approval, for this reason
    complaint: str = ""  # the complaint it came from (its words)
    waits: bool = False  # ends still waiting for an approver, who is told


RETURNS = (
    DemoReturn(
        "智能马桶",
        0,
        Kind.RETURN,
        "3299.00",
        "智能马桶安装一周内多次漏电保护跳闸，客户要求退货",
        "MT-01",
        waits=True,
    ),
    DemoReturn(
        "淋浴房",
        0,
        Kind.RETURN,
        "4200.00",
        "淋浴房玻璃尺寸与墙面不符无法安装，客户要求退货",
        delegated="代总经理审批：测量错误在我方，同意退货",
    ),
    DemoReturn(
        "实木复合地板",
        0,
        Kind.RETURN,
        "2450.00",
        "装修后嫌地板颜色偏深，要求退还未铺装的 14 ㎡",
        decisions=((False, "地板已拆包且非质量问题，不符合退货条件；建议客户留作备用"),),
    ),
    DemoReturn(
        "整体橱柜",
        0,
        Kind.RETURN,
        "18600.00",
        "整体橱柜柜体板材甲醛检测超标，客户要求整体退货",
        decisions=((True, "同意退货，金额超过权限，报总经理办公会审议"),),
        waits=True,
    ),
    DemoReturn(
        "实木复合地板",
        1,
        Kind.RETURN,
        "9800.00",
        "地板大面积起拱开裂，客户要求全部退货",
        "DB-01",
        56,
        decisions=(
            (True, "同意退货，报总经理办公会"),
            (True, "{day}总经理办公会决定：同意全额退货，损失向供应商追偿"),
        ),
    ),
    DemoReturn(
        "智能马桶",
        1,
        Kind.RETURN,
        "3299.00",
        "智能马桶反复溢水，技术质量部认定为批次缺陷，客户要求退货",
        "MT-01",
        decisions=((True, "同意退货，整机退回配件仓库待向厂家索赔"),),
        carried_out=True,
        complaint="智能马桶冲水后持续溢水，已维修两次仍复发",
    ),
    DemoReturn(
        "智能马桶",
        2,
        Kind.EXCHANGE,
        "480.00",
        "智能马桶盖板加热失灵，客户要求更换盖板组件",
        "MT-GB",
        decisions=((True, "同意换货"),),
        carried_out=True,
    ),
    DemoReturn(
        "智能马桶",
        3,
        Kind.EXCHANGE,
        "480.00",
        "马桶盖板遥控失灵，客户要求换货",
        "MT-GB",
        withdrawn="更换遥控器电池后恢复正常，客户撤回换货申请",
    ),
    DemoReturn(
        "淋浴房",
        1,
        Kind.RETURN,
        "4200.00",
        "客户未等审批，自行拆除淋浴房送回门店要求退货",
        withdrawn="未经总经理同意自行拆除退回，按p12.15一切费用由客户承担",
    ),
)
AWAY = "总经理赴集团总部参加年度培训"
HANDED_ON = "培训期间门店的审批改由滨江门店主管代批"
BACK_IN = 3  # days until the general manager is back


def load_returns(scene: Scene) -> None:
    """Every request above that is not in yet, taken through its decisions (but the delegate's)."""
    store = {part.code: part for part in Part.objects.filter(site=scene.site)}
    for spec in RETURNS:
        if ReturnRequest.objects.filter(site=scene.site, content=spec.content).exists():
            continue
        purchase = scene.bought(spec.product, spec.nth)
        complaint = Complaint.objects.filter(site=scene.site, content=spec.complaint).first()
        with quiet(not spec.waits):
            request = returns.register_return(
                scene.site,
                by=scene.people["dispatcher2"],
                kind=spec.kind,
                customer=purchase.customer,
                content=spec.content,
                amount=Decimal(spec.amount),
                purchase=purchase,
                complaint=complaint if spec.complaint else None,
                part=store[spec.part] if spec.part else None,
                quantity=spec.quantity,
            )
            _follow(scene, spec, request)


def _follow(scene: Scene, spec: DemoReturn, request: ReturnRequest) -> None:
    assert request.approval_id is not None
    day = f"{scene.today:%Y年%m月%d日}"
    for approve, note in spec.decisions:
        approvals.decide(
            request.approval_id, by=scene.people["gm"], approve=approve, note=note.format(day=day)
        )
    if spec.withdrawn:
        returns.withdraw(request, by=scene.people["dispatcher2"], reason=spec.withdrawn)
    if spec.carried_out:
        returns.carry_out(request, by=scene.people["supervisor2"])


def load_delegations(scene: Scene) -> None:
    """The general manager's approvals with supervisor1 since he left (a return approved on his behalf),
    then — supervisor1 ended — with supervisor2 until he is back."""
    gm = scene.people["gm"]
    back = dt.datetime.combine(scene.today + dt.timedelta(days=BACK_IN), dt.time(18), tzinfo=scene.zone)
    if not Delegation.objects.filter(delegator=gm, reason=AWAY).exists():
        with silence.silenced():  # over before anyone looks: nobody needs telling
            away = approvals.delegate(
                delegator=gm,
                delegate=scene.people["supervisor1"],
                starts_at=scene.at(6, 8),
                ends_at=back,
                by=gm,
                reason=AWAY,
            )
            for spec in RETURNS:
                if spec.delegated:
                    _decide_for_gm(scene, spec)
            approvals.end_delegation(away, by=gm)
    if not Delegation.objects.filter(delegator=gm, reason=HANDED_ON).exists():
        approvals.delegate(
            delegator=gm,
            delegate=scene.people["supervisor2"],
            starts_at=scene.now,
            ends_at=back,
            by=gm,
            reason=HANDED_ON,
        )


def _decide_for_gm(scene: Scene, spec: DemoReturn) -> None:
    request = ReturnRequest.objects.get(site=scene.site, content=spec.content)
    assert request.approval_id is not None  # every request asks for its approval
    chain = ApprovalRequest.objects.get(pk=request.approval_id)
    if chain.is_pending:
        approvals.decide(chain, by=scene.people["supervisor1"], approve=True, note=spec.delegated)
