"""The demo's customer files, for `fuwu demo`: the owners of both sites' households as property customers,
the store's car-service customers with their cars, services and recent visits (files due, one overdue, a
call window open), and its after-sales customers with the products they bought (p14.2.2). Idempotent;
everything derives from list positions and today's date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site, User
from fuwu.customers.models import Customer, CustomerEvent, Residence
from fuwu.customers.services import customers as services
from fuwu.customers.services import files

STORE = "binjiang"
COMMUNITY = "jinxiu"


@dataclass(frozen=True)
class Car:
    plate: str
    model: str
    vehicle_type: str
    interval: int


@dataclass(frozen=True)
class CarCustomer:
    name: str
    phone: str
    address: str
    cars: tuple[Car, ...]
    kind: str = Customer.Kind.PERSON
    wanted: str = ""


CAR_CUSTOMERS = (
    CarCustomer(
        "钱志远",
        "13957120011",
        "滨江花苑 5栋1单元1201",
        (Car("浙A·3K721", "大众帕萨特", "小型轿车", 180),),
        wanted="保养提醒",
    ),
    CarCustomer(
        "孔令辉", "13857130022", "江南大道 1088号", (Car("浙A·8M256", "丰田卡罗拉", "小型轿车", 180),)
    ),
    CarCustomer(
        "严雪琴",
        "15967140033",
        "滨江花苑 7栋2单元1101",
        (Car("浙A·D5071", "比亚迪秦", "新能源轿车", 365),),
        wanted="免费检测",
    ),
    CarCustomer(
        "华永平", "18658150044", "长河路 66号 3幢402室", (Car("浙A·6P903", "本田雅阁", "小型轿车", 180),)
    ),
    CarCustomer(
        "金秀兰", "13735160055", "滨江花苑 9栋2单元1702", (Car("浙A·2T488", "别克英朗", "小型轿车", 180),)
    ),
    CarCustomer(
        "魏国强",
        "13588170066",
        "西兴街道 12-2-601",
        (Car("浙A·7Q135", "哈弗H6", "SUV", 240),),
        wanted="优惠活动",
    ),
    CarCustomer(
        "陶建明", "15158180077", "滨江花苑 6栋1单元1502", (Car("浙A·9F640", "日产轩逸", "小型轿车", 180),)
    ),
    CarCustomer(
        "姜丽萍", "13906190088", "浦沿路 8号 5-1-302", (Car("浙A·1L379", "奥迪A4L", "小型轿车", 365),)
    ),
    CarCustomer(
        "杭州顺达物流有限公司",
        "057186620099",
        "滨江区江虹路 459号",
        (Car("浙A·5H812", "江铃顺达", "轻型货车", 90), Car("浙A·5H813", "江铃顺达", "轻型货车", 90)),
        kind=Customer.Kind.COMPANY,
        wanted="车队定期保养",
    ),
    CarCustomer(
        "戚晓燕",
        "17794200101",
        "滨江花苑 11栋1单元2001",
        (Car("浙A·F0256", "特斯拉Model 3", "新能源轿车", 365),),
    ),
)
# Each car customer's last visit: (days ago, what happened, filed, collected) — today's files due, an
# overdue one, a consultation, a collected car whose first call's window is open, and older ones done.
VISITS = (
    (1, CustomerEvent.Reason.DROPOFF, False, False),
    (3, CustomerEvent.Reason.DROPOFF, False, False),
    (1, CustomerEvent.Reason.CONSULTATION, False, False),
    (5, CustomerEvent.Reason.DROPOFF, True, True),
    (20, CustomerEvent.Reason.DROPOFF, True, True),
    (45, CustomerEvent.Reason.DROPOFF, True, True),
    (70, CustomerEvent.Reason.DROPOFF, True, True),
    (100, CustomerEvent.Reason.CONSULTATION, True, False),
    (2, CustomerEvent.Reason.DROPOFF, True, False),
    (130, CustomerEvent.Reason.DROPOFF, True, True),
)
WORK = ("常规保养：更换机油机滤", "更换前刹车片", "空调系统清洗", "四轮定位", "更换蓄电池", "发动机故障检修")
# The store's renovation customers bought these (p14.2.2: every product sold has its after-sales file).
PRODUCTS = (
    ("整体橱柜", "A级", "CG", Decimal("18600.00")),
    ("实木复合地板", "E0级", "DB", Decimal("9800.00")),
    ("智能马桶", "一等品", "MT", Decimal("3299.00")),
    ("淋浴房", "一等品", "LY", Decimal("4200.00")),
)


def load(context: DemoContext) -> str:
    """Create what is missing; return a one-line summary."""
    store, community = context.site_by_code[STORE], context.site_by_code[COMMUNITY]
    people = context.people
    today = timezone.localdate()
    owners = _owners(community, people["cm1"], context.admin) + _owners(store, people["cm2"], context.admin)
    cars = [_car_customer(index, spec, store, people, today) for index, spec in enumerate(CAR_CUSTOMERS)]
    bought = _purchases(store, today, people["cm3"])
    return f"{owners} property customers, {sum(cars)} car-service customers, {bought} products on file"


def _owners(site: Site, manager: User, admin: User) -> int:
    """Every owner of the site's households is a customer of it, living there."""
    made = 0
    residences = Residence.objects.filter(
        household__site=site, relation=Residence.Relation.OWNER
    ).select_related("owner", "household")
    for residence in residences.order_by("pk"):
        owner, home = residence.owner, residence.household
        if Customer.objects.filter(site=site, owner=owner, household=home).exists():
            continue
        services.create_customer(
            site=site,
            name=owner.name,
            phones=[owner.phone] if owner.phone else [],
            address=str(home),
            manager=manager,
            by=admin,
            owner=owner,
            household=home,
        )
        made += 1
    return made


