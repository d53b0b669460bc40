"""Fill the scratch database with a company's follow-up in bulk: 10 sites, 200 customer managers and their
customers, and ``open_work`` open follow-up tasks (100,000 by default) among the history a company keeps.

The people (sites with their regulations, managers, technicians, a supervisor each site, one stand-in)
go through the ORM; the big tables through orders_bench's bulk loaders (SQLite ``executemany`` with the
indexes rebuilt after, PostgreSQL ``COPY``, ``ANALYZE`` on both). Of the open work, in each manager's
share:

- 70 % stored obligations of the regulations door, open or breached and not met: files due (p16.b2),
  call windows (p16.b4/b5), replies (p14.4.1), the new owner's visit (p08.5), a campaign's notice and
  letters (p16.b6);
- 15 % planned contacts (p16.b3), 5 % requests raised in calls still open, 5 % property services' tasks
  (p08.15), 5 % customers filed without a next contact planned.

5 % of each is overdue. Beside it lies the history: every filed customer's file and two calls met
(three closed obligations each), done plans, answered requests, done tasks, and the repair orders'
deadlines of the same table (4 × ``open_work``, assigned to technicians, 1 % open). Everything derives
from the manager's and the customer's positions and a seeded generator; times are counted from the
moment of the load.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from orders_bench.load import Rows, _pg_load, _sqlite_load, with_defaults
from orders_bench.scratch import Scratch

SITES = 10
MANAGERS_PER_SITE = 20
CUSTOMERS_PER_OPEN = 2  # customers in the company for each open task
ORDER_DEADLINES_PER_OPEN = 4
HOUR, DAY = 3600, 86400
# Each source's share of the open work, and the share of that overdue.
SHARES = {"obligation": 0.70, "plan": 0.15, "request": 0.05, "task": 0.05, "file": 0.05}
OVERDUE = 0.05
# (subject type, what, kind, clause, pack, because) of the follow-up's obligations.
ARCHIVE = ("customer", "archive", "deadline", "p16.b2", "p16", "送修后2天内建立客户档案")
FIRST_CALL = ("customer", "call", "window", "p16.b4", "p16", "取车后第一次跟踪电话")
SECOND_CALL = ("customer", "call", "window", "p16.b5", "p16", "第一次通话后第二次跟踪电话")
REPLY = ("customer", "reply", "deadline", "p14.4.1", "p14", "投诉后答复客户")
VISIT = ("household", "visit", "deadline", "p08.5", "p08", "新业主入住3天内上门拜访")
NOTICE = ("campaign", "call", "deadline", "p16.b6", "p16", "活动前14天电话通知")
LETTERS = ("campaign", "letter", "window", "p16.b6", "p16", "电话通知后2天内寄出信函")
ARRIVAL = ("order", "arrival", "deadline", "p09.1", "p09", "报修后25分钟内到场")


@dataclass(frozen=True)
class People:
    """Who the measurements act as: ``manager`` works their own list; ``stand_in`` stands in for
    ``absent`` (p16.4), so their list holds both managers' work."""

    sites: list[Any]
    managers: list[Any]  # core.User, position m at site m // MANAGERS_PER_SITE
    technicians: list[int]
    manager: Any
    stand_in: Any
    absent: Any


@dataclass
class Loaded:
    people: People
    seconds: float
    counts: dict[str, int]
    open_of: dict[int, int]  # open tasks on each measured person's list


def make_people(now: dt.datetime) -> People:
    from django.contrib.auth.models import Group

    from fuwu.core.models import Membership, Site, User
    from fuwu.core.roles import Role
    from fuwu.customers.models import Substitution
    from fuwu.regulations.models import SiteRegulation

    groups = {role: Group.objects.get(name=role.group_name) for role in Role}

    def person(name: str, role: Role, site: Any) -> Any:
        user = User.objects.create(username=name, display_name=name, is_active=True)
        user.groups.add(groups[role])
        Membership.objects.create(user=user, site=site)
        return user

    sites, managers, technicians = [], [], []
    for index in range(SITES):
        kind = Site.Kind.STORE if index % 2 else Site.Kind.COMMUNITY
        site = Site.objects.create(kind=kind, name=f"基准{index}号店", code=f"bench-{index}")
        SiteRegulation.objects.create(site=site, profile="store" if index % 2 else "demo")
        person(f"bench-supervisor-{index}", Role.SUPERVISOR, site)
        for number in range(2):
            technicians.append(person(f"bench-tech-{index}-{number}", Role.TECHNICIAN, site).pk)
        sites.append(site)
        for number in range(MANAGERS_PER_SITE):
            managers.append(person(f"bench-cm-{index}-{number}", Role.CUSTOMER_MANAGER, site))
    stand_in, absent = managers[1], managers[2]
    Substitution.objects.create(
        site=sites[0], absent=absent, substitute=stand_in, starts_at=now - dt.timedelta(days=3), by=stand_in
    )
    return People(sites, managers, technicians, managers[0], stand_in, absent)


