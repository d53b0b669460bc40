"""Prepared reads answer exactly what the ORM answers; a shape they cannot prepare runs through the ORM."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.test.utils import CaptureQueriesContext

from fuwu.core.models import AuditEntry, Site, User
from fuwu.core.prepared import Values, forget, is_prepared, prepared
from fuwu.core.services import audit
from tests.core.base import RoleUsersTestCase


class PreparedReadTests(RoleUsersTestCase):
    def setUp(self) -> None:
        forget()

    def test_the_rows_equal_the_orms_with_times_aware_and_json_decoded(self) -> None:
        with transaction.atomic():
            audit.record(
                actor=self.admin, action="test.x", obj=self.site_a, before={"a": [1, "二"]}, after=None
            )

        def build(v: Values) -> QuerySet[AuditEntry, tuple[object, ...]]:
            rows = AuditEntry.objects.filter(action=v["action"])
            return rows.values_list("id", "at", "before", "after", "actor_id")

        expected = list(build({"action": "test.x"}))
        prepared("test_audit", build, {"action": "test.x"})  # learns the shape
        self.assertTrue(is_prepared("test_audit"))
        with self.assertNumQueries(1):
            got = prepared("test_audit", build, {"action": "test.x"})
        self.assertEqual(got, expected)
        self.assertIsNotNone(got[0][1].tzinfo)
        self.assertEqual(got[0][2], {"a": [1, "二"]})

    def test_values_go_where_the_orm_puts_them_whatever_their_order_or_repetition(self) -> None:
        def build(v: Values) -> QuerySet[User, Any]:
            # The same id twice, the list in the middle: the places are learnt, not assumed.
            rows = User.objects.filter(membership__site_id__in=v["sites"], username__in=v["names"])
            return (
                rows.exclude(pk=v["not"])
                .filter(membership__site_id=v["sites"][0])
                .order_by("pk")
                .values("pk")
            )

        names = [user.username for user in self.by_role.values()]
        for sites, excluded in (
            ([self.site_a.pk, self.site_b.pk], self.admin.pk),
            ([self.site_b.pk, self.site_a.pk], self.outsider.pk),
        ):
            values = {"sites": sites, "names": names, "not": excluded}
            self.assertEqual(prepared("test_places", build, values), list(build(values)))
        self.assertTrue(is_prepared("test_places"))

    def test_each_number_of_values_in_a_list_is_its_own_shape(self) -> None:
        def build(v: Values) -> QuerySet[Site, tuple[object, ...]]:
            return Site.objects.filter(code__in=v["codes"]).order_by("code").values_list("code", "created_at")

        for codes in (["a"], ["a", "b"], ["b"], ["a", "b"]):
            self.assertEqual(prepared("test_sites", build, {"codes": codes}), list(build({"codes": codes})))

    def test_a_value_the_orm_transforms_or_a_variable_it_closed_over_is_left_to_the_orm(self) -> None:
        site = self.site_b

        def pattern(v: Values) -> QuerySet[Site, tuple[object, ...]]:
            return Site.objects.filter(name__contains=v["text"]).values_list("code")  # bound as %text%

        def closure(v: Values) -> QuerySet[Site, tuple[object, ...]]:
            return Site.objects.filter(code=v["code"], pk=site.pk).values_list("code")  # site.pk is no value

        self.assertEqual(prepared("test_pattern", pattern, {"text": "锦绣"}), [("a",)])
        self.assertEqual(prepared("test_closure", closure, {"code": "b"}), [("b",)])
        site = self.site_a
        self.assertEqual(prepared("test_closure", closure, {"code": "b"}), [])  # not frozen at site b
        self.assertFalse(is_prepared("test_pattern"))
        self.assertFalse(is_prepared("test_closure"))

    def test_an_aware_time_goes_as_the_database_takes_it_and_a_time_compared_with_a_date_is_left(
        self,
    ) -> None:
        import datetime as dt
        from zoneinfo import ZoneInfo

        created = Site.objects.get(pk=self.site_a.pk).created_at

        def since(v: Values) -> QuerySet[Site, tuple[object, ...]]:
            # The same time in three places, as a keyset cursor puts it.
            after = Q(created_at__lte=v["at"]) & (Q(created_at__lt=v["at"]) | Q(created_at=v["at"]))
            return Site.objects.filter(after, pk=v["pk"]).values_list("code")

        for at in (created, created.astimezone(ZoneInfo("Asia/Shanghai")), created - dt.timedelta(seconds=1)):
            values = {"at": at, "pk": self.site_a.pk}
            self.assertEqual(prepared("test_times", since, values), list(since(values)))
        self.assertTrue(is_prepared("test_times"))

        def on_day(v: Values) -> QuerySet[Site, tuple[object, ...]]:
            return Site.objects.filter(created_at__date=v["at"]).values_list("code")

        values = {"at": created}
        self.assertEqual(prepared("test_day", on_day, values), list(on_day(values)))
        self.assertFalse(is_prepared("test_day"))  # the ORM makes the time a date: not a plain value

    def test_a_none_runs_through_the_orm_for_that_call(self) -> None:
        def build(v: Values) -> QuerySet[User, tuple[object, ...]]:
            return User.objects.filter(username=v["name"]).values_list("username")

        self.assertEqual(prepared("test_none", build, {"name": "outsider"}), [("outsider",)])
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(prepared("test_none", build, {"name": None}), [])
        self.assertIn("IS NULL", queries.captured_queries[-1]["sql"])

    def test_money_reads_with_its_places_and_an_unhandled_kind_of_field_is_left_to_the_orm(self) -> None:
        from decimal import Decimal

        from fuwu.core.models import OutboxMessage

        def wages(v: Values) -> QuerySet[Site, tuple[object, ...]]:
            return Site.objects.filter(code=v["code"]).values_list("minimum_monthly_wage")

        self.assertEqual(prepared("test_money", wages, {"code": "a"}), [(Decimal("2690.00"),)])
        self.assertTrue(is_prepared("test_money"))

        def kinds(v: Values) -> QuerySet[OutboxMessage, tuple[object, ...]]:
            return OutboxMessage.objects.filter(channel=v["channel"]).values_list("id", "channel")

        prepared("test_kinds", kinds, {"channel": "email"})
        self.assertTrue(is_prepared("test_kinds"))
