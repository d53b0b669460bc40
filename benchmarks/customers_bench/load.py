"""Fill the scratch database with customers in bulk: two sites, a desk and ten customer managers through the
ORM; customers, their numbers, cars, services and the caller lookup's keys through orders_bench's bulk
loaders (SQLite ``executemany`` with the indexes rebuilt after, PostgreSQL ``COPY``).

Every customer has a mobile number and an address in one of 400 communities (a flat written 5栋1单元1201);
half have a second number (a landline), half a car with a plate (at most two letters among its five
characters, as plates are issued), a service record and the day it was brought in on their timeline.
The keys are made by the app's own ``customers.lookup.keys.customer_keys``, so the index is the one the
services keep. Everything derives from a seeded random generator.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from orders_bench.load import Rows, _pg_load, _sqlite_load, with_defaults
from orders_bench.scratch import Scratch

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅海波宇浩然晓东云飞子轩雪琴文斌永春"
PLACES = "滨江锦绣金色阳光翠苑绿城海棠东方星河龙湖万科保利碧桂新城融创旭辉中海华润招商绿地世茂"
SUFFIXES = ("花苑", "家园", "名邸", "小区", "公寓", "府", "雅苑", "花园")
PROVINCE_LETTERS = "ABCDEFGH"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O on a plate
COMMUNITIES = 400


@dataclass
class People:
    sites: tuple[Any, Any]
    desk: Any  # a dispatcher of site a only: the lookup is scoped inside the index
    managers: list[int] = field(default_factory=list)


@dataclass
class Loaded:
    people: People
    seconds: float
    counts: dict[str, int]
    # What the measurements type: (phone number, plate, (community, building, unit, room)) of customers
    # of site a, drawn from the loaded rows.
    phones: list[str]
    plates: list[str]
    flats: list[tuple[str, str, str, str]]


def make_people() -> People:
    from django.contrib.auth.models import Group

    from fuwu.core.models import Membership, Site, User
    from fuwu.core.roles import Role
    from fuwu.regulations.models import SiteRegulation

    sites = (
        Site.objects.create(kind=Site.Kind.STORE, name="基准门店", code="bench-a"),
        Site.objects.create(kind=Site.Kind.STORE, name="基准二店", code="bench-b"),
    )
    groups = {role: Group.objects.get(name=role.group_name) for role in Role}

    def person(name: str, role: Role, *at: Any) -> Any:
        user = User.objects.create(username=name, display_name=name, is_active=True)
        user.groups.add(groups[role])
        for site in at:
            Membership.objects.create(user=user, site=site)
        return user

    for site in sites:
        SiteRegulation.objects.create(site=site, profile="store")
    people = People(sites, person("bench-desk", Role.DISPATCHER, sites[0]))
    for index in range(10):
        people.managers.append(person(f"bench-cm-{index}", Role.CUSTOMER_MANAGER, sites[index % 2]).pk)
    return people


@dataclass(frozen=True)
class Drawn:
    """One customer as drawn."""

    id: int
    site: int
    manager: int
    name: str
    mobile: str
    landline: str | None
    plate: str | None
    flat: tuple[str, str, str, str]


PHASES = ("", "一期", "二期", "三期", "四期", "五期", "六期", "七期", "八期")


def community(index: int) -> str:
    """A community's name as people write it: 滨江花苑, 锦绣家园二期 (a name never ends in a digit)."""
    first = PLACES[(index * 2) % len(PLACES) : (index * 2) % len(PLACES) + 2]
    return f"{first}{SUFFIXES[index % len(SUFFIXES)]}{PHASES[index // 50 % len(PHASES)]}"


def draw(count: int, people: People, seed: int = 8) -> Iterator[Drawn]:
    rng = random.Random(seed)
    sites = (people.sites[0].pk, people.sites[1].pk)
    for number in range(1, count + 1):
        site_index = number % 2
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        mobile = rng.choice(("13", "15", "18", "17")) + f"{rng.randrange(10**9):09d}"
        landline = f"0571{rng.randrange(10**8):08d}" if rng.random() < 0.5 else None
        plate = None
        if rng.random() < 0.5:
            # Five characters after the city's letter, at most two of them letters (GA 36: 浙A·1B23C).
            letters = set(rng.sample(range(5), rng.choice((0, 0, 0, 1, 1, 2))))
            body = "".join(
                rng.choice(PLATE_LETTERS) if i in letters else rng.choice("0123456789") for i in range(5)
            )
            plate = "浙" + rng.choice(PROVINCE_LETTERS) + body
        flat = (
            community(rng.randrange(COMMUNITIES)),
            str(rng.randrange(1, 31)),
            str(rng.randrange(1, 5)),
            f"{rng.randrange(1, 34)}{rng.randrange(1, 5):02d}",
        )
        managers = [pk for i, pk in enumerate(people.managers) if i % 2 == site_index]
        yield Drawn(
            number, sites[site_index], managers[number % len(managers)], name, mobile, landline, plate, flat
        )


