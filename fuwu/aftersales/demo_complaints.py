"""The store's complaints in the demo, each taken on a call and carried as far as its story goes: just
received, under investigation, replied within p14.4.1's time and found unfounded, one past its reply time,
a quality complaint with the technical quality department's opinion, a disputed one sent to the inspection
body (p14.4.3), a substantiated complaint about a technician's attitude whose p12.6 incident waits for its
approver, and one about the after-sales supervisor whose p12.17 fine was approved into the ledger.

The two incidents are dated when their complaints came in, within the last days: months still open in
the staff ledger (the staff demo closes every month up to two months ago)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fuwu.aftersales.demo_scene import Scene, quiet
from fuwu.aftersales.models import Complaint
from fuwu.aftersales.services import complaints, quality, registers
from fuwu.core.services import silence
from fuwu.staff.services import incidents

Kind = Complaint.Kind


@dataclass(frozen=True)
class Finding:
    substantiated: bool
    note: str
    by: str
    amount: str | None = None  # p12.6's fine, set by whoever concludes
    approved_by: str | None = None  # the incident's approver; None: it waits


@dataclass(frozen=True)
class DemoComplaint:
    customer: int  # the store customer's position (one complaint each: one reply deadline each)
    product: str  # which of their purchases it is about
    days_ago: int
    hour: int
    minute: int
    kind: str
    content: str
    staff_member: str | None = None
    notes: tuple[str, ...] = ()
    reply: tuple[int, str] | None = None  # hours after it came in, what the customer was told
    opinion: str = ""  # routed to the technical quality department, which said this
    inspection_body: str = ""  # the quality disputed: sent to the body the contract names
    finding: Finding | None = None


COMPLAINTS = (
    DemoComplaint(8, "整体橱柜", 0, 9, 20, Kind.QUALITY, "新装橱柜抽屉滑轨异响，拉出时卡顿"),
    DemoComplaint(
        9,
        "",
        0,
        8,
        45,
        Kind.OTHER,
        "约好上午九点上门维修，技术员迟到两小时，也没有提前打电话",
        notes=("调取派工记录：技术员前一单超时，未通知客户", "已联系技术员核实，待售后主管约谈"),
    ),
    DemoComplaint(
        6,
        "智能马桶",
        9,
        14,
        10,
        Kind.OTHER,
        "认为智能马桶上门清洗保养收费过高",
        reply=(3, "已向客户说明收费依据的服务价目表，客户表示理解"),
        finding=Finding(False, "按公示价目表收费，未多收", "supervisor2"),
    ),
    DemoComplaint(5, "实木复合地板", 3, 15, 30, Kind.OTHER, "购买地板时承诺赠送的保养蜡至今未送到"),
    DemoComplaint(
        2,
        "智能马桶",
        12,
        10,
        0,
        Kind.QUALITY,
        "智能马桶冲水后持续溢水，已维修两次仍复发",
        notes=("两次维修均更换进水阀，问题复发",),
        reply=(4, "已转技术质量部分析原因，三日内给出处理意见"),
        opinion="进水阀设计公差偏大，属产品批次缺陷，建议整机退货并向厂家索赔",
    ),
    DemoComplaint(
        1,
        "实木复合地板",
        18,
        9,
        30,
        Kind.QUALITY,
        "地板铺装半年大面积起拱开裂，认为板材含水率不合格",
        reply=(5, "已安排技术质量部上门检测，结果出来后第一时间告知"),
        opinion="现场检测为地面返潮所致，非板材质量问题",
        inspection_body="浙江省质量检测科学研究院（购货合同约定）",
    ),
    DemoComplaint(
        7,
        "淋浴房",
        6,
        16,
        40,
        Kind.ATTITUDE,
        "上门更换淋浴房玻璃的师傅态度恶劣，嫌客户事多，摔门离开",
        staff_member="tech7",
        notes=("回访客户及同楼层邻居，情况属实", "技术员承认与客户争执"),
        reply=(2, "已向客户当面致歉，公司将严肃处理"),
        finding=Finding(
            True, "经调查属实：上门时与客户争执并摔门离开，有损公司形象", "supervisor2", "200.00"
        ),
    ),
    DemoComplaint(
        4,
        "整体橱柜",
        4,
        11,
        0,
        Kind.SUPERVISOR,
        "多次打电话找售后主管反映台面开裂，主管一直推脱不安排处理",
        reply=(3, "总经理已过问，明日安排技术员上门查看台面"),
        finding=Finding(True, "经核实售后主管三次接到来电均未安排处理", "gm", approved_by="gm"),
    ),
)


def load_complaints(scene: Scene) -> None:
    """Every complaint above that is not in yet, each with the call it came on."""
    for spec in COMPLAINTS:
        if not Complaint.objects.filter(site=scene.site, content=spec.content).exists():
            _complaint(scene, spec)


def _complaint(scene: Scene, spec: DemoComplaint) -> Complaint:
    desk, supervisor = scene.people["dispatcher2"], scene.people["supervisor2"]
    customer = scene.customer(spec.customer)
    received = scene.at(spec.days_ago, spec.hour, spec.minute)
    # A complaint still awaiting its reply is reported today (p12.12); one answered long ago is not.
    with quiet(spec.reply is not None):
        call = registers.log_call(
            scene.site,
            by=desk,
            at=received,
            content=f"投诉：{spec.content}",
            customer=customer,
            arrangement="登记投诉，24小时内答复（p14.4.1）",
        )
        complaint = complaints.receive_complaint(
            scene.site,
            by=desk,
            customer=customer,
            kind=spec.kind,
            content=spec.content,
            received_at=received,
            purchase=scene.purchase_of(spec.customer, spec.product),
            staff_member=scene.people[spec.staff_member] if spec.staff_member else None,
            call=call,
        )
    with silence.silenced():
        for note in spec.notes:
            complaints.add_note(complaint, by=supervisor, text=note)
        if spec.reply is not None:
            hours, text = spec.reply
            complaints.reply(complaint, by=desk, text=text, at=received + dt.timedelta(hours=hours))
        if spec.opinion:
            case = quality.route(complaint, by=supervisor, to=quality.QUALITY_DEPARTMENT)
            case = quality.record_opinion(case, by=supervisor, opinion=spec.opinion)
        if spec.inspection_body:
            quality.route(
                complaint, by=supervisor, to=quality.INSPECTION_BODY, inspection_body=spec.inspection_body
            )
    if spec.finding is not None:
        complaint = _conclude(scene, complaint, spec.finding)
    return complaint


def _conclude(scene: Scene, complaint: Complaint, finding: Finding) -> Complaint:
    """The finding; a substantiated one about staff gives its incident, which waits for its approver (who
    is told) or was approved."""
    with quiet(finding.approved_by is not None or not finding.substantiated):
        complaint = complaints.conclude(
            complaint,
            by=scene.people[finding.by],
            substantiated=finding.substantiated,
            note=finding.note,
            amount=Decimal(finding.amount) if finding.amount else None,
        )
    if complaint.incident is not None and finding.approved_by is not None:
        with silence.silenced():
            incidents.approve_incident(complaint.incident, by=scene.people[finding.approved_by])
    return complaint
