"""`fuwu demo`: a renovation and property-service company to look around in. Idempotent.

Core makes the sites, the staff and the administrator; every app adds its own data through the
loaders registered in `fuwu.core.demo` (see there for how an app registers one).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from fuwu.core import demo
from fuwu.core.models import Site, User
from fuwu.core.roles import Role
from fuwu.core.services import delivery, outbox, sites, users

DEMO_PASSWORD = "fuwu-demo"


@dataclass(frozen=True)
class DemoSite:
    code: str
    name: str
    kind: Site.Kind
    minimum_monthly_wage: Decimal


@dataclass(frozen=True)
class DemoPerson:
    username: str
    name: str
    role: Role
    sites: tuple[str, ...]


SITES = (
    DemoSite("jinxiu", "锦绣花园小区", Site.Kind.COMMUNITY, Decimal("2690.00")),
    DemoSite("binjiang", "滨江装饰门店", Site.Kind.STORE, Decimal("2690.00")),
)
J, B = ("jinxiu",), ("binjiang",)
BOTH = ("jinxiu", "binjiang")

PEOPLE = (
    DemoPerson("gm", "王建国", Role.GENERAL_MANAGER, ()),
    DemoPerson("supervisor1", "李明", Role.SUPERVISOR, J),
    DemoPerson("supervisor2", "张伟", Role.SUPERVISOR, B),
    DemoPerson("dispatcher", "刘芳", Role.DISPATCHER, J),
    DemoPerson("dispatcher2", "陈静", Role.DISPATCHER, B),
    DemoPerson("tech1", "杨军", Role.TECHNICIAN, J),
    DemoPerson("tech2", "赵强", Role.TECHNICIAN, J),
    DemoPerson("tech3", "黄磊", Role.TECHNICIAN, J),
    DemoPerson("tech4", "周涛", Role.TECHNICIAN, J),
    DemoPerson("tech5", "吴斌", Role.TECHNICIAN, B),
    DemoPerson("tech6", "徐刚", Role.TECHNICIAN, B),
    DemoPerson("tech7", "孙浩", Role.TECHNICIAN, B),
    DemoPerson("tech8", "马超", Role.TECHNICIAN, B),
    DemoPerson("visitor1", "朱丽", Role.VISITOR_AGENT, J),
    DemoPerson("visitor2", "胡敏", Role.VISITOR_AGENT, B),
    DemoPerson("cm1", "郭华", Role.CUSTOMER_MANAGER, J),
    DemoPerson("cm2", "何娟", Role.CUSTOMER_MANAGER, B),
    DemoPerson("cm3", "高洁", Role.CUSTOMER_MANAGER, BOTH),
    DemoPerson("hr", "林晓", Role.HR_FINANCE, BOTH),
    DemoPerson("finance", "罗燕", Role.HR_FINANCE, BOTH),
    DemoPerson("guard1", "梁勇", Role.GUARD, J),
    DemoPerson("guard2", "宋平", Role.GUARD, J),
    DemoPerson("guard3", "郑亮", Role.GUARD, J),
    DemoPerson("guard4", "谢峰", Role.GUARD, B),
    DemoPerson("staff1", "韩梅", Role.EMPLOYEE, J),
    DemoPerson("staff2", "唐雪", Role.EMPLOYEE, J),
    DemoPerson("staff3", "冯丹", Role.EMPLOYEE, J),
    DemoPerson("staff4", "于婷", Role.EMPLOYEE, B),
    DemoPerson("staff5", "董霞", Role.EMPLOYEE, B),
    DemoPerson("staff6", "萧红", Role.EMPLOYEE, B),
)


def demo_phone(index: int) -> str:
    return f"1380000{index:04d}"


class Command(BaseCommand):
    help = (
        "Load the demo company (two sites, 30 staff in every role, an administrator) and each app's "
        "demo data. Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            site_by_code = {spec.code: self._site(spec) for spec in SITES}
            admin = self._admin()
            people = {
                person.username: self._person(index, person, site_by_code, admin)
                for index, person in enumerate(PEOPLE, 1)
            }
            self._welcome(list(people.values()), site_by_code, admin)
            context = demo.DemoContext(
                site_by_code=site_by_code, admin=admin, people=people, stdout=self.stdout
            )
            summaries = [(loader.name, loader.load(context)) for loader in demo.loaders()]
        # Deliver the in-app notices now, so the home pages are filled even before a worker runs.
        delivery.deliver_due()
        # Printed only once committed: a loader that fails rolls everything back, and says so.
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo company ready: {len(SITES)} sites, {len(PEOPLE)} staff, an administrator."
            )
        )
        for name, summary in summaries:
            self.stdout.write(f"  {name}: {summary}")

    def _site(self, spec: DemoSite) -> Site:
        existing = Site.objects.filter(code=spec.code).first()
        if existing is not None:
            return existing
        return sites.create_site(
            kind=spec.kind,
            name=spec.name,
            code=spec.code,
            minimum_monthly_wage=spec.minimum_monthly_wage,
            by=None,
        )

    def _demo_hash(self) -> str:
        # Thirty-one accounts share the demo password: hash it once, not thirty-one times (~0.3 s each).
        cached: str | None = getattr(self, "_hash", None)
        if cached is None:
            cached = self._hash = make_password(DEMO_PASSWORD)
        return cached

    def _admin(self) -> User:
        existing = User.objects.filter(username="admin").first()
        if existing is not None:
            return existing
        return users.create_user(
            username="admin",
            password=DEMO_PASSWORD,
            password_hash=self._demo_hash(),
            display_name="系统管理员",
            is_staff=True,
            is_superuser=True,
            by=None,
        )

    def _person(self, index: int, person: DemoPerson, site_by_code: dict[str, Site], admin: User) -> User:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = users.create_user(
                username=person.username,
                password=DEMO_PASSWORD,
                password_hash=self._demo_hash(),
                display_name=person.name,
                phone=demo_phone(index),
                employee_no=f"{index:04d}",  # 工号, as the clock machine knows the person
                email=f"{person.username}@demo.fuwu.invalid",
                roles=[person.role],
                by=admin,
            )
        for code in person.sites:
            sites.add_member(site_by_code[code], user, by=admin)
        return user

    def _welcome(self, people: list[User], site_by_code: dict[str, Site], admin: User) -> None:
        for user in people:
            site_names = "、".join(s.name for s in user.sites.order_by("code")) or "全部站点"
            outbox.notify(
                targets=[outbox.in_app(user)],
                subject="欢迎使用 Fuwu 服务管理系统",
                body=f"{user.display_name}，您的账号已开通，可查看：{site_names}。",
                key=f"demo:welcome:{user.username}",
                by=admin,
            )
        for site in site_by_code.values():
            supervisors = [
                u for u in people if u.has_role(Role.SUPERVISOR) and u.sites.filter(pk=site.pk).exists()
            ]
            staff_count = site.members.count()
            outbox.notify(
                targets=[outbox.in_app(u) for u in supervisors],
                subject=f"{site.name}：人员已就位",
                body=f"本站点共有 {staff_count} 名员工，请核对各岗位人员与联系电话。",
                url="/sites/",
                key=f"demo:site-staffed:{site.code}",
                site=site,
                by=admin,
            )
