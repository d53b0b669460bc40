"""Schemathesis over the follow-up operations only (tests/api/test_fuzz_schema.py walks them all, with the
machinery reused here): whatever a supervisor or a technician sends, no 5xx and only documented answers.
Path ids are drawn half the time from a request, a campaign and a stand-in that exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.result import Ok

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.followup.models import Call, CallRequest, Campaign
from fuwu.followup.services import campaigns, standins
from fuwu.followup.services.calls import record_call
from tests.api.base import ApiTestCase
from tests.api.test_fuzz_schema import SCHEMA_URL, in_test_transaction, run_examples
from tests.followup.base import FollowupTestCase, days_ago, days_on, local

PREFIX = "/followup/"
EXAMPLES = (8, 5)


class FollowupFuzzTests(FollowupTestCase, ApiTestCase):
    ids: dict[str, list[int | str]]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        record_call(
            cls.customer, by=cls.manager, at=local(days_ago(3), 10), direction=Call.Direction.OUT,
            purpose=Call.Purpose.PLANNED, requests="希望优惠",
        )  # fmt: skip
        campaign = campaigns.create_campaign(
            cls.site_a, by=cls.supervisor, title="联谊会", kind=Campaign.Kind.SOCIAL, date=days_on(20),
            owner=cls.agent, customers=[cls.customer],
        )  # fmt: skip
        standing_in = standins.start_stand_in(
            cls.site_a, by=cls.supervisor, absent=cls.colleague, substitute=cls.manager,
            ends_at=timezone.now() + dt.timedelta(days=3),
        )  # fmt: skip
        cls.ids = {
            "request_id": [CallRequest.objects.get().pk],
            "campaign_id": [campaign.pk],
            "substitution_id": [standing_in.pk],
        }

    def strategy(self, operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode, user: User) -> Any:
        auth = {"Authorization": f"Bearer {self.token_for(user)}"}
        cases: st.SearchStrategy[Case[Any]] = operation.as_strategy(generation_mode=mode, headers=auth)
        names = [parameter.name for parameter in operation.path_parameters]
        if names:
            existing = st.fixed_dictionaries({name: st.sampled_from(self.ids[name]) for name in names})

            def for_path(path: dict[str, int | str]) -> st.SearchStrategy[Case[Any]]:
                return operation.as_strategy(generation_mode=mode, headers=auth, path_parameters=path)

            cases = st.one_of(cases, existing.flatmap(for_path))
        return cases

    def fuzz(self, user: User) -> None:
        app = in_test_transaction(WSGIHandler())
        schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app)
        operations = [
            result.ok()
            for result in schema.get_all_operations()
            if isinstance(result, Ok) and PREFIX in result.ok().path
        ]
        self.assertEqual(len(operations), 20)
        valid, broken = EXAMPLES
        for operation in operations:
            for mode, count in ((GenerationMode.POSITIVE, valid), (GenerationMode.NEGATIVE, broken)):
                with self.subTest(operation=operation.label, mode=mode.value, user=user.username):
                    run_examples(self.strategy(operation, mode, user), app, count)

    def test_a_supervisor_never_meets_a_server_error_or_an_undocumented_answer(self) -> None:
        self.fuzz(self.supervisor)

    def test_a_technician_never_meets_a_server_error_or_an_undocumented_answer(self) -> None:
        self.fuzz(self.by_role[Role.TECHNICIAN])
