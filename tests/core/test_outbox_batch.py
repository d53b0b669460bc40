"""`outbox.notify_many`: the guarantees of `notify`, for many notices in a few statements and one task."""

from __future__ import annotations

from unittest import mock

from fuwu.core.models import AuditEntry, Notification, OutboxMessage
from fuwu.core.roles import Role
from fuwu.core.services import outbox, silence
from tests.core.base import RoleUsersTestCase


class NotifyManyTests(RoleUsersTestCase):
    def notices(self, keys: list[str]) -> list[outbox.Notice]:
        people = [outbox.in_app(self.by_role[Role.DISPATCHER]), outbox.in_app(self.by_role[Role.SUPERVISOR])]
        return [
            outbox.Notice(targets=people, subject=f"s {key}", body="b", key=key, site=self.site_a)
            for key in keys
        ]

    def test_one_message_per_key_and_target_each_audited_once(self) -> None:
        created = outbox.notify_many(self.notices(["a", "b"]))
        self.assertEqual(len(created), 4)
        again = outbox.notify_many(self.notices(["b", "c"]))  # "b" was announced already
        self.assertEqual({m.payload["subject"] for m in again}, {"s c"})
        self.assertEqual(OutboxMessage.objects.count(), 6)
        entries = AuditEntry.objects.filter(action="outbox.queue")
        self.assertEqual(
            sorted(entries.values_list("object_pk", flat=True)),
            sorted(str(pk) for pk in OutboxMessage.objects.values_list("id", flat=True)),
        )
        self.assertEqual(set(entries.values_list("site_id", flat=True)), {self.site_a.pk})

    def test_a_key_queued_by_notify_is_not_queued_again(self) -> None:
        (first,) = self.notices(["same"])
        outbox.notify(targets=list(first.targets), subject="s", body="b", key="same", site=self.site_a)
        self.assertEqual(outbox.notify_many([first]), [])
        self.assertEqual(OutboxMessage.objects.count(), 2)

    def test_the_commit_hands_all_messages_to_one_delivery_task(self) -> None:
        batches: list[list[int]] = []
        with (
            mock.patch.object(outbox, "_batch_delivery_queue", batches.append),
            self.captureOnCommitCallbacks(execute=True),
        ):
            created = outbox.notify_many(self.notices(["x", "y", "z"]))
        self.assertEqual(batches, [[message.pk for message in created]])

    def test_the_batch_task_delivers_each_message_once(self) -> None:
        from fuwu.core.tasks import _deliver_outbox_batch

        created = outbox.notify_many(self.notices(["d"]))
        ids = [message.pk for message in created]
        self.assertEqual(_deliver_outbox_batch(ids), 2)
        self.assertEqual(_deliver_outbox_batch(ids), 0)
        self.assertEqual(Notification.objects.filter(outbox_message_id__in=ids).count(), 2)

    def test_silenced_queues_nothing(self) -> None:
        with silence.silenced():
            self.assertEqual(outbox.notify_many(self.notices(["quiet"])), [])
        self.assertFalse(OutboxMessage.objects.exists())
