"""The customer's timeline and what the regulations owe for it: the file within 2 days (p16.b2), the
first call in its window (p16.b4), a reply to a complaint (p14.4.1), assigned to whoever looks after the
customer — the manager, or the colleague standing in for them (p16.4)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fuwu.core.roles import Role
from fuwu.core.services import users
from fuwu.customers.models import CustomerEvent, ManagerAssignment
from fuwu.customers.services import timeline
from fuwu.customers.services.customers import (
    assign_manager,
    create_customer,
    end_substitution,
    file_made,
    start_substitution,
)
from fuwu.regulations.models import Obligation
from tests.core.base import PASSWORD, RoleUsersTestCase

# An hour ago, so that every deadline and window of the tests is still ahead.
DROPPED = (timezone.now() - dt.timedelta(hours=1)).replace(second=0, microsecond=0)


class TimelineTests(RoleUsersTestCase):
    def setUp(self) -> None:
        self.manager = self.by_role[Role.CUSTOMER_MANAGER]
        self.customer = create_customer(
            site=self.site_a, name="赵先生", phones=["138-0013-8000"], manager=self.manager, by=self.admin
        )

    def stored(self, what: str) -> Obligation:
        return Obligation.objects.get(subject_type="customer", subject_id=str(self.customer.pk), what=what)

    def test_a_car_brought_in_owes_a_file_within_two_days_and_making_it_meets_it(self) -> None:
        timeline.record_event(
            self.customer, CustomerEvent.Type.CONTACT, at=DROPPED, by=self.admin, reason="vehicle_dropoff"
        )
        archive = self.stored("archive")
        self.assertEqual(
            (archive.clause, archive.assignee, archive.due),
            ("p16.b2", self.manager, DROPPED + dt.timedelta(days=2)),
        )
        file_made(self.customer, by=self.manager, at=DROPPED + dt.timedelta(days=1))
        archive.refresh_from_db()
        self.assertEqual(archive.state, Obligation.State.MET)

    def test_collecting_the_car_opens_the_first_calls_window_and_a_complaint_owes_a_reply(self) -> None:
        timeline.record_event(
            self.customer, CustomerEvent.Type.CONTACT, at=DROPPED, by=self.admin, reason="vehicle_pickup"
        )
        call = self.stored("call")
        self.assertEqual(
            (call.clause, call.earliest, call.due),
            ("p16.b4", DROPPED + dt.timedelta(days=3), DROPPED + dt.timedelta(days=7)),
        )
        timeline.record_event(
            self.customer, CustomerEvent.Type.CONTACT, at=DROPPED, by=self.admin, reason="complaint"
        )
        self.assertEqual(self.stored("reply").clause, "p14.4.1")
        timeline.record_event(
            self.customer, CustomerEvent.Type.REPLIED, at=DROPPED + dt.timedelta(hours=3), by=self.admin
        )
        self.assertEqual(self.stored("reply").state, Obligation.State.MET)
        self.assertEqual(
            self.stored("call").state, Obligation.State.OPEN
        )  # still owed: the timeline is sent whole

    def test_a_substitute_takes_the_open_tasks_and_they_move_back(self) -> None:
        timeline.record_event(
            self.customer, CustomerEvent.Type.CONTACT, at=DROPPED, by=self.admin, reason="consultation"
        )
        colleague = users.create_user(
            username="cm2",
            password=PASSWORD,
            display_name="代理人",
            roles=[Role.CUSTOMER_MANAGER],
            by=self.admin,
        )
        standing_in = start_substitution(
            site=self.site_a, absent=self.manager, substitute=colleague, by=self.admin
        )
        self.assertEqual(self.stored("archive").assignee, colleague)
        end_substitution(standing_in, by=self.admin)
        self.assertEqual(self.stored("archive").assignee, self.manager)

    def test_a_new_manager_keeps_the_history(self) -> None:
        other = self.by_role[Role.SUPERVISOR]
        assign_manager(self.customer, other, by=self.admin, reason="客户要求")
        history = list(ManagerAssignment.objects.filter(customer=self.customer).order_by("starts_at", "pk"))
        self.assertEqual(
            [(row.manager, row.ends_at is None) for row in history], [(self.manager, False), (other, True)]
        )