def _at(today: dt.date, days_ago: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(hour, 30)))


def _car_customer(index: int, spec: CarCustomer, store: Site, people: dict[str, User], today: dt.date) -> int:
    if Customer.objects.filter(site=store, name=spec.name, phone=spec.phone).exists():
        return 0
    desk, manager = people["dispatcher2"], people["cm2" if index % 3 else "cm3"]
    customer = services.create_customer(
        site=store,
        name=spec.name,
        kind=spec.kind,
        phones=[spec.phone],
        address=spec.address,
        manager=manager,
        by=desk,
        services_wanted=spec.wanted,
    )
    days_ago, reason, filed, collected = VISITS[index % len(VISITS)]
    for number, car in enumerate(spec.cars):
        vehicle = files.add_vehicle(
            customer,
            plate=car.plate,
            model=car.model,
            vehicle_type=car.vehicle_type,
            service_interval_days=car.interval,
            next_service_on=today - dt.timedelta(days=days_ago) + dt.timedelta(days=car.interval),
            by=desk,
        )
        # Earlier services, then this visit's.
        for earlier in range(1 + (index + number) % 3):
            day = today - dt.timedelta(days=days_ago + car.interval * (earlier + 1))
            work = WORK[(index + earlier) % len(WORK)]
            files.add_service_record(
                customer, day=day, work=work, vehicle=vehicle, amount=Decimal(380 + 120 * earlier), by=desk
            )
        if reason == CustomerEvent.Reason.DROPOFF:
            files.add_service_record(
                customer,
                day=today - dt.timedelta(days=days_ago),
                work=WORK[index % len(WORK)],
                vehicle=vehicle,
                amount=Decimal(460 + 40 * index),
                by=desk,
            )
    arrived = _at(today, days_ago, 9)
    files.record_contact(customer, reason=reason, at=arrived, by=desk, note="")
    if filed:
        files.make_file(customer, by=manager, at=arrived + dt.timedelta(hours=20))
    if collected:
        files.record_contact(
            customer, reason=CustomerEvent.Reason.PICKUP, at=arrived + dt.timedelta(hours=8), by=desk
        )
    return 1


def _purchases(store: Site, today: dt.date, by: User) -> int:
    """Products the store's renovation customers bought (their after-sales file, p14.2.2)."""
    made = 0
    for index, customer in enumerate(
        Customer.objects.filter(site=store, household__isnull=False).order_by("pk")
    ):
        if customer.purchases.exists():
            continue
        for number in range(1 + index % 2):
            product, grade, prefix, amount = PRODUCTS[(index + number) % len(PRODUCTS)]
            files.add_purchase(
                customer,
                product=product,
                grade=grade,
                serial=f"{prefix}{2026}{index:03d}{number}",
                purchased_on=today - dt.timedelta(days=40 + 23 * index + 7 * number),
                amount=amount,
                by=by,
            )
            made += 1
    return made
