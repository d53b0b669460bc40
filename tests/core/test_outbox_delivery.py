"""Outbox delivery against a real local HTTP server: retried after a failure, delivered once."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone

from fuwu.core.models import AuditEntry, Notification, OutboxMessage
from fuwu.core.roles import Role
from fuwu.core.services import delivery, outbox
from tests.core.base import RoleUsersTestCase


class RobotServer:
    """A group-robot webhook on 127.0.0.1 that answers with a scripted list of (status, body)."""

    def __init__(self, script: list[tuple[int, dict[str, Any]]]) -> None:
        self.script = list(script)
        self.received: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                server.received.append(json.loads(self.rfile.read(length)))
                status, body = server.script.pop(0) if server.script else (200, {"errcode": 0})
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # tests stay quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/cgi-bin/webhook/send?key=test"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RobotServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class WebhookDeliveryTests(RoleUsersTestCase):
    def _queue(self, target: outbox.Target, key: str = "fact:1") -> OutboxMessage:
        # on_commit callbacks run here: the task runs inline (Huey immediate mode in tests).
        with self.captureOnCommitCallbacks(execute=True):
            (message,) = outbox.notify(targets=[target], subject="工单超时", body="请尽快处理", key=key)
        message.refresh_from_db()
        return message

    def test_wecom_is_retried_after_a_500_and_sent_exactly_once(self) -> None:
        with RobotServer([(500, {"error": "busy"}), (200, {"errcode": 0, "errmsg": "ok"})]) as server:
            message = self._queue(outbox.wecom(server.url))
            # The first attempt ran on commit and failed; it waits for its backoff.
            assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 1)
            assert "HTTP 500" in message.last_error
            assert message.next_attempt_at > timezone.now()
            assert delivery.deliver_due() == 0  # not due yet: nothing sent early

            later = timezone.now() + timedelta(hours=1)
            assert delivery.deliver_due(now=later) == 1
            message.refresh_from_db()
            assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 2)

            # A second delivery of the same row, or a later sweep, sends nothing.
            assert delivery.deliver(message.pk, now=later) is False
            assert delivery.deliver_due(now=later + timedelta(hours=1)) == 0
            assert len(server.received) == 2
            assert server.received[1] == {"msgtype": "text", "text": {"content": "工单超时\n请尽快处理"}}

    def test_dingtalk_errcode_counts_as_a_failure(self) -> None:
        with RobotServer([(200, {"errcode": 310000, "errmsg": "keywords not in content"})]) as server:
            message = self._queue(outbox.dingtalk(server.url))
            assert message.status == OutboxMessage.Status.PENDING
            assert "errcode 310000" in message.last_error
            assert delivery.deliver_due(now=timezone.now() + timedelta(hours=1)) == 1
            assert len(server.received) == 2

    def test_it_gives_up_after_max_attempts(self) -> None:
        with RobotServer([(502, {})] * 10) as server:
            message = self._queue(outbox.wecom(server.url))
            now = timezone.now()
            for _ in range(message.max_attempts):
                now += timedelta(days=1)
                delivery.deliver_due(now=now)
            message.refresh_from_db()
            assert message.status == OutboxMessage.Status.FAILED
            assert message.attempts == message.max_attempts
            assert len(server.received) == message.max_attempts
            delivery.deliver_due(now=now + timedelta(days=1))
            assert len(server.received) == message.max_attempts

    def test_the_same_fact_is_queued_once(self) -> None:
        user = self.by_role[Role.DISPATCHER]
        first = self._queue(outbox.in_app(user), key="order:7:late")
        second = self._queue(outbox.in_app(user), key="order:7:late")
        assert first.pk == second.pk
        assert Notification.objects.filter(recipient=user).count() == 1


class OtherChannelTests(RoleUsersTestCase):
    def test_in_app_creates_one_notification(self) -> None:
        user = self.by_role[Role.TECHNICIAN]
        with self.captureOnCommitCallbacks(execute=True):
            (message,) = outbox.notify(
                targets=[outbox.in_app(user)], subject="新工单", body="3号楼", key="o:1"
            )
        notification = Notification.objects.get(recipient=user)
        assert (notification.subject, notification.body, notification.read_at) == ("新工单", "3号楼", None)
        assert delivery.deliver(message.pk) is False
        assert Notification.objects.filter(recipient=user).count() == 1

    def test_email_goes_through_django_mail(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            outbox.notify(
                targets=[outbox.email("boss@example.com")], subject="月报", body="见附件", key="r:1"
            )
        assert len(mail.outbox) == 1
        assert (mail.outbox[0].subject, mail.outbox[0].to) == ("月报", ["boss@example.com"])

    def test_delivery_waits_for_the_commit(self) -> None:
        user = self.by_role[Role.TECHNICIAN]
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            outbox.notify(targets=[outbox.in_app(user)], subject="x", body="", key="o:2")
        assert len(callbacks) == 1  # the task is only enqueued by a commit
        assert not Notification.objects.filter(recipient=user).exists()


class AdminRetryTests(RoleUsersTestCase):
    def test_an_administrator_retries_a_failed_message(self) -> None:
        with RobotServer([(200, {"errcode": 0})]) as server:
            with self.captureOnCommitCallbacks(execute=False):
                (message,) = outbox.notify(
                    targets=[outbox.wecom(server.url)], subject="s", body="", key="gave-up"
                )
            OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxMessage.Status.FAILED, attempts=8)
            client = Client()
            client.force_login(self.admin)
            with self.captureOnCommitCallbacks(execute=True):
                response = client.post(
                    "/admin/core/outboxmessage/", {"action": "retry", "_selected_action": [str(message.pk)]}
                )
            assert response.status_code == 302
            message.refresh_from_db()
            assert (message.status, message.attempts) == (OutboxMessage.Status.SENT, 1)
            assert len(server.received) == 1
            assert AuditEntry.objects.filter(action="outbox.retry", actor=self.admin).count() == 1
