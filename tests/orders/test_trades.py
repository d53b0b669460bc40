"""A technician's trades: set exactly, audited, unknown ones refused; which faults they suit."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from fuwu.core.errors import Invalid
from fuwu.core.models import AuditEntry
from fuwu.orders.models import TechnicianSkill
from fuwu.orders.models.skills import suits
from fuwu.orders.services.trades import set_trades
from tests.orders.base import OrdersTestCase


class TradesTests(OrdersTestCase):
    def test_the_trades_become_exactly_those_given_and_each_change_is_audited(self) -> None:
        self.assertEqual(
            set_trades(self.tech, ["plumbing", "tiling"], by=self.supervisor), ["plumbing", "tiling"]
        )
        set_trades(self.tech, ["tiling", "painting"], by=self.supervisor)
        held = set(TechnicianSkill.objects.filter(technician=self.tech).values_list("trade", flat=True))
        self.assertEqual(held, {"tiling", "painting"})
        actions = list(
            AuditEntry.objects.filter(model_label="orders.TechnicianSkill").values_list("action", flat=True)
        )
        self.assertEqual(sorted(actions), ["trade.add", "trade.add", "trade.add", "trade.remove"])

    def test_setting_the_same_trades_again_writes_nothing(self) -> None:
        set_trades(self.tech, ["plumbing"], by=None)
        before = AuditEntry.objects.count()
        with CaptureQueriesContext(connection) as queries:
            set_trades(self.tech, ["plumbing"], by=None)
        writes = [
            q["sql"] for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        self.assertEqual(writes, [])
        self.assertEqual(AuditEntry.objects.count(), before)

    def test_an_unknown_trade_changes_nothing(self) -> None:
        set_trades(self.tech, ["plumbing"], by=None)
        with self.assertRaises(Invalid) as caught:
            set_trades(self.tech, ["plumbing", "juggling"], by=None)
        self.assertIn("juggling", caught.exception.problems[0][1])
        self.assertEqual(list(TechnicianSkill.objects.values_list("trade", flat=True)), ["plumbing"])

    def test_a_technician_suits_a_fault_when_every_trade_it_needs_is_theirs(self) -> None:
        self.assertTrue(suits({"plumbing"}, ["leak"]))
        self.assertTrue(suits({"electrical"}, ["power_outage", "general"]))
        self.assertFalse(suits({"plumbing"}, ["leak", "power_outage"]))
        self.assertFalse(suits({"plumbing"}, ["general"]))  # nothing trade-specific: no one is marked
