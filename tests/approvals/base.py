"""Approvals test data: the role users of tests/core, a second supervisor and general manager, and a subject
type whose handler records what it was told."""

from __future__ import annotations

from decimal import Decimal

from fuwu.approvals import services as approvals
from fuwu.approvals.models import ApprovalRequest
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import sites, users
from tests.core.base import PASSWORD, RoleUsersTestCase

SUBJECT = "test_subject"
# What the handler was called with: (request id, state, decider id), in order.
CALLS: list[tuple[int, str, int | None]] = []


def record_outcome(request: ApprovalRequest, by: User | None) -> None:
    CALLS.append((request.pk, request.state, None if by is None else by.pk))


approvals.register_handler(SUBJECT, record_outcome)


class ApprovalsTestCase(RoleUsersTestCase):
    gm: User
    gm2: User
    supervisor: User
    supervisor2: User
    supervisor_b: User
    dispatcher: User
    cm: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.gm = cls.by_role[Role.GENERAL_MANAGER]
        cls.supervisor = cls.by_role[Role.SUPERVISOR]
        cls.dispatcher = cls.by_role[Role.DISPATCHER]
        cls.cm = cls.by_role[Role.CUSTOMER_MANAGER]
        cls.gm2 = users.create_user(
            username="gm2", password=PASSWORD, display_name="副总", roles=[Role.GENERAL_MANAGER], by=cls.admin
        )
        cls.supervisor2 = users.create_user(
            username="supervisor2",
            password=PASSWORD,
            display_name="二号主管",
            roles=[Role.SUPERVISOR],
            by=cls.admin,
        )
        sites.add_member(cls.site_a, cls.supervisor2, by=cls.admin)
        cls.supervisor_b = users.create_user(
            username="supervisor_b",
            password=PASSWORD,
            display_name="门店主管",
            roles=[Role.SUPERVISOR],
            by=cls.admin,
        )
        sites.add_member(cls.site_b, cls.supervisor_b, by=cls.admin)

    def setUp(self) -> None:
        super().setUp()
        CALLS.clear()

    def ask(
        self,
        clauses: str | tuple[str, ...] = "p12.15",
        *,
        amount: Decimal | None = None,
        by: User | None = None,
        subject_id: int = 1,
        site: object = None,
    ) -> ApprovalRequest:
        return approvals.request_approval(
            site=site or self.site_a,  # type: ignore[arg-type]
            subject_type=SUBJECT,
            subject_id=subject_id,
            clauses=clauses,
            by=by or self.cm,
            summary=f"退货 #{subject_id}",
            url="/somewhere/",
            amount=amount,
            reason="空调异响，客户要求退货",
        )
