"""The demo's customer managers, for `fuwu demo`: cm1 at 锦绣花园小区 and cm2, cm3 at 滨江装饰门店, each
certified (p05.eligible) and appointed 见习, their levels raised as the pack's qualifications are checked
(高级, 一级; cm2's move to 二级 waits for the department head), a fleet customer handed to the senior
manager (the assignment history keeps the first), the year's appraisal plan and this month's appraisals with
their behaviour points in the staff ledger (p05.income), a candidate's selection review, and the store's key
customers by the 80/20 rule over revenue with their care plans (p05.core, p14.3.4.8).

Idempotent: each part looks for its rows first. Written through the managers app's services by the
supervisors who do this at each site; what is history is silenced, what still waits tells its approver.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fuwu.core.demo import DemoContext
from fuwu.core.models import Site, User
from fuwu.core.services import silence
from fuwu.customers.models import Customer
from fuwu.managers.clauses import local_today, qualifications
from fuwu.managers.models import (
    Appraisal,
    AppraisalPlan,
    CarePlan,
    CoreReview,
    KeyCustomer,
    Level,
    Manager,
    Selection,
)
from fuwu.managers.services import appraisals, assignments, key_customers, levels
from fuwu.managers.services.key_customers import ItemIn
from fuwu.staff.services.incidents import approve_incident

COMMUNITY, STORE = "jinxiu", "binjiang"
SUPERVISOR = {COMMUNITY: "supervisor1", STORE: "supervisor2"}
# p05.eligible's five base conditions, each with the evidence the reviewer saw.
ELIGIBILITY_EVIDENCE = (
    "思想品德鉴定合格",
    "近三年无业务差错记录",
    "年度体检合格",
    "大专学历证书",
    "从事客户服务两年以上",
)


@dataclass(frozen=True)
class DemoManager:
    """Who, where, the level confirmed, the level proposed and still waiting, and this month's marks."""

    username: str
    site: str
    level: str
    marks: tuple[int, int, int]  # 绩效, 行为, 能力
    performance_pay: str
    proposed: str | None = None


MANAGERS = (
    DemoManager("cm3", STORE, Level.SENIOR, (92, 85, 88), "1800.00"),
    DemoManager("cm1", COMMUNITY, Level.FIRST, (86, 80, 78), "1500.00"),
    DemoManager("cm2", STORE, Level.TRAINEE, (74, 70, 68), "1000.00", proposed=Level.SECOND),
)
# The store's fleet customer goes to its senior manager (p05.assign: the history keeps who had it before).
REASSIGNED = (("杭州顺达物流有限公司", "cm3", "车队客户转由高级客户经理统一负责"),)
PLAN_TEXT = {
    "purpose": "评价客户经理全年工作，作为等级升降与奖惩的依据",
    "principles": "客观、公开、重实绩；绩效为主，兼顾行为与能力",
    "content": "绩效（业务量、效益、客户满意）、行为（态度、纪律、协作）、能力（市场与客户分析）",
    "timing": "每月末常规考核；12月修订考核计划、标准与方法",
}
CANDIDATE = ("visitor2", STORE, {"学历": 80, "资历": 70, "业绩": 85, "笔试": 78, "面试": 82})
# What a key customer's care plan does (p14.3.4.8), weeks from today, by the manager or the visit agent.
CARE_ITEMS = (("上门回访，了解使用情况与新需求", 1, "manager"), ("节前寄送保养提示与贺卡", 2, "visitor2"))
CARE_PLANS = 2  # the top key customers get theirs; the others' plans stay owed (their task open)


def load(context: DemoContext) -> str:
    """Create what is missing; return a one-line summary."""
    people = context.people
    sites = context.site_by_code
    appointed = [_appoint(spec, sites[spec.site], people) for spec in MANAGERS]
    made = sum(1 for manager, new in appointed if new)
    moved = _reassign(sites[STORE], people)
    plans = sum(_plan(sites[code], people[SUPERVISOR[code]]) for code in (COMMUNITY, STORE))
    appraised = sum(
        _appraise(manager, spec, people) for (manager, _new), spec in zip(appointed, MANAGERS, strict=True)
    )
    selected = _select(sites, people)
    keys, cared = _key_customers(sites[STORE], people)
    return (
        f"{made} managers appointed, {moved} customers reassigned, {plans} appraisal plans, "
        f"{appraised} appraisals with their income, {selected} selection reviews, "
        f"{keys} key customers with {cared} care plans"
    )


