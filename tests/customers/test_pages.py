"""The customer pages: who opens which, what each sees of whom (a customer manager their own, a
substitute the absent colleague's only while standing in), the file's forms and actions, the printed
form, the export, and the list's cost in queries."""

from __future__ import annotations

import io
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.customers.models import Customer, CustomerEvent
from fuwu.customers.selectors.customers import CUSTOMER_READERS, customer_scope, customers_visible_to
from fuwu.customers.services import customers as services
from fuwu.regulations.models import Obligation
from tests.customers.files_base import CustomersTestCase

LIST = reverse("customers:list")


class CustomerScopeTests(CustomersTestCase):
    def test_a_customer_manager_sees_own_customers_and_a_substitute_only_while_standing_in(self) -> None:
        def seen() -> set[str]:
            return set(customers_visible_to(self.manager).values_list("name", flat=True))

        assert seen() == {"赵先生"}
        standing_in = services.start_substitution(
            site=self.site_a, absent=self.colleague, substitute=self.manager, by=self.admin
        )
        assert seen() == {"赵先生", "钱女士"}
        services.end_substitution(standing_in, by=self.admin)
        assert seen() == {"赵先生"}

    def test_a_stand_in_counts_only_between_its_start_and_its_end(self) -> None:
        import datetime as dt

        now = timezone.now()
        services.start_substitution(
            site=self.site_a,
            absent=self.colleague,
            substitute=self.manager,
            by=self.admin,
            starts_at=now + dt.timedelta(days=1),
        )
        assert customer_scope(self.manager).managers == ((None, self.manager.pk),)
        assert customer_scope(self.manager, now + dt.timedelta(days=2)).managers == (
            (None, self.manager.pk),
            (self.site_a.pk, self.colleague.pk),
        )

    def test_the_sites_people_see_its_customers_the_general_manager_every_sites(self) -> None:
        for role in (Role.SUPERVISOR, Role.DISPATCHER, Role.VISITOR_AGENT):
            names = set(customers_visible_to(self.by_role[role]).values_list("name", flat=True))
            assert names == {"赵先生", "钱女士"}, role
        assert customers_visible_to(self.by_role[Role.GENERAL_MANAGER]).count() == 3
        assert not customers_visible_to(self.by_role[Role.TECHNICIAN]).exists()


class CustomerListTests(CustomersTestCase):
    def page(self, role: Role, **params: str) -> str:
        response = self.client_of(self.by_role[role]).get(LIST, params)
        assert response.status_code == 200
        return response.content.decode()

    def test_each_role_sees_its_scope_and_others_are_refused(self) -> None:
        mine = self.page(Role.CUSTOMER_MANAGER)
        assert "赵先生" in mine and "钱女士" not in mine and "孙先生" not in mine
        site = self.page(Role.SUPERVISOR)
        assert "赵先生" in site and "钱女士" in site and "孙先生" not in site
        assert "孙先生" in self.page(Role.GENERAL_MANAGER)
        for role in set(Role) - CUSTOMER_READERS:
            assert self.client_of(self.by_role[role]).get(LIST).status_code == 403, role
        assert self.client_of(self.by_role[Role.DISPATCHER]).post(LIST).status_code == 405

    def test_the_search_is_the_caller_lookup_within_the_scope(self) -> None:
        assert "赵先生" in self.page(Role.DISPATCHER, q="5-1-1201")
        assert "赵先生" not in self.page(Role.CUSTOMER_MANAGER, q="钱") and "钱女士" not in self.page(
            Role.CUSTOMER_MANAGER, q="钱"
        )

    def test_the_filters(self) -> None:
        services.file_made(self.own, by=self.admin)
        unfiled = self.page(Role.SUPERVISOR, unfiled="on")
        assert "钱女士" in unfiled and "赵先生" not in unfiled
        by_manager = self.page(Role.SUPERVISOR, manager=str(self.colleague.pk))
        assert "钱女士" in by_manager and "赵先生" not in by_manager

    def test_fifty_a_page_and_the_next_page_by_cursor(self) -> None:
        for i in range(55):
            services.create_customer(
                site=self.site_a, name=f"甲乙{i:02d}", manager=self.manager, by=self.admin
            )
        first = self.page(Role.CUSTOMER_MANAGER)
        assert first.count("甲乙") == 50 and "甲乙54" in first and "甲乙04" not in first
        last_shown = Customer.objects.get(name="甲乙05").pk
        assert f"after={last_shown}" in first
        second = self.page(Role.CUSTOMER_MANAGER, after=str(last_shown))
        assert "甲乙04" in second and "赵先生" in second and "甲乙05" not in second

    def test_the_query_count_does_not_grow_with_the_customers(self) -> None:
        def queries() -> int:
            client = self.client_of(self.by_role[Role.SUPERVISOR])
            with CaptureQueriesContext(connection) as captured:
                assert client.get(LIST).status_code == 200
            return len(captured)

        before = queries()
        for i in range(20):
            services.create_customer(
                site=self.site_a,
                name=f"客户{i}",
                phones=[f"1370000{i:04d}"],
                manager=self.colleague,
                by=self.admin,
            )
        assert queries() == before