def load(where: Scratch, count: int) -> Loaded:
    from django.core.management.color import no_style
    from django.db import connection

    from fuwu.customers.lookup.keys import address_of, customer_keys, plate_key
    from fuwu.customers.models import (
        Customer,
        CustomerEvent,
        CustomerPhone,
        LookupKey,
        ServiceRecord,
        Vehicle,
    )

    began = time.perf_counter()
    people = make_people()
    pg = where.engine == "postgres"
    created = "2026-01-05 09:00:00+00:00" if pg else "2026-01-05 09:00:00"
    drawn = list(draw(count, people))
    counts: dict[str, int] = {}
    sample_rng = random.Random(99)
    of_a = [d for d in drawn if d.site == people.sites[0].pk]
    picked = sample_rng.sample(of_a, min(2000, len(of_a)))

    def customers() -> Rows:
        for d in drawn:
            address = f"{d.flat[0]} {d.flat[1]}栋{d.flat[2]}单元{d.flat[3]}"
            yield (d.id, d.site, "person", d.name, d.mobile, address, d.manager, created)

    def phones() -> Rows:
        pk = 0
        for d in drawn:
            for number in filter(None, (d.mobile, d.landline)):
                pk += 1
                yield (pk, d.id, number, number)

    def vehicles() -> Rows:
        pk = 0
        for d in drawn:
            if d.plate:
                pk += 1
                yield (pk, d.id, d.plate, plate_key(d.plate), 180)

    def services() -> Rows:
        pk = 0
        for d in drawn:
            if d.plate:
                pk += 1
                yield (pk, d.id, pk, "2026-01-05", "常规保养", "380.00")

    def events() -> Rows:
        pk = 0
        for d in drawn:
            if d.plate:
                pk += 1
                yield (pk, d.id, "customer.contact", created, "vehicle_dropoff", "常规保养", created)

    def keys() -> Rows:
        pk = 0
        for d in drawn:
            found = customer_keys(
                name=d.name,
                phones=[n for n in (d.mobile, d.landline) if n],
                plates=[plate_key(d.plate)] if d.plate else [],
                addresses=[address_of(*d.flat)],
                free=[],
            )
            for gram, key in found:
                pk += 1
                yield (pk, d.id, d.site, gram, key)

    def counted(name: str, rows: Rows) -> Rows:
        for row in rows:
            counts[name] = counts.get(name, 0) + 1
            yield row

    specs: list[tuple[Any, list[str], Rows]] = [
        (
            Customer,
            ["id", "site_id", "kind", "name", "phone", "address", "manager_id", "created_at"],
            customers(),
        ),
        (CustomerPhone, ["id", "customer_id", "number", "digits"], phones()),
        (Vehicle, ["id", "customer_id", "plate", "plate_key", "service_interval_days"], vehicles()),
        (ServiceRecord, ["id", "customer_id", "vehicle_id", "day", "work", "amount"], services()),
        (CustomerEvent, ["id", "customer_id", "type", "at", "reason", "note", "recorded_at"], events()),
        (LookupKey, ["id", "customer_id", "site_id", "gram", "key"], keys()),
    ]
    tables = []
    for model, given, rows in specs:
        columns, full = with_defaults(model, given, counted(model._meta.db_table, rows))
        tables.append((model._meta.db_table, columns, full))
    connection.close()
    if pg:
        assert where.database_url is not None
        _pg_load(where.database_url, tables)
        with connection.cursor() as cursor:
            models = [Customer, CustomerPhone, Vehicle, ServiceRecord, CustomerEvent, LookupKey]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            # An index-only scan needs the visibility map a live server's autovacuum keeps.
            cursor.execute("VACUUM ANALYZE customers_lookupkey")
    else:
        _sqlite_load(str(where.sqlite_path), tables)
    return Loaded(
        people,
        time.perf_counter() - began,
        counts,
        phones=[d.mobile for d in picked],
        plates=[d.plate for d in picked if d.plate],
        flats=[d.flat for d in picked],
    )
