"""audit.batched: a write's entries in one insert, the same trail, nothing left by a rolled-back part."""

from __future__ import annotations

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fuwu.core.models import AuditEntry, Site
from fuwu.core.services import audit
from tests.core.base import RoleUsersTestCase


class Boom(Exception):
    pass


class AuditBatchedTests(RoleUsersTestCase):
    def _entry(self, action: str, site: Site) -> None:
        audit.record(actor=self.admin, action=action, obj=site, before=None, after={"n": action}, site=site)

    def test_entries_of_the_block_are_written_together_as_it_ends(self) -> None:
        start = AuditEntry.objects.count()
        with CaptureQueriesContext(connection) as queries, audit.batched():
            self._entry("test.one", self.site_a)
            audit.record_created(self.site_b, actor=None, action="test.two")
            audit.record_many([audit.Entry(action="test.three", obj=self.site_a, before=None, after=None)])
            self.assertEqual(AuditEntry.objects.count(), start)  # nothing written yet
        inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
        self.assertEqual(len(inserts), 1)
        written = list(AuditEntry.objects.order_by("-id")[:3])[::-1]
        self.assertEqual([e.action for e in written], ["test.one", "test.two", "test.three"])
        self.assertEqual(written[0].actor, self.admin)
        self.assertEqual(written[0].after, {"n": "test.one"})
        self.assertEqual(written[1].object_pk, str(self.site_b.pk))

    def test_an_exception_discards_the_entries_with_the_transaction(self) -> None:
        start = AuditEntry.objects.count()
        with self.assertRaises(Boom), audit.batched():
            self._entry("test.lost", self.site_a)
            raise Boom
        self.assertEqual(AuditEntry.objects.count(), start)

    def test_a_savepoint_rolled_back_inside_takes_its_entries_along(self) -> None:
        with audit.batched():
            self._entry("test.kept", self.site_a)
            try:
                with transaction.atomic():
                    self._entry("test.rolled_back", self.site_a)
                    raise Boom
            except Boom:
                pass
            with audit.batched():
                self._entry("test.nested", self.site_b)
        actions = set(AuditEntry.objects.filter(action__startswith="test.").values_list("action", flat=True))
        self.assertEqual(actions, {"test.kept", "test.nested"})

    def test_outside_a_block_each_entry_is_written_at_once(self) -> None:
        with transaction.atomic():
            self._entry("test.now", self.site_a)
            self.assertTrue(AuditEntry.objects.filter(action="test.now").exists())