class Stamps:
    """Seconds since the epoch as the database's text of a UTC moment (without a datetime per value)."""

    def __init__(self, *, postgres: bool) -> None:
        self._suffix = "+00" if postgres else ""
        self._days: dict[int, str] = {}
        self._epoch = dt.date(1970, 1, 1).toordinal()

    def __call__(self, seconds: int) -> str:
        day, rest = divmod(seconds, DAY)
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = dt.date.fromordinal(self._epoch + day).isoformat()
        return f"{text} {rest // HOUR:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}{self._suffix}"


@dataclass(frozen=True)
class Shares:
    """One manager's open work by source (and of the obligations, the files due and so on)."""

    customers: int
    obligations: int
    plans: int
    requests: int
    tasks: int
    files: int
    archives: int
    replies: int
    visits: int

    @classmethod
    def of(cls, open_work: int, managers: int) -> Shares:
        each = open_work / managers
        obligations = round(each * SHARES["obligation"])
        return cls(
            customers=round(each * CUSTOMERS_PER_OPEN),
            obligations=obligations,
            plans=round(each * SHARES["plan"]),
            requests=round(each * SHARES["request"]),
            tasks=round(each * SHARES["task"]),
            files=round(each * SHARES["file"]),
            archives=round(obligations * 0.10),
            replies=round(obligations * 0.05),
            visits=round(obligations * 0.02),
        )

    @property
    def open_total(self) -> int:
        return self.obligations + self.plans + self.requests + self.tasks + self.files


def load(where: Scratch, open_work: int) -> Loaded:
    from django.core.management.color import no_style
    from django.db import connection

    from fuwu.customers.models import Customer, Household
    from fuwu.followup.models import Call, CallRequest, Campaign, ContactPlan, ServiceTask
    from fuwu.regulations.models import Obligation

    began = time.perf_counter()
    moment = dt.datetime.now(dt.UTC).replace(microsecond=0)
    people = make_people(moment)
    now = int(moment.timestamp())
    stamp = Stamps(postgres=where.engine == "postgres")
    share = Shares.of(open_work, len(people.managers))
    draw = _Draw(people, share, now, stamp, open_work)
    counts: dict[str, int] = {}

    def counted(name: str, rows: Rows) -> Rows:
        for row in rows:
            counts[name] = counts.get(name, 0) + 1
            yield row

    specs: list[tuple[Any, list[str], Callable[[], Rows]]] = [
        (Customer, CUSTOMER_COLUMNS, draw.customers),
        (Household, HOUSEHOLD_COLUMNS, draw.households),
        (Campaign, CAMPAIGN_COLUMNS, draw.campaigns),
        (ContactPlan, PLAN_COLUMNS, draw.plans),
        (Call, CALL_COLUMNS, draw.calls),
        (CallRequest, REQUEST_COLUMNS, draw.requests),
        (ServiceTask, TASK_COLUMNS, draw.tasks),
        (Obligation, OBLIGATION_COLUMNS, draw.obligations),
    ]
    tables = []
    models = []
    for model, given, make in specs:
        columns, rows = with_defaults(model, given, counted(model._meta.db_table, make()))
        tables.append((model._meta.db_table, columns, rows))
        models.append(model)
    connection.close()
    if where.engine == "postgres":
        assert where.database_url is not None
        _pg_load(where.database_url, tables)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
            # Index-only scans need the visibility map a live server's autovacuum keeps.
            for model in (Customer, ContactPlan, CallRequest, Obligation):
                cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    else:
        _sqlite_load(str(where.sqlite_path), tables)
    open_of = {
        people.manager.pk: share.open_total,
        people.stand_in.pk: 2 * share.open_total,
    }
    return Loaded(people, time.perf_counter() - began, counts, open_of)


