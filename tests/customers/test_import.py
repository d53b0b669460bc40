"""The Excel import of an existing customer list: columns in any order under the form's names (or the
words people use), every bad row and column named, nothing imported on any error; what a good list
makes (customers, numbers, cars, services, managers, lookup keys, audit)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fuwu.core.models import AuditEntry
from fuwu.core.roles import Role
from fuwu.customers.models import Customer, LookupKey, ManagerAssignment, ServiceRecord, Vehicle
from fuwu.customers.selectors.lookup import lookup
from fuwu.customers.services.imports import ImportRefused, import_customers
from tests.customers.files_base import CustomersTestCase, workbook

HEADER = [
    "序号",
    "车牌号",
    "客户名称",
    "联系电话",
    "地址",
    "车型",
    "车种",
    "送修或来访日期",
    "维修养护项目",
    "保养周期",
    "下一次保养期",
    "客户经理(工号或用户名)",
    "客户类别",
]


def good_list() -> bytes:
    return workbook(
        [
            HEADER,
            [
                1,
                "浙A·10001",
                "周建华",
                "139 5712 0001",
                "滨江花苑 6栋1单元1502",
                "丰田卡罗拉",
                "小型轿车",
                dt.datetime(2026, 3, 2),
                "常规保养",
                "3个月",
                "2026-06-02",
                "K007",
                "个人",
            ],
            [
                2,
                "浙A10002",
                "杭州顺达物流有限公司",
                "0571-86620099",
                "江虹路 459号",
                "江铃顺达",
                "货车",
                "2026/3/5",
                "更换刹车片",
                90,
                None,
                "cm_colleague",
                "单位",
            ],
            [
                3,
                "浙A10003",
                "杭州顺达物流有限公司",
                "0571-86620099",
                "",
                "江铃顺达",
                "货车",
                "2026年3月6日",
                "",
                "",
                "",
                "cm_colleague",
                "单位",
            ],
            [None, None, None, None, None, None, None, None, None, None, None, None, None],
            [4, "", "吴女士", "", "5-2-803", "", "", "", "", "", "", "", ""],
        ],
        title_rows=1,
    )


class GoodListTests(CustomersTestCase):
    def test_a_list_in_any_order_makes_its_customers_cars_services_and_keys(self) -> None:
        done = import_customers(site=self.site_a, data=good_list(), by=self.admin)
        assert (done.customers, done.vehicles, done.services, done.ignored) == (3, 3, 2, ["序号"])
        zhou = Customer.objects.get(name="周建华")
        assert (zhou.manager, zhou.phone, zhou.visited_on) == (
            self.manager,
            "139 5712 0001",
            dt.date(2026, 3, 2),
        )
        car = Vehicle.objects.get(customer=zhou)
        assert (car.plate_key, car.service_interval_days, car.next_service_on) == (
            "浙A10001",
            90,
            dt.date(2026, 6, 2),
        )
        assert ServiceRecord.objects.get(customer=zhou).work == "常规保养"
        # Two rows with the same name and number: one company with two cars, its last visit the file's date.
        company = Customer.objects.get(name="杭州顺达物流有限公司")
        assert company.kind == "company" and company.manager == self.colleague
        assert sorted(company.vehicles.values_list("plate_key", flat=True)) == ["浙A10002", "浙A10003"]
        assert company.visited_on == dt.date(2026, 3, 6)
        assert ManagerAssignment.objects.filter(customer__in=[zhou, company]).count() == 2
        assert AuditEntry.objects.filter(action="customer.import").count() == 3
        dispatcher = self.by_role[Role.DISPATCHER]
        assert [c.name for c in lookup(dispatcher, "5712").customers] == ["周建华"]
        assert [c.name for c in lookup(dispatcher, "10003").customers] == ["杭州顺达物流有限公司"]
        assert [c.name for c in lookup(dispatcher, "滨江花苑 6-1-1502").customers] == ["周建华"]
        assert "吴女士" in [c.name for c in lookup(dispatcher, "5-2-803").customers]
        assert LookupKey.objects.filter(customer=zhou, key="p0001").exists()

    def test_the_export_reads_back_through_the_import(self) -> None:
        response = self.client_of(self.by_role[Role.GENERAL_MANAGER]).get(reverse("customers:export"))
        exported = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        Customer.objects.filter(pk__in=[self.own.pk, self.colleagues.pk, self.elsewhere.pk]).update(phone="")
        # Its numbers are known at the site already: re-importing the same list is refused row by row.
        with pytest.raises(ImportRefused) as refused:
            import_customers(site=self.site_a, data=exported, by=self.admin)
        assert {problem.column for problem in refused.value.problems} == {"电话"}


class BadListTests(CustomersTestCase):
    def test_every_bad_row_and_column_is_named_and_nothing_is_imported(self) -> None:
        before = (Customer.objects.count(), LookupKey.objects.count(), AuditEntry.objects.count())
        data = workbook(
            [
                [
                    "客户名称",
                    "电话",
                    "车号",
                    "送修或来访日期",
                    "保养周期",
                    "客户经理",
                    "客户类别",
                    "维修养护项目",
                    "车型",
                ],
                ["", "13900000001", "", "", "", "", "", "", ""],
                ["张三", "12345", "", "", "", "", "", "", ""],
                ["李四", "13900000002", "好车", "", "", "", "", "", ""],
                ["王五", "13900000003", "浙A00001", "三月二日", "", "", "", "", ""],
                ["赵六", "13900000004", "浙A00002", "", "每月", "", "", "", ""],
                ["孙七", "13900000005", "", "", "", "nobody", "", "", ""],
                ["周八", "13900000006", "", "", "", "", "团体", "", ""],
                ["吴九", "13900000007", "", "", "", "", "", "换轮胎", ""],
                ["郑十", "13900000008", "", "", "", "", "", "", "丰田"],
                ["冯一", "138-0013-8000", "", "", "", "", "", "", ""],
                ["陈二", "13900000009", "", "", "", "", "", "", ""],
                ["褚三", "13900000009", "", "", "", "", "", "", ""],
            ]
        )
        with pytest.raises(ImportRefused) as refused:
            import_customers(site=self.site_a, data=data, by=self.admin)
        found = [(problem.row, problem.column) for problem in refused.value.problems]
        assert found == [
            (2, "客户名称"),
            (3, "电话"),
            (4, "车号"),
            (5, "送修或来访日期"),
            (6, "保养周期"),
            (7, "客户经理"),
            (8, "客户类别"),
            (9, "维修养护项目"),
            (10, "车号"),
            (11, "电话"),
            (13, "电话"),
        ]
        messages = {problem.row: problem.message for problem in refused.value.problems}
        assert ("赵先生" in messages[11] and "第 12 行" in messages[13]) or "row 12" in messages[13]
        assert "nobody" in messages[7] and "三月二日" in messages[5]
        assert str(refused.value.problems[0]).startswith("第 2 行")
        assert (Customer.objects.count(), LookupKey.objects.count(), AuditEntry.objects.count()) == before

    def test_what_is_wrong_with_the_file_itself(self) -> None:
        cases = {
            b"not a workbook": "不是 Excel 工作簿",
            workbook([["姓名x", "电话"], ["张三", "13900000001"]]): "客户名称",
            workbook([["客户名称", "电话", "手机"], ["张三", "13900000001", "13900000002"]]): "出现了两次",
            workbook([["客户名称", "电话"]]): "没有客户",
        }
        for data, words in cases.items():
            with self.subTest(words=words), pytest.raises(ImportRefused) as refused:
                import_customers(site=self.site_a, data=data, by=self.admin)
            assert words in " ".join(str(p) for p in refused.value.problems), words
        assert Customer.objects.count() == 3


class ImportPageTests(CustomersTestCase):
    URL = reverse("customers:import")

    def test_the_desk_imports_on_the_page_and_sees_every_problem(self) -> None:
        client = self.client_of(self.by_role[Role.DISPATCHER])
        bad = client.post(
            self.URL,
            {
                "site": self.site_a.pk,
                "file": SimpleUploadedFile("l.xlsx", workbook([["客户名称", "电话"], ["张三", "1"]])),
            },
        )
        assert bad.status_code == 422 and "第 2 行“电话”列" in bad.content.decode()
        good = client.post(
            self.URL, {"site": self.site_a.pk, "file": SimpleUploadedFile("l.xlsx", good_list())}
        )
        assert good.status_code == 200 and "已导入 3 个客户" in good.content.decode()

    def test_only_those_who_answer_for_a_site_import_and_only_into_their_sites(self) -> None:
        for role in (Role.CUSTOMER_MANAGER, Role.VISITOR_AGENT, Role.TECHNICIAN):
            assert self.client_of(self.by_role[role]).get(self.URL).status_code == 403, role
        other = self.client_of(self.by_role[Role.DISPATCHER]).post(
            self.URL, {"site": self.site_b.pk, "file": SimpleUploadedFile("l.xlsx", good_list())}
        )
        assert (
            other.status_code == 422 and not Customer.objects.filter(site=self.site_b, name="周建华").exists()
        )


class ImportApiTests(CustomersTestCase):
    URL = "/api/v1/customers/imports"

    def post(self, role: Role, site: str, data: bytes) -> tuple[int, object]:
        response = self.client_of(self.by_role[role]).post(
            self.URL, {"site": site, "file": SimpleUploadedFile("l.xlsx", data)}
        )
        return response.status_code, json.loads(response.content)

    def test_201_with_what_was_made_or_422_naming_every_row_and_column(self) -> None:
        status, body = self.post(Role.DISPATCHER, "a", good_list())
        assert status == 201 and body == {
            "customers": 3,
            "vehicles": 3,
            "services": 2,
            "ignored_columns": ["序号"],
        }
        status, body = self.post(
            Role.DISPATCHER,
            "a",
            workbook([["客户名称", "电话", "车号"], ["张三", "1", "好"], ["", "13900000001", ""]]),
        )
        assert status == 422
        assert [p["loc"] for p in body["detail"]] == [  # type: ignore[index]
            ["file", "row 2", "电话"],
            ["file", "row 2", "车号"],
            ["file", "row 3", "客户名称"],
        ]

    def test_roles_and_sites_are_checked(self) -> None:
        assert self.post(Role.CUSTOMER_MANAGER, "a", good_list())[0] == 403
        status, body = self.post(Role.DISPATCHER, "b", good_list())
        assert status == 422 and body["detail"][0]["loc"] == ["body", "site"]  # type: ignore[index]
        # The list's managers are site a's: site b refuses them, and takes a list without them.
        status, body = self.post(Role.GENERAL_MANAGER, "b", good_list())
        assert status == 422 and {p["loc"][2] for p in body["detail"]} == {"客户经理(工号或用户名)"}  # type: ignore[index]
        assert (
            self.post(Role.GENERAL_MANAGER, "b", workbook([["客户名称", "电话"], ["周建华", "13957120001"]]))[
                0
            ]
            == 201
        )
