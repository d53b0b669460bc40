"""Two deliveries of the same row send it once: the conditional UPDATE lets only one claim it."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from fuwu.core.models import OutboxMessage
from fuwu.core.services import delivery, outbox
from tests.core.base import RoleUsersTestCase
from tests.core.test_outbox_delivery import RobotServer


class ClaimTests(RoleUsersTestCase):
    def _pending(self, url: str) -> OutboxMessage:
        # Queued without running the on-commit task, as if the worker had not picked it up yet.
        with self.captureOnCommitCallbacks(execute=False):
            (message,) = outbox.notify(targets=[outbox.wecom(url)], subject="s", body="b", key="claim")
        return message

    def test_only_the_first_claim_wins(self) -> None:
        message = self._pending("http://127.0.0.1:9/unused")
        now = timezone.now()
        assert delivery.claim(message.pk, now=now) is True
        assert delivery.claim(message.pk, now=now) is False
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxMessage.Status.SENDING, 1)

    def test_a_second_worker_delivering_mid_send_sends_nothing(self) -> None:
        with RobotServer([]) as server:
            message = self._pending(server.url)
            second_results: list[bool] = []
            real_post = delivery._post_robot

            def post_while_another_worker_tries(url: str, content: str) -> None:
                # While worker 1 is mid-send, worker 2 picks up the same id (task + sweep race).
                second_results.append(delivery.deliver(message.pk))
                second_results.append(delivery.deliver_due() > 0)
                real_post(url, content)

            with mock.patch.object(delivery, "_post_robot", post_while_another_worker_tries):
                assert delivery.deliver(message.pk) is True
            assert second_results == [False, False]
            assert len(server.received) == 1
            message.refresh_from_db()
            assert message.status == OutboxMessage.Status.SENT

    def test_a_row_abandoned_by_a_dead_worker_is_retried_after_its_lease(self) -> None:
        with RobotServer([]) as server:
            message = self._pending(server.url)
            start = timezone.now()
            assert delivery.claim(message.pk, now=start)  # the worker claims, then dies
            assert delivery.deliver_due(now=start + delivery.SENDING_LEASE / 2) == 0
            assert delivery.deliver_due(now=start + delivery.SENDING_LEASE * 2) == 1
            assert len(server.received) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_on_postgresql_send_once() -> None:
    # Real threads with their own connections. SQLite's in-memory test database uses shared-cache
    # locking, which fails instead of waiting, so the race is run where production scales out.
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locking across connections (CI runs it on PostgreSQL)")
    with RobotServer([]) as server:
        # Queue it without the on-commit task, which would deliver it inline before the race.
        with mock.patch.object(outbox, "enqueue_on_commit"):
            (message,) = outbox.notify(targets=[outbox.wecom(server.url)], subject="s", body="b", key="race")
        start = threading.Barrier(4)
        results: list[bool] = []

        def worker() -> None:
            try:
                start.wait()
                results.append(delivery.deliver(message.pk))
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False, False, False, True]
        assert len(server.received) == 1
