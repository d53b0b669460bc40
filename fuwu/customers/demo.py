"""The demo company's households and the people living in them, for `fuwu demo`. Idempotent.

Everything is derived from list positions (no randomness); move-in dates count back from the day the
demo is first loaded, so a fresh demo always has a few households that moved in during the last week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site, User
from fuwu.customers import services
from fuwu.customers.models import Household, Owner, Residence

# Flats of the community itself: buildings 1–4, units 1–2, four flats per stairwell.
COMMUNITY_SITE = "jinxiu"
ROOM_CYCLE = ("301", "502", "701", "1102", "402", "601", "201", "902")
# The store's renovation customers live in a community near the store.
STORE_SITE = "binjiang"
STORE_COMMUNITY = "滨江花苑"
STORE_HOMES = (
    ("5", "1", "1201"),
    ("5", "2", "803"),
    ("6", "1", "1502"),
    ("7", "1", "602"),
    ("7", "2", "1101"),
    ("8", "1", "301"),
    ("9", "2", "1702"),
    ("10", "1", "901"),
    ("11", "1", "2001"),
    ("12", "2", "502"),
)
# Households (by position) that moved in during the last week.
RECENT = frozenset({4, 17, 29, 35})

NAMES = (
    "张秀英", "王桂兰", "李建华", "刘志强", "陈玉梅", "杨国庆", "赵淑珍", "黄海燕", "周文斌",
    "吴晓东", "徐丽娟", "孙志刚", "胡春花", "朱建平", "高永红", "林海峰", "何雪梅", "郭振华",
    "马立新", "罗秀兰", "梁志勇", "宋丽华", "郑国栋", "谢美玲", "韩冬梅", "唐建军", "冯淑华",
    "于海波", "董佳怡", "萧子轩", "程雅琴", "曹志明", "袁晓燕", "邓建国", "许文静", "傅红梅",
    "沈浩然", "曾丽萍", "彭宇航", "吕桂英", "苏晓峰", "卢美华", "蒋子涵", "蔡文军", "贾思远",
)  # fmt: skip
PHONE_PREFIXES = ("139", "136", "158", "186", "135", "177", "189", "152", "133")
# Owners of a second home: (owner position, household position). Household 41 is a store customer's.
SECOND_HOMES = ((3, 40), (17, 41))
# People living with an owner: (person position, household position, relation).
CO_RESIDENTS = (
    (40, 2, Residence.Relation.FAMILY),
    (41, 9, Residence.Relation.TENANT),
    (42, 15, Residence.Relation.FAMILY),
    (43, 24, Residence.Relation.FAMILY),
    (44, 35, Residence.Relation.TENANT),
)


@dataclass(frozen=True)
class DemoHousehold:
    site: str
    community: str
    building: str
    unit: str
    room: str


def demo_households() -> list[DemoHousehold]:
    homes = [
        DemoHousehold(COMMUNITY_SITE, "", str(building), str(unit), ROOM_CYCLE[(stair + 2 * j) % 8])
        for building in range(1, 5)
        for unit in (1, 2)
        for stair in [(building - 1) * 2 + unit - 1]
        for j in range(4)
    ]
    homes += [DemoHousehold(STORE_SITE, STORE_COMMUNITY, b, u, r) for b, u, r in STORE_HOMES]
    return homes


def owner_phone(index: int) -> str:
    # 7919 is prime to 10^8, so every index gets its own eight digits.
    return f"{PHONE_PREFIXES[index % len(PHONE_PREFIXES)]}{(index * 7919 + 20480000) % 100_000_000:08d}"


def area(index: int) -> Decimal | None:
    if index % 9 == 8:
        return None  # not measured yet
    return Decimal(68 + (index * 37) % 83) + Decimal(index % 4) / 4


def moved_in_on(index: int, today: date) -> date | None:
    if index in RECENT:
        return today - timedelta(days=1 + index % 6)
    if index % 11 == 10:
        return None  # bought, not moved in
    return today - timedelta(days=9 + (index * 53) % 300)


def load(context: DemoContext) -> str:
    """Create what is missing; return a one-line summary (households and people)."""
    site_by_code, admin = context.site_by_code, context.admin
    today = timezone.localdate()
    homes = [
        _household(index, spec, site_by_code[spec.site], today, admin)
        for index, spec in enumerate(demo_households())
    ]
    second_home = dict(SECOND_HOMES)
    owners = min(len(homes), len(NAMES) - len(CO_RESIDENTS))
    for index in range(owners):
        own = [homes[index]] + ([homes[second_home[index]]] if index in second_home else [])
        _person(index, own, Residence.Relation.OWNER, None, admin)
    for index, home_index, relation in CO_RESIDENTS:
        home = homes[home_index]
        since = home.moved_in_on + timedelta(days=30) if home.moved_in_on else None
        _person(index, [home], relation, since, admin)
    people = Owner.objects.filter(phone__in=[owner_phone(i) for i in range(len(NAMES))]).count()
    return f"{len(homes)} households, {people} owners and residents"


def _household(index: int, spec: DemoHousehold, site: Site, today: date, admin: User) -> Household:
    existing = Household.objects.filter(
        site=site, community=spec.community, building=spec.building, unit=spec.unit, room=spec.room
    ).first()
    if existing is not None:
        return existing
    return services.household_create(
        site=site,
        community=spec.community,
        building=spec.building,
        unit=spec.unit,
        room=spec.room,
        area=area(index),
        moved_in_on=moved_in_on(index, today),
        by=admin,
    )


def _person(
    index: int, homes: list[Household], relation: Residence.Relation, since: date | None, admin: User
) -> None:
    phone = owner_phone(index)
    if Owner.objects.filter(phone=phone).exists():
        return
    services.owner_register(
        name=NAMES[index], phone=phone, households=homes, relation=relation, since=since, by=admin
    )
