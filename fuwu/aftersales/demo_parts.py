"""The store's parts store in the demo (p12.16a): its parts bought in twice, issued to the after-sales
repair orders at their cost as the repairs happened, and the department's own account with the service
fees and expenses entered by hand — so that the monthly parts-cost report of last month and of this month,
and the account, have rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fuwu.aftersales.demo_scene import Scene
from fuwu.aftersales.models import AccountEntry, Part, PartMovement
from fuwu.aftersales.services import account, parts
from fuwu.core.services import silence
from fuwu.orders.models import Order


@dataclass(frozen=True)
class DemoPart:
    code: str
    name: str
    unit: str
    spec: str
    supplier: str
    unit_cost: str
    first: int  # bought when the store opened its books
    restock: int  # bought again a month later (0: not needed)


PARTS = (
    DemoPart("CG-JL", "橱柜铰链（阻尼）", "个", "35mm 全盖", "佛山百隆五金", "18.50", 60, 40),
    DemoPart("CG-MB", "橱柜门板", "块", "600×720 烤漆白", "杭州欧派家居", "260.00", 6, 4),
    DemoPart("DB-01", "实木复合地板", "㎡", "E0级 1210×165", "湖州世友木业", "168.00", 40, 0),
    DemoPart("DB-KT", "地板收边扣条", "根", "铝合金 0.9m", "湖州世友木业", "22.00", 30, 20),
    DemoPart("JS-01", "三角阀", "个", "铜 4分", "浙江埃美柯阀门", "28.00", 30, 20),
    DemoPart("LY-BL", "淋浴房钢化玻璃", "块", "8mm 900×1950", "中山玫瑰岛卫浴", "420.00", 3, 2),
    DemoPart("LY-HL", "淋浴房滑轮", "个", "不锈钢 双轮", "中山玫瑰岛卫浴", "35.00", 40, 0),
    DemoPart("MT-01", "智能马桶", "台", "一等品 400坑距", "厦门九牧卫浴", "2150.00", 3, 0),
    DemoPart("MT-GB", "智能马桶盖板组件", "套", "即热式", "厦门九牧卫浴", "480.00", 5, 3),
    DemoPart("SL-01", "硅酮密封胶", "支", "中性 防霉 300ml", "杭州之江有机硅", "16.00", 48, 24),
)
# When the two deliveries came (days before today, local hour); the second at 5 % more.
FIRST_DELIVERY, RESTOCK = (58, 10), (27, 14)
FIRST_NOTE, RESTOCK_NOTE = "期初进货", "月度补货"
RESTOCK_PRICE = Decimal("1.05")

# The department's account entered by hand: (days ago, hour, summary, income, expense).
ACCOUNT = (
    (50, 17, "收取上门维修服务费（橱柜、地板 5 单）", "1280.00", None),
    (36, 16, "支付配件物流费（世友木业补货）", None, "85.00"),
    (21, 17, "收取上门维修服务费（卫浴 4 单）", "960.00", None),
    (9, 11, "购置维修工具（电钻、打胶枪）", None, "436.00"),
    (2, 17, "收取上门维修服务费（厨卫 3 单）", "640.00", None),
)


@dataclass(frozen=True)
class Repair:
    """Parts an after-sales repair order used, issued when the technician arrived."""

    order: Order
    at: dt.datetime
    used: tuple[tuple[str, int], ...]


def load_parts(scene: Scene) -> dict[str, Part]:
    """The store's parts, created once."""
    found = {part.code: part for part in Part.objects.filter(site=scene.site)}
    for spec in PARTS:
        if spec.code not in found:
            found[spec.code] = parts.create_part(
                scene.site,
                by=scene.people["supervisor2"],
                code=spec.code,
                name=spec.name,
                unit=spec.unit,
                spec=spec.spec,
            )
    return found


def load_movements(scene: Scene, store: dict[str, Part], repairs: list[Repair]) -> None:
    """Both deliveries and every repair's issues, in the order they happened (so each issue leaves at the
    average cost of what was in stock then); each one once."""
    events: list[tuple[dt.datetime, int, Repair | None]] = [
        (scene.at(FIRST_DELIVERY[0], FIRST_DELIVERY[1]), 0, None),
        (scene.at(RESTOCK[0], RESTOCK[1]), 1, None),
    ]
    events += [(repair.at, 2 + index, repair) for index, repair in enumerate(repairs)]
    with silence.silenced():  # the store's past announces nothing
        for at, position, repair in sorted(events, key=lambda event: (event[0], event[1])):
            if repair is None:
                _deliver(scene, store, at, restock=position == 1)
            else:
                _issue(scene, store, repair)


def _deliver(scene: Scene, store: dict[str, Part], at: dt.datetime, *, restock: bool) -> None:
    note = RESTOCK_NOTE if restock else FIRST_NOTE
    for spec in PARTS:
        quantity = spec.restock if restock else spec.first
        part = store[spec.code]
        if (
            quantity == 0
            or PartMovement.objects.filter(part=part, kind=PartMovement.Kind.STOCK_IN, note=note).exists()
        ):
            continue
        cost = Decimal(spec.unit_cost) * (RESTOCK_PRICE if restock else 1)
        parts.stock_in(
            part,
            by=scene.people["supervisor2"],
            quantity=quantity,
            unit_cost=cost.quantize(Decimal("0.01")),
            at=at,
            supplier=spec.supplier,
            note=note,
        )


def _issue(scene: Scene, store: dict[str, Part], repair: Repair) -> None:
    for code, quantity in repair.used:
        part = store[code]
        if PartMovement.objects.filter(part=part, order=repair.order, kind=PartMovement.Kind.ORDER).exists():
            continue
        parts.issue(
            part,
            by=scene.people["dispatcher2"],
            quantity=quantity,
            order=repair.order,
            at=repair.at,
            note=f"维修领用 {repair.order.number}",
        )


def load_account(scene: Scene) -> None:
    """The service fees and expenses the department entered by hand, once each."""
    with silence.silenced():
        for days_ago, hour, summary, income, expense in ACCOUNT:
            if AccountEntry.objects.filter(
                site=scene.site, kind=AccountEntry.Kind.ENTERED, summary=summary
            ).exists():
                continue
            account.enter(
                scene.site,
                by=scene.people["supervisor2"],
                summary=summary,
                at=scene.at(days_ago, hour),
                income=Decimal(income) if income else None,
                expense=Decimal(expense) if expense else None,
            )
