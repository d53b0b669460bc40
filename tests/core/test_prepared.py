"""Prepared reads answer exactly what the ORM answers, and refuse values given in another order."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from fuwu.core.models import AuditEntry, Site, User
from fuwu.core.prepared import prepared
from fuwu.core.services import audit
from tests.core.base import RoleUsersTestCase


class PreparedReadTests(RoleUsersTestCase):
    def test_the_rows_equal_the_orms_with_times_aware_and_json_decoded(self) -> None:
        with transaction.atomic():
            audit.record(
                actor=self.admin, action="test.x", obj=self.site_a, before={"a": [1, "二"]}, after=None
            )

        def build() -> QuerySet[AuditEntry, tuple[object, ...]]:
            return AuditEntry.objects.filter(action="test.x").values_list(
                "id", "at", "before", "after", "actor_id"
            )

        expected = list(build())
        with self.assertNumQueries(1):
            got = prepared("test_audit", build, ["test.x"])
        self.assertEqual(got, expected)
        at = got[0][1]
        self.assertIsNotNone(at.tzinfo)
        self.assertEqual(got[0][2], {"a": [1, "二"]})
        self.assertIsNone(got[0][3])

    def test_each_shape_is_compiled_for_its_own_number_of_values(self) -> None:
        def build(codes: list[str]) -> QuerySet[Site, tuple[object, ...]]:
            return Site.objects.filter(code__in=codes).order_by("code").values_list("code", "created_at")

        for codes in (["a"], ["a", "b"], ["b"]):
            rows = prepared("test_sites", lambda c=codes: build(c), codes, shape=(len(codes),))  # type: ignore[misc]
            self.assertEqual(rows, list(build(codes)))

    def test_values_in_another_order_than_the_orms_are_refused_at_the_first_compile(self) -> None:
        def build() -> QuerySet[User, tuple[object, ...]]:
            return User.objects.filter(username="outsider", display_name="外人").values_list("id")

        with self.assertRaisesRegex(ValueError, "the ORM binds"):
            prepared("test_order", build, ["outsider", "外人"])  # the ORM binds display_name first
        self.assertEqual(prepared("test_order_ok", build, ["外人", "outsider"]), [(self.outsider.pk,)])