CUSTOMER_COLUMNS = [
    "id",
    "site_id",
    "kind",
    "name",
    "phone",
    "address",
    "manager_id",
    "filed_at",
    "created_at",
]
HOUSEHOLD_COLUMNS = ["id", "site_id", "community", "building", "unit", "room", "created_at"]
CAMPAIGN_COLUMNS = [
    "id", "site_id", "title", "kind", "date", "decided_at", "owner_id", "by_id", "created_at",
]  # fmt: skip
PLAN_COLUMNS = [
    "id", "site_id", "customer_id", "needs", "content", "planned_at", "state", "done_at", "by_id",
    "created_at",
]  # fmt: skip
CALL_COLUMNS = ["id", "site_id", "customer_id", "at", "direction", "purpose", "by_id", "recorded_at"]
REQUEST_COLUMNS = [
    "id", "site_id", "customer_id", "call_id", "kind", "text", "state", "raised_at", "escalate_at",
    "escalated_at", "due", "solved_at", "told_at",
]  # fmt: skip
TASK_COLUMNS = [
    "id", "site_id", "what", "title", "clause", "pack_version", "household_id", "due", "assignee_id",
    "state", "done_at", "key", "created_at",
]  # fmt: skip
OBLIGATION_COLUMNS = [
    "id", "site_id", "subject_type", "subject_id", "key", "kind", "what", "clause", "pack",
    "pack_version", "profile", "profile_version", "because", "due", "earliest", "state", "met_at",
    "breached_at", "assignee_id", "link", "breach_notified_at", "created_at", "updated_at",
]  # fmt: skip
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉梅海波宇浩然晓东云飞子轩雪琴文斌"


