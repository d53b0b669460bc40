"""The caller lookup against the database: every written form finds the customer with their household,
cars and history; each user finds only the customers they may see; the keys follow every change; the
number of queries does not grow with the customers."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuwu.core.roles import Role
from fuwu.customers.models import Customer, LookupKey
from fuwu.customers.selectors.lookup import lookup
from fuwu.customers.services import customers as services
from fuwu.customers.services import files
from fuwu.customers.services.customers import start_substitution
from tests.customers.files_base import AN_HOUR_AGO, CustomersTestCase


class LookupFormsTests(CustomersTestCase):
    def names(self, text: str, role: Role = Role.DISPATCHER) -> list[str]:
        return [customer.name for customer in lookup(self.by_role[role], text).customers]

    def test_each_written_form_of_an_address_finds_the_customer(self) -> None:
        for text in (
            "滨江花苑 5栋1单元1201",
            "滨江花苑小区5栋1单元1201",
            "5栋1单元1201",
            "5-1-1201",
            "5-1201",
            "5幢1201室",
            "５－１－１２０１",
        ):
            with self.subTest(text=text):
                assert self.names(text) == ["赵先生"]

    def test_a_community_flat_is_found_by_the_sites_name_too(self) -> None:
        # 钱女士 lives in the community's own 3栋2单元501; the household names no community.
        for text in ("锦绣花园 3栋2单元501", "锦绣花园小区 3-2-501", "3-2-501", "3-501"):
            with self.subTest(text=text):
                assert self.names(text) == ["钱女士"]

    def test_a_wrong_community_falls_back_to_the_flat(self) -> None:
        assert self.names("银泰城 5-1-1201") == ["赵先生"]

    def test_a_phone_fragment_anywhere_in_any_of_the_numbers(self) -> None:
        for text in ("1380", "0138", "8000", "138-0013-8000", "8888", "88886666", "0571 8888"):
            with self.subTest(text=text):
                assert self.names(text) == ["赵先生"]
        assert self.names("12340000") == ["钱女士"]
        assert sorted(self.names("1234")) == ["赵先生", "钱女士"]  # 钱女士's number, 赵先生's plate
        assert self.names("9999") == []

    def test_a_plate_fragment(self) -> None:
        for text in ("浙A12345", "浙a·12345", "A123", "12345", "浙A1"):
            with self.subTest(text=text):
                assert self.names(text) == ["赵先生"]
        assert self.names("B678") == ["钱女士"]

    def test_a_name(self) -> None:
        assert self.names("赵") == ["赵先生"]
        assert self.names("先生") == ["赵先生"]
        assert self.names("钱女") == ["钱女士"]
        assert self.names("滨江花苑") == ["赵先生"]  # the community's customers

    def test_too_little_finds_nothing_and_says_so(self) -> None:
        found = lookup(self.by_role[Role.DISPATCHER], "13")
        assert found.typed.kind == "short" and found.customers == []

    def test_the_answer_has_the_household_cars_and_history(self) -> None:
        files.record_contact(self.own, reason="vehicle_dropoff", at=AN_HOUR_AGO, by=self.admin)
        (customer,) = lookup(self.by_role[Role.DISPATCHER], "1380").customers
        assert customer.household == self.flat
        assert customer.household is not None
        assert [r.owner.name for r in customer.household.people] == ["赵秀英"]  # type: ignore[attr-defined]
        assert [car.plate for car in customer.vehicles.all()] == ["浙A·12345"]
        assert [event.reason for event in customer.recent_events] == ["vehicle_dropoff"]  # type: ignore[attr-defined]


class LookupScopeTests(CustomersTestCase):
    def names(self, user_role: Role, text: str) -> list[str]:
        return [customer.name for customer in lookup(self.by_role[user_role], text).customers]

    def test_each_sees_only_the_customers_they_may(self) -> None:
        # Both 赵先生 and 钱女士 have a number with 138 or 139 … 0: search what both share.
        assert sorted(self.names(Role.DISPATCHER, "滨江花苑")) == ["赵先生"]
        assert self.names(Role.CUSTOMER_MANAGER, "钱女") == []  # a colleague's customer
        assert self.names(Role.CUSTOMER_MANAGER, "赵") == ["赵先生"]
        assert self.names(Role.DISPATCHER, "孙先生") == []  # the other site's
        assert self.names(Role.GENERAL_MANAGER, "孙先生") == ["孙先生"]
        assert self.names(Role.TECHNICIAN, "赵") == []

    def test_a_substitute_finds_the_absent_colleagues_customers_while_standing_in(self) -> None:
        standing_in = start_substitution(
            site=self.site_a, absent=self.colleague, substitute=self.manager, by=self.admin
        )
        assert self.names(Role.CUSTOMER_MANAGER, "钱女") == ["钱女士"]
        services.end_substitution(standing_in, by=self.admin)
        assert self.names(Role.CUSTOMER_MANAGER, "钱女") == []


class KeysFollowTests(CustomersTestCase):
    def test_a_new_number_plate_name_and_address_are_found_at_once(self) -> None:
        dispatcher = self.by_role[Role.DISPATCHER]
        services.add_phone(self.own, "186 5555 4444", by=self.admin)
        files.add_vehicle(self.own, plate="浙C99887", by=self.admin)
        files.update_customer(self.own, by=self.admin, name="赵大明", address="长河路 66号 3幢402室")
        for text in ("5555", "C998", "赵大", "大明", "3幢402室", "长河路 3-402"):
            with self.subTest(text=text):
                assert [c.name for c in lookup(dispatcher, text).customers] == ["赵大明"]
        assert lookup(dispatcher, "赵先生").customers == []  # the old name is gone

    def test_numbers_replaced_are_not_found_any_more(self) -> None:
        files.set_phones(self.own, ["13600001111"], by=self.admin)
        dispatcher = self.by_role[Role.DISPATCHER]
        assert lookup(dispatcher, "8888").customers == []
        assert [c.name for c in lookup(dispatcher, "0000111").customers] == ["赵先生"]
        self.own.refresh_from_db()
        assert self.own.phone == "13600001111"

    def test_the_keys_are_the_customers_own(self) -> None:
        keys = set(LookupKey.objects.filter(customer=self.own).values_list("key", flat=True))
        assert {"p13800138000", "p8000", "v浙A12345", "a5-1-1201", "a5--1201", "c滨江花苑|5-1-1201"} <= keys
        assert all(
            site == self.site_a.pk
            for site in LookupKey.objects.filter(customer=self.own).values_list("site_id", flat=True)
        )


class LookupQueryCountTests(CustomersTestCase):
    def _add(self, count: int, start: int) -> None:
        for i in range(start, start + count):
            customer = services.create_customer(
                site=self.site_a,
                name=f"王{i:03d}",
                phones=[f"1590000{i:04d}", f"0571{i:08d}"],
                address=f"滨江花苑 {i % 9 + 1}栋1单元{1000 + i}",
                manager=self.manager,
                by=self.admin,
            )
            files.add_vehicle(customer, plate=f"浙D{i:05d}", by=self.admin)
            files.record_contact(customer, reason="consultation", at=AN_HOUR_AGO, by=self.admin)

    def _queries(self, text: str) -> int:
        client = self.client_of(self.by_role[Role.DISPATCHER])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("customers:lookup"), {"q": text})
        assert response.status_code == 200
        return len(queries)

    def test_the_query_count_does_not_grow_with_the_customers_found(self) -> None:
        self._add(2, start=0)
        counts = [self._queries(text) for text in ("15900000", "王0", "浙D000")]
        self._add(18, start=2)
        assert [self._queries(text) for text in ("15900000", "王0", "浙D000")] == counts
        assert len(lookup(self.by_role[Role.DISPATCHER], "15900000").customers) == 20
        assert Customer.objects.filter(name__startswith="王").count() == 20


class LookupPageTests(CustomersTestCase):
    URL = reverse("customers:lookup")

    def test_the_desk_page_answers_as_typed_within_the_users_scope(self) -> None:
        dispatcher = self.client_of(self.by_role[Role.DISPATCHER])
        page = dispatcher.get(self.URL, {"q": "5-1-1201"}).content.decode()
        assert "赵先生" in page and "浙A·12345" in page and "赵秀英" in page and "按地址查找" in page
        partial = dispatcher.get(self.URL, {"q": "1380"}, headers={"HX-Request": "true"}).content.decode()
        assert "赵先生" in partial and "<html" not in partial
        assert "钱女士" not in self.client_of(self.manager).get(self.URL, {"q": "钱女"}).content.decode()
        for role in (Role.TECHNICIAN, Role.HR_FINANCE, Role.GUARD, Role.EMPLOYEE):
            assert self.client_of(self.by_role[role]).get(self.URL).status_code == 403, role