class CustomerPageTests(CustomersTestCase):
    def url(self, name: str, customer: Customer | None = None) -> str:
        return reverse(f"customers:{name}", args=[(customer or self.own).pk])

    def test_the_file_shows_every_field_and_what_is_owed(self) -> None:
        client = self.client_of(self.manager)
        response = client.post(self.url("contact"), {"reason": "vehicle_dropoff", "note": "异响"})
        assert response.status_code == 302
        page = client.get(self.url("detail")).content.decode()
        for word in (
            "赵先生",
            "滨江花苑 5栋1单元1201",
            "138-0013-8000",
            "浙A·12345",
            "大众帕萨特",
            "180 天",
            "p16.b2",
            "客户档案",
            "送修进场",
        ):
            assert word in page, word
        assert CustomerEvent.objects.filter(customer=self.own, reason="vehicle_dropoff", note="异响").exists()

    def test_another_managers_customer_is_not_found_and_a_substitute_opens_it(self) -> None:
        client = self.client_of(self.manager)
        assert client.get(self.url("detail", self.colleagues)).status_code == 404
        assert client.post(self.url("file", self.colleagues)).status_code == 404
        services.start_substitution(
            site=self.site_a, absent=self.colleague, substitute=self.manager, by=self.admin
        )
        assert client.get(self.url("detail", self.colleagues)).status_code == 200

    def test_a_return_visit_agent_reads_but_does_not_write(self) -> None:
        client = self.client_of(self.by_role[Role.VISITOR_AGENT])
        assert client.get(self.url("detail")).status_code == 200
        assert client.post(self.url("contact"), {"reason": "consultation"}).status_code == 403
        assert client.get(self.url("edit")).status_code == 403

    def test_the_file_made_meets_its_deadline(self) -> None:
        client = self.client_of(self.manager)
        client.post(self.url("contact"), {"reason": "consultation"})
        assert client.post(self.url("file")).status_code == 302
        self.own.refresh_from_db()
        assert self.own.filed_at is not None and self.own.filed_by == self.manager
        archive = Obligation.objects.get(subject_type="customer", subject_id=str(self.own.pk), what="archive")
        assert archive.state == "met"
        again = client.post(self.url("file"), follow=True).content.decode()
        assert "该客户的档案已经建立" in again

    def test_a_car_a_service_and_a_product_are_added_and_a_bad_plate_named(self) -> None:
        client = self.client_of(self.by_role[Role.DISPATCHER])
        bad = client.post(self.url("vehicle"), {"plate": "好"})
        assert bad.status_code == 422 and "不是车牌号" in bad.content.decode()
        assert client.post(self.url("vehicle"), {"plate": "浙A 55667", "model": "本田"}).status_code == 302
        car = self.own.vehicles.get(plate_key="浙A55667")
        ok = client.post(
            self.url("service"), {"day": "2026-03-02", "work": "更换机油", "vehicle": car.pk, "amount": "380"}
        )
        assert ok.status_code == 302
        assert (
            client.post(
                self.url("purchase"), {"product": "智能马桶", "purchased_on": "2026-03-01", "amount": "3299"}
            ).status_code
            == 302
        )
        page = client.get(self.url("detail")).content.decode()
        assert "更换机油" in page and "智能马桶" in page and "浙A 55667" in page
        assert AuditEntry.objects.filter(action="customer.service").exists()

    def test_a_manager_makes_a_customer_who_is_their_own(self) -> None:
        client = self.client_of(self.manager)
        response = client.post(
            reverse("customers:new"),
            {
                "site": self.site_a.pk,
                "kind": "person",
                "name": "新客户",
                "phones": "139 0000 2222, 0571-86000000",
                "address": "滨江花苑 5栋1单元1201",
                "manager": self.manager.pk,
                "plate": "浙A88888",
                "service_interval_days": "90",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        customer = Customer.objects.get(name="新客户")
        assert customer.manager == self.manager and customer.household == self.flat
        assert customer.phone == "139 0000 2222" and customer.vehicles.get().service_interval_days == 90
        refused = client.post(
            reverse("customers:new"),
            {
                "site": self.site_a.pk,
                "kind": "person",
                "name": "别人的",
                "phones": "12",
                "manager": self.colleague.pk,
            },
        )
        assert refused.status_code == 422
        page = refused.content.decode()
        assert "不是电话号码" in page

    def test_the_edit_changes_numbers_and_only_a_supervisor_changes_the_manager(self) -> None:
        data = {
            "kind": "person",
            "name": "赵先生",
            "phones": "13600001111",
            "address": "5-1-1201",
            "manager": self.colleague.pk,
        }
        refused = self.client_of(self.manager).post(self.url("edit"), data)
        assert refused.status_code == 422 and "只有主管" in refused.content.decode()
        done = self.client_of(self.by_role[Role.SUPERVISOR]).post(self.url("edit"), data)
        assert done.status_code == 302
        self.own.refresh_from_db()
        assert self.own.manager == self.colleague and self.own.phone == "13600001111"

    def test_the_printed_file_is_the_form_of_p16_6(self) -> None:
        response = self.client_of(self.manager).get(self.url("print_file"))
        page = response.content.decode()
        for word in (
            "客户档案基本资料表",
            "客户名称",
            "送修或来访日期",
            "车型",
            "车号",
            "车种",
            "维修养护项目",
            "保养周期",
            "下一次保养期",
            "客户希望得到的服务",
            "本公司维修保养记录",
            "浙A·12345",
            "customers/print.css",
        ):
            assert word in page, word
        assert self.client_of(self.manager).get(self.url("print_file", self.colleagues)).status_code == 404

    def test_the_export_is_the_users_scope_as_the_import_reads_it(self) -> None:
        response = self.client_of(self.manager).get(reverse("customers:export"))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)  # type: ignore[attr-defined]
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        assert rows[0][:5] == ("客户名称", "客户类别", "电话", "地址", "车号")
        assert [row[0] for row in rows[1:]] == ["赵先生"]
        assert rows[1][2] == "138-0013-8000, 0571-8888 6666" and rows[1][12] == "K007"

    def test_numbers_are_masked_in_the_export_for_roles_that_do_not_call_back(self) -> None:
        with mock.patch("fuwu.core.scoping.FULL_PHONE_ROLES", frozenset()):
            response = self.client_of(self.by_role[Role.SUPERVISOR]).get(reverse("customers:export"))
            content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        rows = list(
            load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True)
        )
        phones = {row[0]: row[2] for row in rows[1:]}
        assert phones["钱女士"] == "139****0000"