class _Draw:
    """Each table's rows, in its column order, from the managers' positions and one seeded generator
    per table (so that one table's rows do not depend on another's)."""

    def __init__(self, people: People, share: Shares, now: int, stamp: Stamps, open_work: int) -> None:
        self.people, self.share, self.now, self.stamp = people, share, now, stamp
        self.open_work = open_work
        self.manager_ids: list[int] = [user.pk for user in people.managers]
        self.site_ids: list[int] = [site.pk for site in people.sites]
        self.count = len(self.manager_ids)

    # --- who is who

    def site_of(self, manager: int) -> int:
        return self.site_ids[manager // MANAGERS_PER_SITE]

    def customer(self, manager: int, rank: int) -> int:
        """The id of the manager's ``rank``-th customer."""
        return rank * self.count + manager + 1

    def assignee(self, manager: int) -> int:
        """Whose list a manager's pending obligations are on: the stand-in's while one stands in."""
        pk = self.manager_ids[manager]
        stand_in: int = self.people.stand_in.pk
        return stand_in if pk == self.people.absent.pk else pk

    def due(self, rng: random.Random, index: int, total: int) -> int:
        """The ``index``-th of ``total`` open tasks' due time: the first 5 % overdue, the rest ahead."""
        if index < max(1, round(total * OVERDUE)):
            return self.now - rng.randrange(HOUR, 3 * DAY)
        return self.now + rng.randrange(600, 30 * DAY)

    # Customers by rank within their manager: the files still to make, then those filed without a plan,
    # then those with a planned contact, then the rest (a plan done).
    def unfiled(self, rank: int) -> bool:
        return rank < self.share.archives

    def planless(self, rank: int) -> bool:
        return self.share.archives <= rank < self.share.archives + self.share.files

    def planned(self, rank: int) -> bool:
        first = self.share.archives + self.share.files
        return first <= rank < first + self.share.plans

    # --- tables

    def customers(self) -> Rows:
        rng = random.Random(81)
        for rank in range(self.share.customers):
            for manager in range(self.count):
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                filed = (
                    None if self.unfiled(rank) else self.stamp(self.now - rng.randrange(30 * DAY, 700 * DAY))
                )
                created = self.stamp(self.now - 800 * DAY)
                phone = f"13{rng.randrange(10**9):09d}"
                yield (
                    self.customer(manager, rank),
                    self.site_of(manager),
                    "person",
                    name,
                    phone,
                    f"基准小区 {rank % 30 + 1}栋{rank % 4 + 1}单元{rank % 33 + 1}01",
                    self.manager_ids[manager],
                    filed,
                    created,
                )

    def households(self) -> Rows:
        """A manager's households: as many as their open tasks plus their visits."""
        created = self.stamp(self.now - 400 * DAY)
        for manager in range(self.count):
            for number in range(self.share.tasks + self.share.visits):
                yield (
                    self.household(manager, number),
                    self.site_of(manager),
                    f"基准花园{manager % MANAGERS_PER_SITE}",
                    str(number // 40 + 1),
                    str(number // 10 % 4 + 1),
                    f"{number % 10 + 1}01",
                    created,
                )

    def household(self, manager: int, number: int) -> int:
        return manager * (self.share.tasks + self.share.visits) + number + 1

    def campaigns(self) -> Rows:
        """One campaign a manager tells the customers of, 20 days ahead: its notice is open."""
        for manager in range(self.count):
            pk = self.manager_ids[manager]
            on = dt.date.fromtimestamp(self.now + 20 * DAY)
            yield (
                manager + 1,
                self.site_of(manager),
                f"客户联谊会{manager + 1}",
                "social",
                on.isoformat(),
                self.stamp(self.now - 2 * DAY),
                pk,
                pk,
                self.stamp(self.now - 2 * DAY),
            )

    def plans(self) -> Rows:
        """Every filed customer with a plan has one done; the planned ones one more to make."""
        rng = random.Random(82)
        pk = 0
        for manager in range(self.count):
            by = self.manager_ids[manager]
            index = 0
            for rank in range(self.share.customers):
                if self.unfiled(rank) or self.planless(rank):
                    continue
                customer = self.customer(manager, rank)
                done = self.now - rng.randrange(10 * DAY, 300 * DAY)
                pk += 1
                yield (
                    pk, self.site_of(manager), customer, "保养提醒", "询问车辆使用情况",
                    self.stamp(done), "done", self.stamp(done), by, self.stamp(done - 5 * DAY),
                )  # fmt: skip
                if self.planned(rank):
                    at = self.due(rng, index, self.share.plans)
                    index += 1
                    pk += 1
                    yield (
                        pk, self.site_of(manager), customer, "续保", "提醒续保并介绍活动",
                        self.stamp(at), "planned", None, by, self.stamp(done),
                    )  # fmt: skip

    def _requests(self) -> Iterator[tuple[int, int, int, bool, int]]:
        """(id, manager, customer, open, raised) of every request: the open ones and three answered each."""
        rng = random.Random(83)
        pk = 0
        for manager in range(self.count):
            for number in range(self.share.requests * 4):
                rank = rng.randrange(self.share.archives, self.share.customers)
                pk += 1
                still_open = number < self.share.requests
                raised = self.now - (
                    rng.randrange(HOUR, 4 * DAY) if still_open else rng.randrange(5, 300) * DAY
                )
                yield pk, manager, self.customer(manager, rank), still_open, raised

    def calls(self) -> Rows:
        for pk, manager, customer, _open, raised in self._requests():
            by = self.manager_ids[manager]
            yield (
                pk,
                self.site_of(manager),
                customer,
                self.stamp(raised),
                "in",
                "complaint",
                by,
                self.stamp(raised),
            )

    def requests(self) -> Rows:
        states = ("studying", "escalated", "solved")
        for pk, manager, customer, still_open, raised in self._requests():
            escalate = raised + 2 * DAY
            if still_open:
                state = states[pk % 3]
                due = raised + (2 * DAY if state == "studying" else 4 * DAY)
                escalated = self.stamp(escalate) if state != "studying" else None
                solved = self.stamp(raised + 3 * DAY) if state == "solved" else None
                told = None
            else:
                state, due = "told", raised + 2 * DAY
                escalated, solved, told = None, self.stamp(raised + DAY), self.stamp(raised + DAY)
            yield (
                pk, self.site_of(manager), customer, pk, "complaint", "门窗异响，要求上门检查", state,
                self.stamp(raised), self.stamp(escalate), escalated, self.stamp(due), solved, told,
            )  # fmt: skip

    def tasks(self) -> Rows:
        """Each household's monthly visit of an elderly resident: one open, three done before."""
        rng = random.Random(84)
        pk = 0
        for manager in range(self.count):
            assignee = self.manager_ids[manager]
            for number in range(self.share.tasks):
                household = self.household(manager, number)
                due = self.due(rng, number, self.share.tasks)
                for month in range(4):
                    pk += 1
                    at = due - (3 - month) * 30 * DAY
                    done = month < 3
                    yield (
                        pk, self.site_of(manager), "visit_elderly_alone", "独居老人每月探访", "p08.15", 1,
                        household, self.stamp(at), assignee, "done" if done else "open",
                        self.stamp(at - DAY) if done else None, f"visit_elderly_alone:{household}:{at}",
                        self.stamp(at - 30 * DAY),
                    )  # fmt: skip

    def obligations(self) -> Rows:
        rng = random.Random(85)
        pk = 0

        def row(
            what: tuple[str, str, str, str, str, str],
            subject: int,
            site: int,
            due: int,
            state: str,
            assignee: int | None,
            number: int = 0,
        ) -> tuple[object, ...]:
            nonlocal pk
            pk += 1
            subject_type, name, kind, clause, pack, because = what
            window = kind == "window"
            met = state == "met" or (state == "breached" and due < self.now - 3 * DAY)
            return (
                pk, site, subject_type, str(subject), f"{kind}|{subject}|{clause}|{name}|{number}", kind,
                name, clause, pack, 1, "store", 1, because, self.stamp(due),
                self.stamp(due - 2 * DAY) if window else None, state,
                self.stamp(due - rng.randrange(HOUR, DAY)) if met else None,
                self.stamp(due) if state == "breached" else None, assignee,
                f"/{subject_type}s/{subject}/", self.stamp(due + 60) if state == "breached" else None,
                self.stamp(due - 3 * DAY), self.stamp(due - 3 * DAY),
            )  # fmt: skip

        technicians = self.people.technicians
        orders_per_manager = self.open_work * ORDER_DEADLINES_PER_OPEN // self.count
        order = 0
        for manager in range(self.count):
            site, own = self.site_of(manager), self.manager_ids[manager]
            pending = self.assignee(manager)
            opened = 0

            def open_due() -> int:
                nonlocal opened
                opened += 1
                return self.due(rng, opened - 1, self.share.obligations)

            def open_state(due: int) -> str:
                # Past due: the sweep marked some breached; they stay on the list until met.
                return "breached" if due < self.now and rng.random() < 0.5 else "open"

            calls = self.share.obligations - self.share.archives - self.share.replies
            calls -= self.share.visits + 2
            filed_from = self.share.archives
            for rank in range(self.share.customers):
                customer = self.customer(manager, rank)
                if self.unfiled(rank):
                    due = open_due()
                    yield row(ARCHIVE, customer, site, due, open_state(due), pending)
                    continue
                history = self.now - rng.randrange(40 * DAY, 700 * DAY)
                yield row(ARCHIVE, customer, site, history, "met", own)
                yield row(FIRST_CALL, customer, site, history + 5 * DAY, "met", own)
                second = "met" if rank % 7 else "void"
                yield row(SECOND_CALL, customer, site, history + 35 * DAY, second, own)
                if rank - filed_from < calls:
                    due = open_due()
                    yield row(FIRST_CALL, customer, site, due, open_state(due), pending, 1)
                if rank - filed_from < self.share.replies:
                    due = open_due()
                    yield row(REPLY, customer, site, due, open_state(due), pending)
            for number in range(self.share.visits):
                due = open_due()
                household = self.household(manager, self.share.tasks + number)
                yield row(VISIT, household, site, due, open_state(due), pending)
            campaign_due = self.now + 6 * DAY
            yield row(NOTICE, manager + 1, site, campaign_due, "open", pending)
            yield row(LETTERS, manager + 1, site, campaign_due + 2 * DAY, "open", pending)
            # The repair orders' deadlines share the table: mostly met, one in a hundred open.
            for _ in range(orders_per_manager):
                order += 1
                due = (
                    self.now - rng.randrange(0, 365 * DAY)
                    if order % 100
                    else self.now + rng.randrange(HOUR, DAY)
                )
                state = "open" if order % 100 == 0 else "met" if order % 9 else "breached"
                tech = technicians[order % len(technicians)]
                yield row(ARRIVAL, order, self.site_ids[order % len(self.site_ids)], due, state, tech)