def _appoint(spec: DemoManager, site: Site, people: dict[str, User]) -> tuple[Manager, bool]:
    """The manager, certified and appointed 见习, then raised to their level, its qualifications checked."""
    person, head = people[spec.username], people[SUPERVISOR[spec.site]]
    found = Manager.objects.filter(site=site, user=person).first()
    if found is not None:
        return found, False
    marks = [levels.ConditionMark(n, True, text) for n, text in enumerate(ELIGIBILITY_EVIDENCE, start=1)]
    with silence.silenced():  # settled before today: nobody waits for these
        review = levels.request_eligibility(site=site, candidate=person, marks=marks, by=head)
        review = levels.decide_eligibility(review, approve=True, by=head, note="五项基本条件均符合")
        manager = levels.appoint(review, level=Level.TRAINEE, by=head)
        _check(manager, Level.TRAINEE, head)
        if spec.level != Level.TRAINEE:
            _check(manager, spec.level, head)
            change = levels.propose_level(
                manager, to_level=spec.level, reason="任职条件经逐项核对均符合", by=head
            )
            levels.decide_level(change, confirm=True, by=head, note="同意")
    if spec.proposed is not None:
        # Still waiting: the department head is told, and decides in the app.
        _check(manager, spec.proposed, head)
        levels.propose_level(
            manager, to_level=spec.proposed, reason="见习期满，业务熟练，拟晋升二级客户经理", by=head
        )
    manager.refresh_from_db()
    return manager, True


def _check(manager: Manager, level: str, head: User) -> None:
    """Every qualification the pack lists for ``level`` checked as met (二级 lists none)."""
    _clause, listed = qualifications(manager.site, local_today(manager.site))
    marks = [levels.ConditionMark(c.number, True, "主管核对工作记录与客户评价") for c in listed[level]]
    if marks:
        levels.check_qualifications(manager, level=level, marks=marks, by=head)


def _reassign(store: Site, people: dict[str, User]) -> int:
    moved = 0
    for name, username, reason in REASSIGNED:
        target = Manager.objects.get(site=store, user=people[username])
        customer = Customer.objects.filter(site=store, name=name).first()
        if customer is None or customer.assignments.filter(manager=target.user).exists():
            continue
        assignments.assign_customers(
            manager=target, customers=[customer], by=people[SUPERVISOR[STORE]], reason=reason
        )
        moved += 1
    return moved


def _plan(site: Site, head: User) -> int:
    """The site's appraisal plan of this year (p05.cycle)."""
    year = local_today(site).year
    if AppraisalPlan.objects.filter(site=site, year=year).exists():
        return 0
    appraisals.make_plan(site=site, year=year, by=head, **PLAN_TEXT)
    return 1


def _appraise(manager: Manager, spec: DemoManager, people: dict[str, User]) -> int:
    """This month's regular appraisal (绩效 weighs most); its behaviour points become the p05.income reward,
    approved into the staff ledger. This month, not an earlier one: a manager is appraised only for months
    since their appointment, and the demo appoints them today."""
    month = local_today(manager.site).replace(day=1)
    if Appraisal.objects.filter(manager=manager, month=month, kind=Appraisal.Kind.REGULAR).exists():
        return 0
    head = people[SUPERVISOR[spec.site]]
    performance, behaviour, ability = spec.marks
    with silence.silenced():  # the reward's approval request: decided at once below
        appraisal = appraisals.record_appraisal(
            manager,
            month=month,
            marks={"绩效": performance, "行为": behaviour, "能力": ability},
            performance_pay=Decimal(spec.performance_pay),
            by=head,
            note="客户抽样评价与主管评价结合",
        )
    if appraisal.income_incident is not None:
        approve_incident(appraisal.income_incident, by=head)  # the manager is told of the reward
    return 1


def _select(sites: dict[str, Site], people: dict[str, User]) -> int:
    username, code, marks = CANDIDATE
    candidate = people[username]
    if Selection.objects.filter(site=sites[code], candidate=candidate).exists():
        return 0
    appraisals.record_selection(
        site=sites[code],
        candidate=candidate,
        marks=marks,
        by=people[SUPERVISOR[code]],
        note="拟选拔为见习客户经理",
    )
    return 1


def _key_customers(store: Site, people: dict[str, User]) -> tuple[int, int]:
    """The store's key customers by the last year's revenue, and care plans for the first of them."""
    today = local_today(store)
    head = people[SUPERVISOR[STORE]]
    if CoreReview.objects.filter(site=store, year=today.year).exists():
        return 0, 0
    review = key_customers.review_core(
        site=store, start=today - dt.timedelta(days=365), end=today, year=today.year, by=head
    )
    chosen = list(KeyCustomer.objects.filter(review=review).select_related("customer").order_by("rank"))
    year_end = dt.date(today.year, 12, 31)
    planned = 0
    for key in chosen[:CARE_PLANS]:
        customer = key.customer
        if CarePlan.objects.filter(customer=customer, year=today.year).exists():
            continue
        manager = customer.manager or head
        items = [
            ItemIn(
                what=what,
                who=(manager if who == "manager" else people[who]).pk,
                due_on=min(today + dt.timedelta(weeks=weeks), year_end),
            )
            for what, weeks, who in CARE_ITEMS
        ]
        plan = key_customers.make_care_plan(
            customer,
            year=today.year,
            needs="重视售后响应速度，希望定期上门检查已购产品",
            items=items,
            by=head,
        )
        if planned == 0:  # the first plan's visit is made already
            first = plan.items.order_by("pk").first()
            if first is not None:
                key_customers.care_item_done(first, by=manager, note="已上门回访，客户对产品与服务满意")
        planned += 1
    return len(chosen), planned
