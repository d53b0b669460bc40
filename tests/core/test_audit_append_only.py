"""Audit entries can be added, never changed or removed."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from fuwu.core.models import AppendOnlyError, AuditEntry
from fuwu.core.services import users
from tests.core.base import RoleUsersTestCase


class AppendOnlyTests(RoleUsersTestCase):
    entry: AuditEntry

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        users.create_user(username="someone", password=None, display_name="某人", by=cls.admin)
        entry = AuditEntry.objects.order_by("-id").first()
        assert entry is not None
        cls.entry = entry

    def test_saving_an_existing_entry_is_refused(self) -> None:
        self.entry.action = "forged"
        with pytest.raises(AppendOnlyError):
            self.entry.save()
        self.entry.refresh_from_db()
        assert self.entry.action == "user.create"

    def test_deleting_an_entry_is_refused(self) -> None:
        with pytest.raises(AppendOnlyError):
            self.entry.delete()
        assert AuditEntry.objects.filter(pk=self.entry.pk).exists()

    def test_bulk_update_and_delete_are_refused(self) -> None:
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(pk=self.entry.pk).update(action="forged")
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        assert AuditEntry.objects.filter(action="forged").count() == 0

    def test_a_person_with_history_cannot_be_deleted(self) -> None:
        from django.db.models import ProtectedError

        with pytest.raises(ProtectedError):
            self.admin.delete()

    def test_the_admin_is_read_only(self) -> None:
        request = RequestFactory().get("/admin/core/auditentry/")
        request.user = self.admin
        model_admin = admin_site._registry[AuditEntry]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, self.entry)
        assert not model_admin.has_delete_permission(request, self.entry)


class DatabaseGuardTests(RoleUsersTestCase):
    """Raw SQL, which bypasses the model, is refused by a database trigger."""

    def test_a_raw_update_is_refused(self) -> None:
        entry = AuditEntry.objects.order_by("-id").first()
        assert entry is not None
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE core_auditentry SET action = %s WHERE id = %s", ["forged", entry.pk])
        entry.refresh_from_db()
        assert entry.action != "forged"

    def test_a_raw_delete_is_refused_on_postgresql(self) -> None:
        if connection.vendor != "postgresql":
            pytest.skip("SQLite keeps DELETE open: Django's test flush empties tables with it")
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry")
        assert AuditEntry.objects.exists()
