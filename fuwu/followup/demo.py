"""The demo's follow-up work, for `fuwu demo`, on the customers the customer files made: the store's
collected cars and consultations called in their windows (p16.b4, p16.b5: some done, one window open, one
missed), the next contacts planned (p16.b3), letters in the letter register (p16.b8), requests raised in
calls (answered at once; solved and told the same day; studied and reported to the supervisor after two
days), two campaigns with their phone notices and letters (p16.b6), the community's property services
(p08.5 new owners, p08.15 the elderly living alone and their holiday greeting), and two stand-ins at the store
(p16.4): one handed back, one running.

Every call and planned contact falls within p08.23's call hours. Idempotent: each part looks for its rows
first. Written through the follow-up and customers services by the people who do the work; dates count from
today and from the timeline the customer files wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Model
from django.utils import timezone

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site, User
from fuwu.customers.demo import demo_households
from fuwu.customers.models import Customer, CustomerEvent, Household, Substitution
from fuwu.customers.services.customers import start_substitution
from fuwu.followup.models import (
    Call,
    CallRequest,
    Campaign,
    ContactPlan,
    HouseholdCare,
    HouseholdVisit,
    Letter,
    Occasion,
    ServiceTask,
)
from fuwu.followup.services import campaigns, care, occasions, requests
from fuwu.followup.services.calls import STARTS, record_call
from fuwu.followup.services.letters import record_letter
from fuwu.followup.services.plans import plan_contact
from fuwu.followup.services.standins import end_stand_in, start_stand_in
from fuwu.regulations.customers import call_allowed, next_call_time

STORE, COMMUNITY = "binjiang", "jinxiu"
AGENT = "visitor2"  # the store's 回访员, who makes the second calls (p16.b5) and tells campaigns
DESK = "dispatcher2"  # the store's customer service, who takes incoming calls


@dataclass(frozen=True)
class FollowUp:
    """A customer's first call some days after the contact that started the calls, and the second some
    days after the first, at local times inside the call hours."""

    customer: str
    first_after: int
    first_at: dt.time
    second_after: int
    second_at: dt.time
    points: tuple[str, str]
    request: str = ""  # what the customer asked, in the first call unless studied
    answer: str = ""
    study: str = ""  # asked in the second call instead, studied, solved the next day and told


FOLLOW_UPS = (
    FollowUp(
        "魏国强",
        4,
        dt.time(10, 30),
        9,
        dt.time(15),
        ("车辆保养后使用正常，对接待满意", "询问空调使用情况，客户无新问题"),
        request="询问哈弗H6下次保养的里程",
        answer="当场答复：5000公里或6个月，以先到为准",
    ),
    FollowUp(
        "陶建明",
        5,
        dt.time(15, 30),
        10,
        dt.time(10),
        ("轩逸保养后车况良好", "客户反映空调清洗后仍有异味"),
        request="空调清洗后仍有异味，希望免费复查",
        answer="约客户周六到店免费复查空调系统，更换空调滤芯",
        study="与技术主管确认：可能为蒸发箱残留异味",
    ),
    FollowUp("戚晓燕", 4, dt.time(10), 8, dt.time(14, 30), ("特斯拉检测后使用正常", "介绍冬季电池保养要点")),
    FollowUp(
        "姜丽萍", 4, dt.time(10), 10, dt.time(15), ("咨询的奥迪保养套餐已寄送资料", "客户已预约下月保养")
    ),
)
# Next contacts (p16.b3): customer, site, days from today, local time, likely needs, what to say.
PLANS = (
    ("华永平", STORE, 1, dt.time(10), "出厂后首次跟踪", "询问雅阁保养后的车况，征求对服务的意见"),
    ("严雪琴", STORE, 2, dt.time(15), "咨询后首次跟踪，免费检测预约", "介绍新能源车免费检测，约定到店时间"),
    ("钱志远", STORE, 5, dt.time(10, 30), "保养到期提醒", "提醒帕萨特下次保养时间，告知本月保养优惠"),
    ("张秀英", COMMUNITY, 3, dt.time(15, 30), "入住满一年回访", "了解房屋使用情况与维修需求"),
)
# Letters of the register (p16.b8): customer, site, days ago, category, summary.
LETTERS = (
    ("钱志远", STORE, 10, Letter.Category.NOTICE, "保养到期提醒函：帕萨特下次保养将到期"),
    ("张秀英", COMMUNITY, 20, Letter.Category.NOTICE, "物业服务满意度征询函"),
)
# The request studied and reported to the supervisor: customer, days ago, what they asked, the study.
ESCALATED = (
    "杭州顺达物流有限公司",
    3,
    "两台轻卡希望周末集中保养，门店周末不安排技师",
    "需协调技师周末加班，超出门店排班权限",
)
# Campaigns (p16.b6): title, kind, days ahead, customers, how many told by phone, letters sent.
CampaignSpec = tuple[str, str, int, tuple[str, ...], int, bool]
CAMPAIGNS: tuple[CampaignSpec, ...] = (
    ("冬季车主联谊会", Campaign.Kind.SOCIAL, 16, ("魏国强", "陶建明", "戚晓燕", "钱志远"), 4, True),
    ("新能源车免费检测", Campaign.Kind.FREE, 30, ("严雪琴", "戚晓燕", "华永平", "金秀兰"), 2, False),
)
ELDERLY = (7, 22)  # community households (by position) where an elderly person lives alone
NEW_OWNER_VISITED = (4, 2)  # a new owner (household position) visited two days after moving in


def load(context: DemoContext) -> str:
    """Create what is missing; return a one-line summary."""
    people, sites = context.people, context.site_by_code
    tables: tuple[type[Model], ...] = (
        ContactPlan,
        Call,
        Letter,
        CallRequest,
        Campaign,
        ServiceTask,
        HouseholdVisit,
        Substitution,
    )
    before = {table: table._default_manager.count() for table in tables}
    for spec in FOLLOW_UPS:
        _calls(spec, sites[STORE], people)
    reported = _escalated(sites[STORE], people)
    _plans(sites)
    _letters(sites)
    for campaign in CAMPAIGNS:
        _campaign(campaign, sites[STORE], people)
    _care(sites[COMMUNITY], people)
    _stand_ins(sites[STORE], people)
    made = {table: table._default_manager.count() - count for table, count in before.items()}
    return (
        f"{made[ContactPlan]} planned contacts, {made[Call]} calls, {made[Letter]} letters, "
        f"{made[CallRequest]} requests ({reported} reported to the supervisor), {made[Campaign]} campaigns, "
        f"{made[ServiceTask]} service tasks, {made[HouseholdVisit]} visits, {made[Substitution]} stand-ins"
    )


def _local(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, timezone.get_current_timezone())


def _customer(site: Site, name: str) -> Customer | None:
    return Customer.objects.filter(site=site, name=name).select_related("manager").order_by("pk").first()


def _calls(spec: FollowUp, store: Site, people: dict[str, User]) -> None:
    """The first call by the customer's manager, the second by the visit agent, in their windows."""
    customer = _customer(store, spec.customer)
    if customer is None or customer.manager is None:
        return
    if Call.objects.filter(customer=customer, purpose=Call.Purpose.FIRST).exists():
        return
    started = (
        CustomerEvent.objects.filter(customer=customer, type=CustomerEvent.Type.CONTACT, reason__in=STARTS)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if started is None:
        return
    first_at = _local(timezone.localtime(started).date() + dt.timedelta(days=spec.first_after), spec.first_at)
    second_at = _local(first_at.date() + dt.timedelta(days=spec.second_after), spec.second_at)
    if second_at > timezone.now():
        return  # the windows are still to come: the worklist shows them
    asked_first = bool(spec.request) and not spec.study
    record_call(
        customer,
        by=customer.manager,
        at=first_at,
        direction=Call.Direction.OUT,
        purpose=Call.Purpose.FIRST,
        points=spec.points[0],
        requests=spec.request if asked_first else "",
        handling=spec.answer if asked_first else "",
        answered=asked_first,
    )
    second = record_call(
        customer,
        by=people[AGENT],
        at=second_at,
        direction=Call.Direction.OUT,
        purpose=Call.Purpose.SECOND,
        points=spec.points[1],
        requests="" if asked_first else spec.request,
        handling="" if asked_first else "记录客户要求，通话后研究处理",
    )
    if spec.study:
        _solve_and_tell(CallRequest.objects.get(call=second), customer.manager, spec)


def _solve_and_tell(request: CallRequest, manager: User, spec: FollowUp) -> None:
    """Studied after the call, solved the next afternoon and told the customer the same day."""
    next_day = timezone.localtime(request.raised_at).date() + dt.timedelta(days=1)
    requests.study(request, by=manager, note=spec.study)
    solved = requests.solve(request, by=manager, solution=spec.answer, at=_local(next_day, dt.time(16)))
    requests.tell(solved, by=manager, via="call", at=_local(next_day, dt.time(16, 30)))


def _escalated(store: Site, people: dict[str, User]) -> int:
    """An incoming call whose request could not be solved: studied, then reported to the supervisor by
    the sweep two days after it was raised."""
    name, days, asked, study = ESCALATED
    customer = _customer(store, name)
    if customer is None or customer.manager is None:
        return 0
    if CallRequest.objects.filter(customer=customer).exists():
        return 0
    raised = _local(timezone.localdate() - dt.timedelta(days=days), dt.time(10, 30))
    call = record_call(
        customer,
        by=people[DESK],
        at=raised,
        direction=Call.Direction.IN,
        purpose=Call.Purpose.OTHER,
        points="车队负责人来电",
        requests=asked,
        handling="记录要求，转客户经理研究",
    )
    request = CallRequest.objects.get(call=call)
    request = requests.study(request, by=customer.manager, note=study)
    requests.escalate(request, by=None, now=request.escalate_at)  # the supervisor is told
    return 1


def _plans(sites: dict[str, Site]) -> None:
    today = timezone.localdate()
    for name, code, days, time, needs, content in PLANS:
        customer = _customer(sites[code], name)
        if customer is None or customer.manager is None:
            continue
        if ContactPlan.objects.filter(customer=customer).exists():
            continue
        # The first moment the call hours allow on that day (never in p08.23's quiet hours).
        planned = next_call_time(customer.site, _local(today + dt.timedelta(days=days), time))
        plan_contact(customer, by=customer.manager, needs=needs, content=content, planned_at=planned)


def _letters(sites: dict[str, Site]) -> None:
    today = timezone.localdate()
    for name, code, days, category, summary in LETTERS:
        customer = _customer(sites[code], name)
        if customer is None or customer.manager is None:
            continue
        if Letter.objects.filter(customer=customer, summary=summary).exists():
            continue
        record_letter(
            customer,
            by=customer.manager,
            sent_on=today - dt.timedelta(days=days),
            category=category,
            summary=summary,
        )


def _campaign(spec: CampaignSpec, store: Site, people: dict[str, User]) -> None:
    """Decided today: the first with every customer phoned and written to, the second still being told."""
    title, kind, days, names, phoned, letters = spec
    if Campaign.objects.filter(site=store, title=title).exists():
        return
    listed = [c for c in (_customer(store, name) for name in names) if c is not None]
    agent = people[AGENT]
    campaign = campaigns.create_campaign(
        store,
        by=people["supervisor2"],
        title=title,
        kind=kind,
        date=timezone.localdate() + dt.timedelta(days=days),
        owner=agent,
        description="门店活动，回访员电话通知并寄送信函",
        customers=listed,
    )
    # Phoned once decided, if now is within the call hours; decided at night, the notices wait for the
    # morning on the agent's worklist (a later run does not make them: the campaign exists by then).
    now = timezone.now()
    if not call_allowed(store, now):
        return
    for customer in listed[:phoned]:
        campaigns.phone_notice(campaign, customer, by=agent, at=now)
    if letters and phoned:
        campaigns.send_letters(campaign, by=agent)


def _household(site: Site, position: int) -> Household:
    spec = demo_households()[position]
    return Household.objects.get(
        site=site, community=spec.community, building=spec.building, unit=spec.unit, room=spec.room
    )


def _care(community: Site, people: dict[str, User]) -> None:
    """New owners' visits owed (one made), the elderly living alone with this month's visits (one made)
    and the coming New Year's greeting."""
    head, manager = people["supervisor1"], people["cm1"]
    today = timezone.localdate()
    care.follow_new_households(today)
    position, after = NEW_OWNER_VISITED
    home = _household(community, position)
    if home.moved_in_on is not None and not HouseholdVisit.objects.filter(household=home).exists():
        visited = _local(home.moved_in_on + dt.timedelta(days=after), dt.time(10))
        if visited <= timezone.now():
            care.record_visit(
                home, by=manager, at=visited, kind=HouseholdVisit.Kind.NEW_OWNER, note="发放便民服务卡"
            )
    homes = [_household(community, position) for position in ELDERLY]
    for home in homes:
        if not HouseholdCare.objects.filter(household=home).exists():
            care.set_care(home, by=head, assignee=manager, elderly_alone=True, note="独居老人，子女在外地")
    occasions.monthly_visits(community, today.replace(day=1))
    first = homes[0]
    if not HouseholdVisit.objects.filter(household=first, kind=HouseholdVisit.Kind.ELDERLY).exists():
        visited = min(
            _local(max(today.replace(day=1), today - dt.timedelta(days=1)), dt.time(10)), timezone.now()
        )
        care.record_visit(
            first, by=manager, at=visited, kind=HouseholdVisit.Kind.ELDERLY, note="老人身体状况良好"
        )
    new_year = dt.date(today.year + (0 if today == dt.date(today.year, 1, 1) else 1), 1, 1)
    if not Occasion.objects.filter(site=community, kind=Occasion.Kind.HOLIDAY, date=new_year).exists():
        occasions.record_occasion(community, by=head, kind=Occasion.Kind.HOLIDAY, date=new_year, title="元旦")


def _stand_ins(store: Site, people: dict[str, User]) -> None:
    """At the store, cm2 stood in for cm3 during a training (handed back) and cm3 stands in for cm2 now
    (annual leave): cm2's open work is cm3's until they are back. One site, so its page shows both."""
    today, head = timezone.localdate(), people["supervisor2"]
    if not Substitution.objects.filter(site=store, absent=people["cm3"]).exists():
        past = start_substitution(
            site=store,
            absent=people["cm3"],
            substitute=people["cm2"],
            by=head,
            starts_at=_local(today - dt.timedelta(days=14), dt.time(9)),
            reason="外出培训",
        )
        end_stand_in(past, by=head)
    if not Substitution.objects.filter(site=store, absent=people["cm2"]).exists():
        start_stand_in(
            store,
            by=head,
            absent=people["cm2"],
            substitute=people["cm3"],
            ends_at=_local(today + dt.timedelta(days=5), dt.time(18)),
            reason="年假",
        )
