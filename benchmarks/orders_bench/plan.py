"""The benchmark's year of repair orders, drawn from a seeded random generator and streamed as table rows.

Orders are spread evenly over the 365 days before now at two sites; each is served by one of the site's
four technicians. All but the newest are finished (closed, completed or cancelled) with their arrival
deadline (25 minutes, p09.2a) met or breached and, for ordinary repairs, a completion deadline (2 hours
after arrival) met or breached. The newest orders are still open and each holds exactly one OPEN deadline:
the oldest ``past_due`` of them are past their due time (the sweep breaches them), the rest fall due in
the next three days. Return visits go to a random share of finished orders, a few days after completion.

Times are whole seconds since ``base`` (UTC midnight a year ago) and are written as text in the form
Django itself stores on SQLite (``YYYY-MM-DD HH:MM:SS``, UTC) or with ``+00`` for PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

DAY = 86_400
YEAR = 365 * DAY
TAGS = [["general"]] * 6 + [["leak"], ["small"], ["difficult"], ["large"], ["emergency", "leak"]]
SLOW_TAGS = {"difficult", "special_craft", "large"}  # no 2-hour completion deadline (p10.3.2e/f)
# Finished orders: status code → share; open orders cycle through the four open statuses.
CLOSED, COMPLETED, CANCELLED, CREATED, DISPATCHED, ACCEPTED, ARRIVED = range(7)
STATUS = ["closed", "completed", "cancelled", "created", "dispatched", "accepted", "arrived"]
OPEN_MIX = [CREATED] * 2 + [DISPATCHED] * 3 + [ACCEPTED] * 2 + [ARRIVED] * 3
PLACES = ["1栋2单元1201", "3栋1单元502", "5栋地下车库", "8栋3单元1703", "会所二楼", "东门岗亭"]
WORDS = ["厨房水龙头漏水", "卫生间下水道堵塞", "客厅灯不亮", "空调不制冷", "入户门锁坏了", "阳台推拉门卡住"]


class Clock:
    """Seconds since ``base`` as database text, without building a datetime per value."""

    def __init__(self, base: dt.datetime, *, postgres: bool) -> None:
        days = (YEAR + 30 * DAY) // DAY
        self._days = [f"{(base + dt.timedelta(days=d)).date().isoformat()} " for d in range(days)]
        self._minutes = [f"{m // 60:02d}:{m % 60:02d}:" for m in range(1440)]
        suffix = "+00" if postgres else ""
        self._seconds = [f"{s:02d}{suffix}" for s in range(60)]

    def __call__(self, seconds: int) -> str:
        day, rest = divmod(seconds, DAY)
        minute, second = divmod(rest, 60)
        return self._days[day] + self._minutes[minute] + self._seconds[second]


@dataclass
class Plan:
    """What every order looks like, kept in compact arrays so the three tables stream from it."""

    orders: int
    open_deadlines: int
    past_due: int
    visits: int
    base: dt.datetime
    now: int  # seconds since base
    sites: tuple[int, int]
    technicians: tuple[list[int], list[int]]
    seed: int = 6
    site: bytearray = field(default_factory=bytearray)
    status: bytearray = field(default_factory=bytearray)
    tag: bytearray = field(default_factory=bytearray)
    received: array[int] = field(default_factory=lambda: array("q"))
    arrived: array[int] = field(default_factory=lambda: array("q"))
    completed: array[int] = field(default_factory=lambda: array("q"))

    @property
    def first_open(self) -> int:
        """Index of the first open order (orders are indexed 0…n-1, id = index + 1)."""
        return self.orders - self.open_deadlines

    def draw(self) -> None:
        rng = random.Random(self.seed)
        step = (self.now - 2 * 3600) / self.orders
        for i in range(self.orders):
            received = int(i * step) + rng.randrange(max(1, int(step)))
            arrived = received + rng.randrange(5 * 60, 40 * 60)
            completed = arrived + rng.randrange(20 * 60, 200 * 60)
            if i >= self.first_open:
                status = OPEN_MIX[rng.randrange(len(OPEN_MIX))]
            else:
                roll = rng.random()
                status = CANCELLED if roll < 0.04 else COMPLETED if roll < 0.12 else CLOSED
            self.site.append(rng.randrange(2))
            self.status.append(status)
            self.tag.append(rng.randrange(len(TAGS)))
            self.received.append(received)
            self.arrived.append(min(arrived, self.now - 60))
            self.completed.append(min(completed, self.now - 30))


def order_rows(plan: Plan, clock: Clock) -> Iterator[tuple[object, ...]]:
    """Rows in the column order of ``ORDER_COLUMNS``."""
    rng = random.Random(plan.seed + 1)
    tag_json = [json.dumps(tags) for tags in TAGS]
    tag_text = ["," + ",".join(tags) + "," for tags in TAGS]
    checklist = json.dumps({"uniform": True, "badge": True, "shoe_covers": True})
    for i in range(plan.orders):
        pk, site, status = i + 1, plan.site[i], plan.status[i]
        received = plan.received[i]
        technician = plan.technicians[site][i % 4] if status != CREATED else None
        dispatched = clock(received + 300) if technician else None
        accepted = clock(received + 420) if status not in (CREATED, DISPATCHED) else None
        has_arrived = status in (CLOSED, COMPLETED, ARRIVED)
        done = status in (CLOSED, COMPLETED)
        rework = None
        if i > 200 and done and rng.random() < 0.01:  # a rework order points at an earlier order of its site
            back = i - rng.randrange(1, 200)
            while back > 0 and plan.site[back] != site:
                back -= 1
            rework = back + 1
        received_text = clock(received)
        yield (
            pk,
            plan.sites[site],
            f"BN{pk:09d}",
            PLACES[i % len(PLACES)],
            "业主",
            f"138{pk:08d}",
            tag_json[plan.tag[i]],
            tag_text[plan.tag[i]],
            WORDS[i % len(WORDS)],
            "phone" if i % 3 else "qr",
            received_text,
            None,
            STATUS[status],
            technician,
            dispatched,
            accepted,
            clock(plan.arrived[i]) if has_arrived else None,
            checklist if has_arrived else "{}",
            clock(plan.completed[i]) if done else None,
            clock(plan.completed[i] + 7200) if status == CLOSED else None,
            clock(received + 900) if status == CANCELLED else None,
            "业主取消" if status == CANCELLED else "",
            rework,
            received_text,
            received_text,
        )


ORDER_COLUMNS = [
    "id",
    "site_id",
    "number",
    "location",
    "contact_name",
    "contact_phone",
    "tags",
    "tag_text",
    "description",
    "channel",
    "received_at",
    "appointment",
    "status",
    "technician_id",
    "dispatched_at",
    "accepted_at",
    "arrived_at",
    "arrival_checklist",
    "completed_at",
    "closed_at",
    "cancelled_at",
    "cancel_reason",
    "rework_of_id",
    "created_at",
    "updated_at",
]


OBLIGATION_COLUMNS = [
    "id",
    "site_id",
    "subject_type",
    "subject_id",
    "key",
    "kind",
    "what",
    "clause",
    "pack",
    "pack_version",
    "profile",
    "profile_version",
    "because",
    "due",
    "state",
    "met_at",
    "breached_at",
    "breach_notified_at",
    "assignee_id",
    "link",
    "created_at",
    "updated_at",
]
ARRIVAL = ("arrival", "p09.2a", "p09", "到场时限25分钟")
COMPLETION = ("completion", "p10.3.2e", "p10", "一般维修到场后2小时内完工")


def obligation_rows(plan: Plan, clock: Clock) -> Iterator[tuple[object, ...]]:
    """Rows in the column order of ``OBLIGATION_COLUMNS``: a deadline or two per order."""
    rng = random.Random(plan.seed + 2)
    pk = 0

    def row(
        order: int, what: tuple[str, str, str, str], due: int, state: str, at: int | None
    ) -> tuple[object, ...]:
        nonlocal pk
        pk += 1
        key_event = "created" if what is ARRIVAL else "arrived"
        site, status = plan.site[order], plan.status[order]
        assignee = plan.technicians[site][order % 4] if status != CREATED else None
        created = clock(plan.received[order])
        return (
            pk,
            plan.sites[site],
            "order",
            str(order + 1),
            f"deadline|{order + 1}|{what[0]}|order:{order + 1}:{key_event}",
            "deadline",
            what[0],
            what[1],
            what[2],
            1,
            "demo",
            1,
            what[3],
            clock(due),
            state,
            clock(at) if at is not None and state in ("met", "breached") else None,
            clock(due) if state == "breached" else None,
            clock(due + 60) if state == "breached" else None,  # the minute's sweep announced it
            assignee,
            f"/orders/{order + 1}/",
            created,
            created,
        )

    for i in range(plan.orders):
        status, received, arrived = plan.status[i], plan.received[i], plan.arrived[i]
        arrival_due = received + 25 * 60
        if i >= plan.first_open:
            rank = i - plan.first_open
            if rank < plan.past_due:
                due = plan.now - rng.randrange(60, 2 * 3600)
            else:
                due = plan.now + rng.randrange(60, 3 * DAY)
            if status == ARRIVED:
                yield row(i, ARRIVAL, arrival_due, "met" if arrived <= arrival_due else "breached", arrived)
                yield row(i, COMPLETION, due, "open", None)
            else:
                yield row(i, ARRIVAL, due, "open", None)
            continue
        if status == CANCELLED:
            yield row(i, ARRIVAL, arrival_due, "void", None)
            continue
        yield row(i, ARRIVAL, arrival_due, "met" if arrived <= arrival_due else "breached", arrived)
        if not SLOW_TAGS & set(TAGS[plan.tag[i]]):
            completion_due = arrived + 2 * 3600
            completed = plan.completed[i]
            yield row(
                i, COMPLETION, completion_due, "met" if completed <= completion_due else "breached", completed
            )


VISIT_COLUMNS = [
    "id",
    "site_id",
    "order_id",
    "round",
    "source",
    "due",
    "clause",
    "assignee_id",
    "state",
    "channel",
    "score",
    "visited_at",
    "answers",
    "reason",
    "created_at",
]
SCORES = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1]


def visit_rows(plan: Plan, clock: Clock) -> Iterator[tuple[object, ...]]:
    """Rows in the column order of ``VISIT_COLUMNS``: done visits to a random share of finished orders."""
    rng = random.Random(plan.seed + 3)
    done = [i for i in range(plan.first_open) if plan.status[i] in (CLOSED, COMPLETED)]
    chosen = sorted(rng.sample(done, min(plan.visits, len(done))))
    for pk, i in enumerate(chosen, start=1):
        completed = plan.completed[i]
        visited = min(completed + rng.randrange(3600, 72 * 3600), plan.now - 60)
        score = SCORES[rng.randrange(len(SCORES))]
        yield (
            pk,
            plan.sites[plan.site[i]],
            i + 1,
            1,
            "sample",
            clock(completed + 3 * DAY),
            "p15.r2",
            None,
            "done",
            "phone",
            score,
            clock(visited),
            "{}",
            "维修不及时" if score <= 2 else "",
            clock(completed + 3600),
        )
