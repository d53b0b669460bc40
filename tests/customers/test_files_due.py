"""A file owed within two days of a car brought in or a consultation (p16.b2), at its edges; the files-due
worklist of a manager (a substitute's only while standing in), oldest due first, until the file is made;
its cost in queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fuwu.core.errors import Conflict, Invalid
from fuwu.core.roles import Role
from fuwu.customers.models import Customer
from fuwu.customers.selectors.files_due import files_due
from fuwu.customers.services import customers as services
from fuwu.customers.services import files
from fuwu.regulations.models import Obligation
from tests.customers.files_base import AN_HOUR_AGO, CustomersTestCase

URL = reverse("customers:files_due")


def archive_of(customer: Customer) -> Obligation:
    return Obligation.objects.get(subject_type="customer", subject_id=str(customer.pk), what="archive")


class FileDeadlineTests(CustomersTestCase):
    def test_a_drop_off_owes_the_file_two_days_later_to_the_minute(self) -> None:
        files.record_contact(self.own, reason="vehicle_dropoff", at=AN_HOUR_AGO, by=self.admin)
        archive = archive_of(self.own)
        assert (archive.clause, archive.due, archive.state) == (
            "p16.b2",
            AN_HOUR_AGO + dt.timedelta(days=2),
            "open",
        )
        assert archive.assignee == self.manager

    def test_a_consultation_owes_it_too_and_a_collected_car_does_not(self) -> None:
        files.record_contact(self.own, reason="vehicle_pickup", at=AN_HOUR_AGO, by=self.admin)
        assert not Obligation.objects.filter(subject_id=str(self.own.pk), what="archive").exists()
        files.record_contact(self.own, reason="consultation", at=AN_HOUR_AGO, by=self.admin)
        assert archive_of(self.own).due == AN_HOUR_AGO + dt.timedelta(days=2)

    def test_made_a_minute_before_the_two_days_is_met(self) -> None:
        brought = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=3)
        files.record_contact(self.own, reason="vehicle_dropoff", at=brought, by=self.admin)
        files.make_file(self.own, by=self.manager, at=brought + dt.timedelta(days=2, minutes=-1))
        archive = archive_of(self.own)
        assert (archive.state, archive.met_at) == ("met", brought + dt.timedelta(days=2, minutes=-1))

    def test_made_a_minute_after_is_breached_and_done(self) -> None:
        brought = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=3)
        files.record_contact(self.own, reason="vehicle_dropoff", at=brought, by=self.admin)
        assert archive_of(self.own).state == "breached"  # the two days passed with no file
        assert [int(o.subject_id) for o in files_due(self.manager)] == [self.own.pk]
        files.make_file(self.own, by=self.manager, at=brought + dt.timedelta(days=2, minutes=1))
        archive = archive_of(self.own)
        assert archive.state == "breached" and archive.met_at == brought + dt.timedelta(days=2, minutes=1)
        assert list(files_due(self.manager)) == []  # made, if late: no longer due

    def test_the_visit_day_is_the_files_date_brought_in(self) -> None:
        files.record_contact(self.own, reason="vehicle_dropoff", at=AN_HOUR_AGO, by=self.admin)
        self.own.refresh_from_db()
        assert self.own.visited_on == timezone.localdate(AN_HOUR_AGO)

    def test_a_file_is_made_once_and_only_with_a_number_and_an_address(self) -> None:
        bare = services.create_customer(
            site=self.site_a, name="无档客户", manager=self.manager, by=self.admin
        )
        with pytest.raises(Invalid) as refused:
            files.make_file(bare, by=self.manager)
        assert [loc for loc, _msg in refused.value.problems] == [
            ("customer", "phone"),
            ("customer", "address"),
        ]
        files.make_file(self.own, by=self.manager)
        with pytest.raises(Conflict):
            files.make_file(self.own, by=self.manager)


class FilesDueWorklistTests(CustomersTestCase):
    def setUp(self) -> None:
        now = timezone.now().replace(second=0, microsecond=0)
        files.record_contact(
            self.own, reason="vehicle_dropoff", at=now - dt.timedelta(hours=2), by=self.admin
        )
        files.record_contact(
            self.colleagues, reason="consultation", at=now - dt.timedelta(days=3), by=self.admin
        )

    def page(self, role_or_user: Role | object, **params: str) -> str:
        user = self.by_role[role_or_user] if isinstance(role_or_user, Role) else role_or_user
        response = self.client_of(user).get(URL, params)  # type: ignore[arg-type]
        assert response.status_code == 200
        return response.content.decode()

    def test_a_manager_sees_their_own_files_due_and_a_supervisor_the_sites_oldest_first(self) -> None:
        mine = self.page(Role.CUSTOMER_MANAGER)
        assert "赵先生" in mine and "钱女士" not in mine
        site = self.page(Role.SUPERVISOR)
        assert site.index("钱女士") < site.index("赵先生")  # overdue first
        assert "超时" in site and "p16.b2" in site
        assert "钱女士" not in self.page(Role.SUPERVISOR, manager=str(self.manager.pk))

    def test_a_substitute_sees_the_absent_managers_files_only_while_standing_in(self) -> None:
        standing_in = services.start_substitution(
            site=self.site_a, absent=self.colleague, substitute=self.manager, by=self.admin
        )
        assert "钱女士" in self.page(Role.CUSTOMER_MANAGER)
        assert "钱女士" not in self.page(self.colleague)
        services.end_substitution(standing_in, by=self.admin)
        assert "钱女士" not in self.page(Role.CUSTOMER_MANAGER)
        assert "钱女士" in self.page(self.colleague)

    def test_a_file_made_leaves_the_list(self) -> None:
        files.make_file(self.own, by=self.manager)
        assert "赵先生" not in self.page(Role.SUPERVISOR)

    def test_roles_that_do_not_serve_customers_are_refused(self) -> None:
        for role in (Role.TECHNICIAN, Role.HR_FINANCE, Role.GUARD, Role.EMPLOYEE):
            assert self.client_of(self.by_role[role]).get(URL).status_code == 403, role

    def test_the_home_page_counts_a_managers_files_due(self) -> None:
        home = self.client_of(self.manager).get(reverse("home")).content.decode()
        assert "待建的客户档案" in home and URL in home

    def test_the_query_count_does_not_grow_with_the_files(self) -> None:
        def queries() -> int:
            client = self.client_of(self.by_role[Role.SUPERVISOR])
            with CaptureQueriesContext(connection) as captured:
                assert client.get(URL).status_code == 200
            return len(captured)

        before = queries()
        for i in range(12):
            customer = services.create_customer(
                site=self.site_a,
                name=f"客户{i}",
                phones=[f"1370000{i:04d}"],
                manager=self.colleague,
                by=self.admin,
            )
            files.record_contact(customer, reason="vehicle_dropoff", at=AN_HOUR_AGO, by=self.admin)
        assert queries() == before
