"""The customers API: each operation's roles and scope (a customer manager's own customers, a substitute's
only while standing in, the sites' for the rest), its answers and its errors in the contract's shapes."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fuwu.core.roles import Role
from fuwu.customers.models import Customer
from fuwu.customers.services import customers as services
from fuwu.customers.services import files
from tests.customers.files_base import AN_HOUR_AGO, CustomersTestCase

API = "/api/v1/customers"


class ApiTestCase(CustomersTestCase):
    def call(
        self, role: Role | None, method: str, url: str, body: dict[str, Any] | None = None, user: Any = None
    ) -> tuple[int, Any]:
        client = Client()
        client.force_login(user or self.by_role[role])  # type: ignore[index]
        response = client.generic(method, url, json.dumps(body or {}), content_type="application/json")
        return response.status_code, json.loads(response.content) if response.content else None


class ListApiTests(ApiTestCase):
    def test_each_sees_their_scope_and_a_substitute_only_while_standing_in(self) -> None:
        def names(role: Role) -> list[str]:
            return [r["name"] for r in self.call(role, "GET", API)[1]["results"]]

        assert names(Role.CUSTOMER_MANAGER) == ["赵先生"]
        assert names(Role.SUPERVISOR) == ["钱女士", "赵先生"]  # newest first
        assert names(Role.GENERAL_MANAGER) == ["孙先生", "钱女士", "赵先生"]
        standing_in = services.start_substitution(
            site=self.site_a, absent=self.colleague, substitute=self.manager, by=self.admin
        )
        assert names(Role.CUSTOMER_MANAGER) == ["钱女士", "赵先生"]
        services.end_substitution(standing_in, by=self.admin)
        assert names(Role.CUSTOMER_MANAGER) == ["赵先生"]
        assert self.call(Role.TECHNICIAN, "GET", API)[0] == 403

    def test_filters_cursor_and_an_unknown_site(self) -> None:
        status, body = self.call(Role.GENERAL_MANAGER, "GET", f"{API}?page_size=1&site=a")
        assert status == 200 and [r["name"] for r in body["results"]] == ["钱女士"]
        status, second = self.call(Role.GENERAL_MANAGER, "GET", body["next"])
        assert [r["name"] for r in second["results"]] == ["赵先生"] and second["results"][0]["plates"] == [
            "浙A·12345"
        ]
        status, body = self.call(Role.SUPERVISOR, "GET", f"{API}?site=b")
        assert status == 422 and body["detail"][0]["loc"] == ["query", "site"]
        services.file_made(self.own, by=self.admin)
        assert [r["name"] for r in self.call(Role.SUPERVISOR, "GET", f"{API}?filed=false")[1]["results"]] == [
            "钱女士"
        ]

    def test_the_query_count_does_not_grow_with_the_rows(self) -> None:
        def queries() -> int:
            client = Client()
            client.force_login(self.by_role[Role.SUPERVISOR])
            with CaptureQueriesContext(connection) as captured:
                assert client.get(API).status_code == 200
            return len(captured)

        before = queries()
        for i in range(10):
            customer = services.create_customer(
                site=self.site_a, name=f"客户{i}", manager=self.manager, by=self.admin
            )
            files.add_vehicle(customer, plate=f"浙E{i:05d}", by=self.admin)
        assert queries() == before


class OneCustomerApiTests(ApiTestCase):
    def test_the_whole_file_in_scope_and_404_outside_it(self) -> None:
        files.record_contact(self.own, reason="vehicle_dropoff", at=AN_HOUR_AGO, by=self.admin)
        status, body = self.call(Role.CUSTOMER_MANAGER, "GET", f"{API}/{self.own.pk}")
        assert status == 200
        assert body["phones"] == ["138-0013-8000", "0571-8888 6666"]
        assert body["household"] == {"id": self.flat.pk, "address": "滨江花苑 5栋1单元1201"}
        assert (
            body["vehicles"][0]["plate"] == "浙A·12345" and body["timeline"][0]["reason"] == "vehicle_dropoff"
        )
        archive = next(o for o in body["obligations"] if o["what"] == "archive")
        assert (
            archive["clause"] == "p16.b2" and archive["state"] == "open" and archive["due"].endswith("+08:00")
        )
        assert self.call(Role.CUSTOMER_MANAGER, "GET", f"{API}/{self.colleagues.pk}")[0] == 404
        assert self.call(Role.DISPATCHER, "GET", f"{API}/{self.elsewhere.pk}")[0] == 404


class WriteApiTests(ApiTestCase):
    def test_a_new_customer_with_every_bad_field_named(self) -> None:
        status, body = self.call(
            Role.DISPATCHER,
            "POST",
            API,
            {"site": "a", "name": " ", "phones": ["12"], "vehicles": [{"plate": "好"}], "manager": 999999},
        )
        assert status == 422
        assert {tuple(p["loc"]) for p in body["detail"]} == {
            ("body", "manager"),
            ("body", "name"),
            ("body", "phones", 0),
            ("body", "vehicles", 0, "plate"),
        }
        status, body = self.call(
            Role.DISPATCHER,
            "POST",
            API,
            {
                "site": "a",
                "name": "新客户",
                "phones": ["13900002222"],
                "address": "5-1-1201",
                "manager": self.manager.pk,
                "vehicles": [{"plate": "浙A66666", "service_interval_days": 180}],
            },
        )
        assert (
            status == 201
            and body["manager"]["id"] == self.manager.pk
            and body["household"]["id"] == self.flat.pk
        )
        assert body["vehicles"][0]["plate"] == "浙A66666"

    def test_a_customer_manager_makes_only_their_own_and_others_may_not_write(self) -> None:
        status, body = self.call(Role.CUSTOMER_MANAGER, "POST", API, {"site": "a", "name": "自己的"})
        assert status == 201 and body["manager"]["id"] == self.manager.pk
        status, body = self.call(
            Role.CUSTOMER_MANAGER, "POST", API, {"site": "a", "name": "别人的", "manager": self.colleague.pk}
        )
        assert status == 422 and body["detail"][0]["loc"] == ["body", "manager"]
        assert self.call(Role.VISITOR_AGENT, "POST", API, {"site": "a", "name": "x"})[0] == 403
        assert self.call(Role.DISPATCHER, "POST", API, {"site": "b", "name": "x"})[0] == 422

    def test_patch_changes_only_what_is_sent_and_the_manager_only_by_a_supervisor(self) -> None:
        url = f"{API}/{self.own.pk}"
        status, body = self.call(
            Role.CUSTOMER_MANAGER, "PATCH", url, {"phones": ["13600001111"], "services_wanted": "保养提醒"}
        )
        assert status == 200 and body["phones"] == ["13600001111"] and body["name"] == "赵先生"
        assert body["services_wanted"] == "保养提醒"
        assert self.call(Role.CUSTOMER_MANAGER, "PATCH", url, {"manager": self.colleague.pk})[0] == 403
        status, body = self.call(Role.SUPERVISOR, "PATCH", url, {"manager": self.colleague.pk})
        assert status == 200 and body["manager"]["id"] == self.colleague.pk
        assert self.call(Role.CUSTOMER_MANAGER, "PATCH", url, {"note": "x"})[0] == 404  # no longer theirs
        assert self.call(Role.SUPERVISOR, "PATCH", url, {"name": ""})[0] == 422

    def test_a_contact_owes_the_file_and_the_file_made_meets_it(self) -> None:
        url = f"{API}/{self.own.pk}"
        status, body = self.call(
            Role.CUSTOMER_MANAGER, "POST", f"{url}/contacts", {"reason": "vehicle_dropoff"}
        )
        assert status == 201 and [o["state"] for o in body["obligations"] if o["what"] == "archive"] == [
            "open"
        ]
        status, body = self.call(Role.CUSTOMER_MANAGER, "POST", f"{url}/contacts", {"reason": "complaint"})
        assert status == 422 and body["detail"][0]["loc"] == ["body", "reason"]
        status, body = self.call(
            Role.CUSTOMER_MANAGER,
            "POST",
            f"{url}/contacts",
            {"reason": "consultation", "at": "2099-01-01T09:00:00+08:00"},
        )
        assert status == 422 and body["detail"][0]["loc"] == ["body", "at"]
        status, body = self.call(Role.CUSTOMER_MANAGER, "POST", f"{url}/file", {})
        assert (
            status == 200
            and body["filed_at"]
            and [o["state"] for o in body["obligations"] if o["what"] == "archive"] == ["met"]
        )
        assert self.call(Role.CUSTOMER_MANAGER, "POST", f"{url}/file", {})[0] == 409
        assert self.call(Role.VISITOR_AGENT, "POST", f"{url}/contacts", {"reason": "consultation"})[0] == 403
        assert self.call(Role.CUSTOMER_MANAGER, "POST", f"{API}/{self.colleagues.pk}/file", {})[0] == 404

    def test_a_file_without_a_number_names_what_it_lacks(self) -> None:
        bare = services.create_customer(site=self.site_a, name="无号", by=self.admin)
        status, body = self.call(Role.SUPERVISOR, "POST", f"{API}/{bare.pk}/file", {})
        assert status == 422 and [p["loc"] for p in body["detail"]] == [
            ["customer", "phone"],
            ["customer", "address"],
        ]


class LookupApiTests(ApiTestCase):
    def test_the_lookup_answers_in_scope_with_history(self) -> None:
        files.record_contact(self.own, reason="consultation", at=AN_HOUR_AGO, by=self.admin)
        status, body = self.call(Role.DISPATCHER, "GET", f"{API}/lookup?q=滨江花苑%205栋1单元1201")
        assert status == 200 and body["kind"] == "address" and body["more"] is False
        (found,) = body["results"]
        assert found["name"] == "赵先生" and found["timeline"][0]["reason"] == "consultation"
        assert {o["what"] for o in found["obligations"]} >= {"archive", "call"}
        assert self.call(Role.CUSTOMER_MANAGER, "GET", f"{API}/lookup?q=钱女")[1]["results"] == []
        assert self.call(Role.TECHNICIAN, "GET", f"{API}/lookup?q=赵")[0] == 403
        status, body = self.call(Role.DISPATCHER, "GET", f"{API}/lookup?q=13")
        assert status == 200 and body == {"kind": "short", "results": [], "more": False}
        assert self.call(Role.DISPATCHER, "GET", f"{API}/lookup")[0] == 422


class FilesDueApiTests(ApiTestCase):
    def test_a_manager_gets_their_own_files_due_and_a_supervisor_the_sites(self) -> None:
        files.record_contact(self.own, reason="vehicle_dropoff", at=AN_HOUR_AGO, by=self.admin)
        files.record_contact(self.colleagues, reason="consultation", at=AN_HOUR_AGO, by=self.admin)
        mine = self.call(Role.CUSTOMER_MANAGER, "GET", f"{API}/files-due")[1]["results"]
        assert [r["customer"]["name"] for r in mine] == ["赵先生"] and mine[0]["clause"] == "p16.b2"
        status, body = self.call(Role.SUPERVISOR, "GET", f"{API}/files-due?page_size=1")
        assert status == 200 and len(body["results"]) == 1 and body["next"]
        rest = self.call(Role.SUPERVISOR, "GET", body["next"])[1]["results"]
        assert {body["results"][0]["customer"]["name"], rest[0]["customer"]["name"]} == {"赵先生", "钱女士"}
        assert (
            self.call(Role.SUPERVISOR, "GET", f"{API}/files-due?manager={self.colleague.pk}")[1]["results"][
                0
            ]["customer"]["name"]
            == "钱女士"
        )
        assert self.call(Role.DISPATCHER, "GET", f"{API}/files-due")[1]["results"] != []
        assert self.call(Role.HR_FINANCE, "GET", f"{API}/files-due")[0] == 403
        assert Customer.objects.count() == 3
