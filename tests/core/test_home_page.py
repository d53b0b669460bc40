"""The home page: the user's notifications and open work, in a constant number of queries."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fuwu.core.models import Notification, OutboxMessage
from fuwu.core.roles import Role
from fuwu.core.services import outbox
from tests.core.base import RoleUsersTestCase


class HomePageTests(RoleUsersTestCase):
    def _notify(self, count: int, start: int = 0) -> None:
        user = self.by_role[Role.TECHNICIAN]
        with self.captureOnCommitCallbacks(execute=True):
            for i in range(start, start + count):
                outbox.notify(targets=[outbox.in_app(user)], subject=f"通知{i}", body="", key=f"n:{i}")

    def _queries(self) -> int:
        client = Client()
        client.force_login(self.by_role[Role.TECHNICIAN])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        assert response.status_code == 200
        return len(queries)

    def test_it_shows_only_the_users_own_notifications(self) -> None:
        self._notify(2)
        with self.captureOnCommitCallbacks(execute=True):
            outbox.notify(targets=[outbox.in_app(self.outsider)], subject="别人的", body="", key="other")
        client = Client()
        client.force_login(self.by_role[Role.TECHNICIAN])
        page = client.get(reverse("home")).content.decode()
        assert "通知0" in page and "通知1" in page
        assert "别人的" not in page

    def test_it_says_honestly_when_there_is_nothing_to_do(self) -> None:
        client = Client()
        client.force_login(self.by_role[Role.EMPLOYEE])
        page = client.get(reverse("home")).content.decode()
        assert "暂无待办" in page and "暂无通知" in page

    def test_query_count_does_not_grow_with_notifications(self) -> None:
        self._notify(2)
        few = self._queries()
        self._notify(40, start=2)
        assert self._queries() == few

    def test_failed_deliveries_are_open_work_for_administrators(self) -> None:
        with self.captureOnCommitCallbacks(execute=False):
            (message,) = outbox.notify(
                targets=[outbox.wecom("http://127.0.0.1:9/")], subject="s", body="", key="f"
            )
        OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.FAILED)
        client = Client()
        client.force_login(self.admin)
        assert "未能送达的通知" in client.get(reverse("home")).content.decode()


class NotificationReadTests(RoleUsersTestCase):
    def _one(self) -> Notification:
        user = self.by_role[Role.DISPATCHER]
        with self.captureOnCommitCallbacks(execute=True):
            outbox.notify(targets=[outbox.in_app(user)], subject="待派单", body="", key="d:1")
        return Notification.objects.get(recipient=user)

    def test_htmx_marks_read_and_returns_the_fragment(self) -> None:
        notification = self._one()
        client = Client()
        client.force_login(self.by_role[Role.DISPATCHER])
        response = client.post(
            reverse("notification_read", args=[notification.pk]), headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert body.lstrip().startswith("<li") and "待派单" in body and "unread" not in body
        notification.refresh_from_db()
        assert notification.read_at is not None

    def test_another_users_notification_is_not_found(self) -> None:
        notification = self._one()
        client = Client()
        client.force_login(self.by_role[Role.TECHNICIAN])
        assert client.post(reverse("notification_read", args=[notification.pk])).status_code == 404
        notification.refresh_from_db()
        assert notification.read_at is None

    def test_mark_all_read(self) -> None:
        self._one()
        client = Client()
        client.force_login(self.by_role[Role.DISPATCHER])
        assert client.post(reverse("notifications_read_all")).status_code == 302
        assert not Notification.objects.filter(read_at__isnull=True).exists()
