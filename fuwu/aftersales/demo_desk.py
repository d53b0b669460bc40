"""The store's after-sales desk in the demo: four weeks of the customer call log (p12.3) — questions,
repairs that became repair orders (two outside the service list, waiting for or given the department
head's approval, p10.3.5) — the supervisor's own call record (p12.14, weekends included), and the design
defect register (p12.13). Complaints are in ``demo_complaints``.

Each row is made once: a call is known again by its register and words, and a repair order by its call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from fuwu.aftersales.demo_parts import Repair
from fuwu.aftersales.demo_scene import Scene, quiet
from fuwu.aftersales.models import Call, DesignDefect
from fuwu.aftersales.services import registers
from fuwu.core.services import silence
from fuwu.orders import labels
from fuwu.orders.models import Order
from fuwu.orders.services import orders

# Under the test suite the repair calls (and the repair orders they give) are left out unless a test asks
# for them (patching this), as the orders demo leaves its orders out: tests of other apps that count the
# orders demo's orders count only theirs.
REPAIRS_UNDER_TEST = False
ARRIVED_AFTER = dt.timedelta(hours=2)
ALL_CHECKED = dict.fromkeys(labels.CHECKLIST, True)


@dataclass(frozen=True)
class Work:
    """The repair order a call gave: who went, which parts they used, and — outside the company's service
    list (p10.3.5) — whether the department head approved (None: still waiting)."""

    technician: str
    used: tuple[tuple[str, int], ...] = ()
    tags: tuple[str, ...] = ("general",)
    outside_list: bool = False
    approved: bool | None = None


@dataclass(frozen=True)
class DemoCall:
    days_ago: int
    hour: int
    minute: int
    customer: int | None  # the store customer's position; None: a caller not on file
    content: str
    arrangement: str = ""
    caller: str = ""
    phone: str = ""
    work: Work | None = None


CALLS = (
    DemoCall(
        45, 10, 20, 0, "橱柜门铰链松脱，柜门下垂关不严", work=Work("tech6", (("CG-JL", 4),), ("small",))
    ),
    DemoCall(
        40, 14, 5, 4, "厨房吊柜门板受潮起鼓，要求更换", work=Work("tech6", (("CG-MB", 1), ("CG-JL", 2)))
    ),
    DemoCall(
        33, 9, 40, 1, "客厅地板两块起拱，踩上去有响声", work=Work("tech6", (("DB-01", 2), ("DB-KT", 1)))
    ),
    DemoCall(27, 11, 0, 8, "咨询整体橱柜保修期多长", "告知柜体保修五年、五金件两年"),
    DemoCall(
        26, 15, 30, 3, "淋浴房推拉门滑轮损坏，门推不动", work=Work("tech5", (("LY-HL", 2), ("SL-01", 1)))
    ),
    DemoCall(24, 16, 20, None, "咨询智能马桶安装需要预留什么", "约周六到店看样品", "周先生", "13705718862"),
    DemoCall(22, 10, 5, 9, "咨询实木复合地板日常保养方法", "电话说明，并寄送保养手册"),
    DemoCall(19, 10, 50, 2, "智能马桶盖板不加热，座圈冰凉", work=Work("tech8", (("MT-GB", 1),))),
    DemoCall(17, 14, 40, 8, "询问上次维修的发票何时开具", "转财务，次日邮寄"),
    DemoCall(15, 9, 15, 3, "预约淋浴房年度检查", "约定下周三上午上门"),
    DemoCall(
        12,
        16,
        10,
        6,
        "马桶进水三角阀漏水，地面有积水",
        work=Work("tech5", (("JS-01", 2), ("SL-01", 1)), ("leak",)),
    ),
    DemoCall(
        10,
        15,
        50,
        None,
        "询问门店能否承接小区公共卫生间维修",
        "转公司业务部报价",
        "物业何经理",
        "057186651230",
    ),
    DemoCall(8, 10, 30, 0, "反映上次维修后柜门开关正常，表示感谢", "记录表扬，转告维修工徐刚"),
    DemoCall(
        7,
        11,
        15,
        7,
        "淋浴房玻璃门自爆，碎玻璃散落",
        work=Work("tech7", (("LY-BL", 1), ("SL-01", 2)), ("emergency",)),
    ),
    DemoCall(5, 13, 20, 2, "询问智能马桶滤网在哪里买", "告知门店有售，可上门更换"),
    DemoCall(3, 17, 40, 4, "咨询橱柜台面开裂是否在保修范围", "约技术员查看后答复"),
    DemoCall(2, 9, 30, 5, "卫生间门口地板收边条翘起", work=Work("tech6", (("DB-KT", 3),), ("small",))),
    DemoCall(
        2,
        10,
        0,
        3,
        "要求在淋浴房外加装挡水条并改造地漏",
        work=Work("tech7", outside_list=True, approved=True),
    ),
    DemoCall(1, 11, 25, 6, "询问退货申请的审批进度", "告知已报总经理审批，批后电话通知"),
    DemoCall(
        1,
        15,
        0,
        2,
        "要求把智能马桶移到次卫并改接给排水",
        work=Work("tech5", outside_list=True),
    ),
    DemoCall(0, 9, 5, 1, "咨询地板划痕能否修复", "约定周末上门评估"),
    DemoCall(0, 10, 40, None, "咨询门店是否提供旧卫浴拆除", "告知可以，上门报价", "刘女士", "18969031577"),
)
# The after-sales supervisor's own record (p12.14), holidays included: (weeks ago, weekday, hour, minute,
# customer position, what they asked, the arrangement).
SUPERVISOR_CALLS = (
    (3, 6, 19, 20, 2, "周日晚来电：智能马桶不出水", "电话指导关闭进水阀，次日派工"),
    (2, 2, 12, 10, 4, "询问橱柜延保服务价格", "报价并发送延保条款"),
    (2, 5, 9, 45, 7, "周六来电：淋浴房门关不严漏水", "安排值班技术员上门"),
    (1, 0, 18, 30, 1, "反映地板维修后颜色不一致", "约次日上门查看"),
    (1, 6, 20, 5, 3, "周日晚来电：淋浴房玻璃有裂纹", "嘱咐勿用，次日一早派工"),
    (0, 1, 8, 50, 9, "咨询以旧换新活动", "介绍活动并登记意向"),
)
DEFECTS = (
    (
        12,
        DesignDefect.Kind.DEFECT,
        "智能马桶（九牧 ZS-460 同批次）",
        "进水阀公差偏大，多台出现溢水，建议厂家改进并召回该批次",
    ),
    (
        5,
        DesignDefect.Kind.HARD_CASE,
        "进口恒温花洒阀芯",
        "原厂配件停产，门店无法维修，建议联系代理商或整套更换",
    ),
)


def _known(scene: Scene, register: str, content: str) -> Call | None:
    return Call.objects.filter(site=scene.site, register=register, content=content).first()


def load_calls(scene: Scene) -> list[Repair]:
    """The desk's calls and the repair orders they gave, the supervisor's record; the parts each repair
    used, for the store."""
    repairs: list[Repair] = []
    with_repairs = REPAIRS_UNDER_TEST or not settings.TESTING
    for spec in CALLS:
        if spec.work is not None and not with_repairs:
            continue
        call = _known(scene, Call.Register.DESK, spec.content)
        if call is None:
            call = _log(scene, spec)
        if spec.work is not None and call.order is not None and spec.work.used:
            arrived = call.at + ARRIVED_AFTER + dt.timedelta(minutes=10)
            repairs.append(Repair(call.order, arrived, spec.work.used))
    for weeks_ago, weekday, hour, minute, position, content, arrangement in SUPERVISOR_CALLS:
        if _known(scene, Call.Register.SUPERVISOR, content) is not None:
            continue
        monday = scene.today - dt.timedelta(days=scene.today.weekday() + 7 * weeks_ago)
        days_ago = (scene.today - monday).days - weekday
        if days_ago < 0:  # later this week: the same weekday a week before
            days_ago += 7
        with silence.silenced():
            registers.log_call(
                scene.site,
                by=scene.people["supervisor2"],
                at=scene.at(days_ago, hour, minute),
                content=content,
                customer=scene.customer(position),
                arrangement=arrangement,
                register=Call.Register.SUPERVISOR,
            )
    return repairs


def _log(scene: Scene, spec: DemoCall) -> Call:
    desk = scene.people["dispatcher2"]
    at = scene.at(spec.days_ago, spec.hour, spec.minute)
    customer = scene.customer(spec.customer) if spec.customer is not None else None
    order = _order(scene, spec, at) if spec.work is not None else None
    arrangement = spec.arrangement
    if order is not None and spec.work is not None:
        arrangement = f"派工单 {order.number}，{scene.people[spec.work.technician].display_name}上门"
    with silence.silenced():
        return registers.log_call(
            scene.site,
            by=desk,
            at=at,
            content=spec.content,
            caller=spec.caller,
            phone=spec.phone,
            customer=customer,
            needs_repair=spec.work is not None,
            arrangement=arrangement,
            order=order,
        )


def _order(scene: Scene, spec: DemoCall, received: dt.datetime) -> Order:
    """The repair order the call gave, taken through every step up to now: dispatched, the technician on
    site; then finished, or — outside the service list — the department head's decision first."""
    assert spec.work is not None and spec.customer is not None
    work, desk = spec.work, scene.people["dispatcher2"]
    customer, technician = scene.customer(spec.customer), scene.people[work.technician]
    description = f"{spec.content}（超出售后服务项目）" if work.outside_list else spec.content
    # Only what still waits for someone (the department head's approval) tells anyone today.
    with quiet(not (work.outside_list and work.approved is None)):
        order = orders.create_order(
            site=scene.site,
            by=desk,
            description=description,
            channel=Order.Channel.PHONE,
            tags=work.tags,
            household=customer.household,
            contact_name=customer.name,
            contact_phone=customer.phone,
            received_at=received,
            outside_service_list=work.outside_list,
        )
    arrived = received + ARRIVED_AFTER
    with silence.silenced():
        order = orders.dispatch(order, technician=technician, by=desk, at=received + dt.timedelta(minutes=15))
        order = orders.accept(order, by=technician, at=received + dt.timedelta(minutes=20))
        order = orders.arrive(order, by=technician, at=arrived, checklist=ALL_CHECKED)
        if not work.outside_list:
            finished = arrived + dt.timedelta(minutes=90)
            order = orders.complete(order, by=technician, at=finished, notes="已修复，客户确认")
            return orders.close(order, by=desk, at=finished + dt.timedelta(hours=1))
        if work.approved is None:
            return order
        note = "同意，按服务项目外收费标准执行" if work.approved else "不在售后服务范围，建议客户另请专业公司"
        order = orders.decide_approval(
            order, by=scene.people["supervisor2"], approved=work.approved, note=note
        )
        if not work.approved:
            return order
        # Approved today, days after the technician arrived: finished now, with p09.2d's explanation.
        return orders.complete(
            order,
            by=technician,
            notes="按审批内容完工",
            explanation="超出服务项目的工作须等部门负责人批准（p10.3.5），批准后当即完工",
        )


def load_defects(scene: Scene) -> None:
    """Design defects and a machine the store cannot repair, reported to the general manager (p12.13)."""
    for days_ago, kind, product, problem in DEFECTS:
        if DesignDefect.objects.filter(site=scene.site, product=product, problem=problem).exists():
            continue
        with silence.silenced():
            registers.report_defect(
                scene.site,
                by=scene.people["supervisor2"],
                kind=kind,
                found_on=scene.today - dt.timedelta(days=days_ago),
                product=product,
                problem=problem,
            )
