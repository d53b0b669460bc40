"""What the application asks the packs about customers: call hours, weighted scores, core customers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from fuwu.policy.customers import call_allowed, core_customers, next_call_time, weighted_score
from tests.policy.conftest import demo_policy, make_policy

ZONE = ZoneInfo("Asia/Shanghai")
DEMO = demo_policy()


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZONE)


def test_calls_keep_out_of_the_lunch_break_the_early_morning_and_the_late_evening() -> None:
    allowed = {text: call_allowed(DEMO, moment(text), ZONE) for text in (
        "2026-03-02 07:59", "2026-03-02 08:00", "2026-03-02 11:59", "2026-03-02 12:00",
        "2026-03-02 13:59", "2026-03-02 14:00", "2026-03-02 21:00", "2026-03-02 21:01",
    )}  # fmt: skip
    assert [text for text, ok in allowed.items() if ok] == [
        "2026-03-02 08:00", "2026-03-02 11:59", "2026-03-02 14:00", "2026-03-02 21:00",
    ]  # fmt: skip
    assert call_allowed(DEMO, moment("2026-03-02 12:30"), ZONE, emergency=True)


def test_the_next_allowed_minute_after_a_quiet_time() -> None:
    assert next_call_time(DEMO, moment("2026-03-02 12:05"), ZONE) == moment("2026-03-02 14:00")
    assert next_call_time(DEMO, moment("2026-03-02 21:30"), ZONE) == moment("2026-03-03 08:00")
    assert next_call_time(DEMO, moment("2026-03-02 09:15"), ZONE) == moment("2026-03-02 09:15")
    # Without p08 composed no clause limits calls.
    assert next_call_time(make_policy("p16"), moment("2026-03-02 23:00"), ZONE) == moment("2026-03-02 23:00")


def test_a_weighted_score_uses_the_weights_of_the_clause_in_force() -> None:
    marks = {"绩效": Decimal(90), "行为": Decimal(80), "能力": Decimal(70), "外貌": Decimal(100)}
    score = weighted_score(DEMO, "appraisal_score", dt.date(2026, 3, 1), marks)
    assert score is not None
    assert (score.value, score.cited.clause) == (Decimal("82.50"), "p05.appraise")
    missing = weighted_score(DEMO, "selection_score", dt.date(2026, 3, 1), {"学历": Decimal(100)})
    assert missing is not None and missing.value == Decimal("15.00")  # the others count 0
    assert weighted_score(make_policy("p16"), "appraisal_score", dt.date(2026, 3, 1), marks) is None


def test_core_customers_are_the_fewest_that_bring_eighty_percent_of_revenue() -> None:
    revenue = {"a": Decimal(500), "b": Decimal(300), "c": Decimal(100), "d": Decimal(100), "e": Decimal(0)}
    found = core_customers(DEMO, dt.date(2026, 3, 1), revenue)
    assert found is not None
    assert (found.chosen, found.revenue, found.total, found.cited.clause) == (
        ["a", "b"], Decimal(800), Decimal(1000), "p05.core"
    )  # fmt: skip
    empty = core_customers(DEMO, dt.date(2026, 3, 1), {})
    assert empty is not None and empty.chosen == []
