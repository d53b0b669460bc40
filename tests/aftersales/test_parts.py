"""The parts store (p12.16a): stock in at cost, issues at the average cost of the stock charged to the
department's account, no more out than is in, corrections as reversing movements, both logs append-only
in Python and in the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction

from fuwu.aftersales.models import AccountEntry, PartMovement
from fuwu.aftersales.services import account, parts
from fuwu.core.errors import Conflict, Invalid
from fuwu.core.models import AppendOnlyError
from fuwu.core.roles import Role
from fuwu.orders.models import Order
from fuwu.orders.services.intake import create_order
from tests.aftersales.base import AftersalesTestCase


class PartsTests(AftersalesTestCase):
    def setUp(self) -> None:
        self.order = self.new_order()

    def new_order(self) -> Order:
        return create_order(
            site=self.site_a,
            location="3栋2单元1201",
            contact_name="王女士",
            contact_phone="13800138000",
            tags=["general"],
            description="空调不制冷",
            channel="phone",
            by=self.desk,
        )

    def test_issues_leave_at_the_average_cost_and_are_charged_to_the_account(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=2, unit_cost=Decimal("1000.00"))
        parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("1300.00"))
        self.assertEqual(parts.stock_of(self.part), (3, Decimal("3300.00")))
        issued = parts.issue(self.part, by=self.desk, quantity=2, order=self.order)
        self.assertEqual(
            (issued.quantity, issued.unit_cost, issued.amount), (-2, Decimal("1100.00"), Decimal("-2200.00"))
        )
        self.assertEqual(parts.stock_of(self.part), (1, Decimal("1100.00")))
        charge = AccountEntry.objects.get(movement=issued)
        self.assertEqual(
            (charge.kind, charge.expense, charge.income), ("parts", Decimal("2200.00"), Decimal("0.00"))
        )
        last = parts.issue(self.part, by=self.desk, quantity=1, order=self.new_order())
        self.assertEqual(last.amount, Decimal("-1100.00"))
        self.assertEqual(parts.stock_of(self.part), (0, Decimal("0.00")))

    def test_no_more_is_issued_than_is_in_stock_and_every_field_is_checked(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("900.00"))
        with self.assertRaises(Invalid) as caught:
            parts.issue(self.part, by=self.desk, quantity=2, order=self.order)
        self.assertEqual([loc for loc, _m in caught.exception.problems], [("body", "quantity")])
        with self.assertRaises(Invalid) as caught:
            parts.stock_in(self.part, by=self.desk, quantity=0, unit_cost=Decimal("1.001"))
        self.assertEqual([loc[-1] for loc, _m in caught.exception.problems], ["quantity", "unit_cost"])
        with self.assertRaises(Invalid) as caught:
            parts.issue(self.part, by=self.desk, quantity=1, order=None)
        self.assertEqual([loc[-1] for loc, _m in caught.exception.problems], ["order"])

    def test_a_reversal_corrects_an_issue_and_its_charge(self) -> None:
        parts.stock_in(self.part, by=self.supervisor, quantity=3, unit_cost=Decimal("1000.00"))
        issued = parts.issue(self.part, by=self.desk, quantity=1, order=self.order)
        reversal = parts.reverse(issued, by=self.supervisor, note="领错了")
        self.assertEqual(
            (reversal.kind, reversal.quantity, reversal.amount), ("reversal", 1, Decimal("1000.00"))
        )
        self.assertEqual(parts.stock_of(self.part), (3, Decimal("3000.00")))
        charges = AccountEntry.objects.filter(site=self.site_a).order_by("pk")
        self.assertEqual([e.expense for e in charges], [Decimal("1000.00"), Decimal("-1000.00")])
        with self.assertRaises(Conflict):
            parts.reverse(issued, by=self.supervisor, note="再冲一次")
        with self.assertRaises(Conflict):
            parts.reverse(reversal, by=self.supervisor, note="冲正冲正")

    def test_a_stock_in_whose_parts_have_left_is_not_reversed(self) -> None:
        stocked = parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("1000.00"))
        parts.issue(self.part, by=self.desk, quantity=1, order=self.order)
        with self.assertRaises(Conflict):
            parts.reverse(stocked, by=self.supervisor, note="入错")

    def test_the_account_takes_money_in_and_out_by_hand_and_corrects_by_reversal(self) -> None:
        fee = account.enter(self.site_a, by=self.supervisor, summary="上门服务费", income=Decimal("80.00"))
        with self.assertRaises(Invalid):
            account.enter(
                self.site_a, by=self.supervisor, summary="两样都填", income=Decimal("1"), expense=Decimal("1")
            )
        account.reverse_entry(fee, by=self.supervisor, note="重复录入")
        self.assertEqual(
            [(e.income, e.kind) for e in AccountEntry.objects.order_by("pk")],
            [(Decimal("80.00"), "entered"), (Decimal("-80.00"), "reversal")],
        )

    def test_movements_and_entries_are_append_only_in_python_and_in_the_database(self) -> None:
        movement = parts.stock_in(self.part, by=self.supervisor, quantity=1, unit_cost=Decimal("10.00"))
        movement.quantity = 5
        with self.assertRaises(AppendOnlyError):
            movement.save()
        with self.assertRaises(AppendOnlyError):
            PartMovement.objects.all().update(quantity=5)
        with self.assertRaises(AppendOnlyError):
            AccountEntry.objects.all().delete()
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE aftersales_partmovement SET quantity = 5")

    def test_only_the_store_keepers_of_the_site_move_parts(self) -> None:
        for user in (self.by_role[Role.TECHNICIAN], self.by_role[Role.CUSTOMER_MANAGER], self.outsider):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                parts.stock_in(
                    self.part, by=user, quantity=1, unit_cost=Decimal("1.00"), at=dt.datetime.now(dt.UTC)
                )
