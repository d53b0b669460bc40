"""Measurement 2: the monthly KPI figures of one site, ``fuwu.reports.kpis.kpis(site, month)``, against
hand-written SQL computing the same four counts over the same tables (three statements).

The month is the last whole local month. Both sides run 2 times to warm up and 20 times timed; the SQL's
counts must equal the function's numerators and denominators, or the run fails.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from orders_bench.load import Loaded
from orders_bench.report import Row, ms, percentile

P95_GOAL = 0.300
RATIO_GOAL = 2.0
RUNS = 20
BUDGET = 10.0  # seconds: a call slower than this is not repeated 22 times

ON_TIME_SQL = """
SELECT COUNT(*), COALESCE(SUM(CASE WHEN missed = 0 THEN 1 ELSE 0 END), 0) FROM (
  SELECT ob.subject_id, SUM(CASE WHEN ob.state <> 'met' THEN 1 ELSE 0 END) AS missed
  FROM regulations_obligation ob
  WHERE ob.site_id = %s AND ob.subject_type = 'order' AND ob.kind = 'deadline' AND ob.state <> 'void'
    AND ob.what <> 'return_visit' AND ob.due >= %s AND ob.due < %s
  GROUP BY ob.subject_id
) deadlines
"""

# {until} is the end of the rework window after the first completion in the month (engine-specific).
COMPLETED_SQL = """
WITH candidates AS (
  SELECT o.id AS id, o.completed_at AS at FROM orders_order o
  WHERE o.site_id = %s AND o.completed_at >= %s AND o.completed_at < %s
  UNION ALL
  SELECT r.order_id, r.completed_at FROM orders_rectification r JOIN orders_order o ON o.id = r.order_id
  WHERE o.site_id = %s AND r.completed_at >= %s AND r.completed_at < %s
), done AS (SELECT id, MIN(at) AS done FROM candidates GROUP BY id)
SELECT COUNT(*),
  COALESCE(SUM(CASE WHEN
    EXISTS (SELECT 1 FROM orders_rectification r
            WHERE r.order_id = d.id AND r.completed_at > d.done AND r.completed_at <= {until})
    OR EXISTS (SELECT 1 FROM orders_order w
               WHERE w.rework_of_id = d.id AND w.received_at > d.done
                 AND w.received_at <= {until})
  THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN
    EXISTS (SELECT 1 FROM orders_returnvisit v WHERE v.order_id = d.id AND v.visited_at >= d.done)
  THEN 1 ELSE 0 END), 0)
FROM done d
"""

VISITS_SQL = """
SELECT COUNT(*), COALESCE(SUM(CASE WHEN v.score >= %s THEN 1 ELSE 0 END), 0)
FROM orders_returnvisit v JOIN orders_order o ON o.id = v.order_id
WHERE o.site_id = %s AND v.visited_at >= %s AND v.visited_at < %s AND v.score IS NOT NULL
"""


def raw_counts(
    site_id: int, start: dt.datetime, end: dt.datetime, within: dt.timedelta, satisfied: int
) -> dict[str, tuple[int, int]]:
    """The four metrics' (numerator, denominator) by hand-written SQL."""
    from django.db import connection

    s, e = connection.ops.adapt_datetimefield_value(start), connection.ops.adapt_datetimefield_value(end)
    if connection.vendor == "sqlite":
        until, until_param = "datetime(d.done, %s)", f"+{within.total_seconds()} seconds"
    else:
        until, until_param = "d.done + %s", within  # type: ignore[assignment]
    completed = COMPLETED_SQL.replace("{until}", until)
    with connection.cursor() as cursor:
        cursor.execute(ON_TIME_SQL, [site_id, s, e])
        deadlines, on_time = cursor.fetchone()
        cursor.execute(completed, [site_id, s, e, site_id, s, e, until_param, until_param])
        finished, reworked, visited = cursor.fetchone()
        cursor.execute(VISITS_SQL, [satisfied, site_id, s, e])
        scored, pleased = cursor.fetchone()
    return {
        "on_time_rate": (on_time, deadlines),
        "rework_rate": (reworked, finished),
        "return_visit_rate": (visited, finished),
        "satisfaction_rate": (pleased, scored),
    }


def measure(loaded: Loaded, db: str) -> list[Row]:
    try:
        from fuwu.reports.kpis import kpis, scope_of
        from fuwu.reports.months import Month
    except ImportError as error:
        print(f"[{db}] KPI dashboard skipped: not built ({error})")
        return [Row(db, "KPI month, one site", "skipped: not built", "", "", "", None)]
    from django.utils import timezone

    site = loaded.people.sites[0]
    scope = scope_of(site, Month.containing(timezone.now(), timezone.get_current_timezone()).previous())
    month, rules = scope.month, scope.rules
    figures: list[Any] = []
    sql: dict[str, tuple[int, int]] = {}

    def orm() -> None:
        figures[:] = kpis(site, month)

    def raw() -> None:
        sql.update(
            raw_counts(site.pk, scope.start, scope.end, rules.rework_within, rules.satisfied_min_score)
        )

    timed: dict[str, list[float]] = {"orm": [], "raw": []}
    for index in range(RUNS + 2):
        for name, call in (("orm", orm), ("raw", raw)):
            began = time.perf_counter()
            call()
            if index >= 2 or time.perf_counter() - began > BUDGET:
                timed[name].append(time.perf_counter() - began)
        if timed["orm"] and max(timed["orm"]) > BUDGET:
            print(f"[{db}] KPI: one call took {max(timed['orm']):.0f} s; not repeated")
            break
    for figure in figures:
        if sql.get(figure.metric, (figure.numerator, figure.denominator)) != (
            figure.numerator,
            figure.denominator,
        ):
            raise AssertionError(
                f"{figure.metric}: kpis() {figure.numerator}/{figure.denominator} ≠ SQL {sql[figure.metric]}"
            )
    shown = ", ".join(f"{f.metric} {f.numerator}/{f.denominator}" for f in figures)
    print(f"[{db}] KPI {month} {site.code}: {shown} (SQL agrees)")
    p95, raw_p95 = percentile(timed["orm"], 0.95), percentile(timed["raw"], 0.95)
    ratio = p95 / raw_p95
    return [
        Row(
            db,
            f"KPI month p95 ({len(figures)} figures)",
            ms(p95),
            f"{ms(raw_p95)} raw SQL",
            f"{ratio:.2f} ×",
            "≤ 300 ms",
            p95 <= P95_GOAL,
        ),
        Row(db, "KPI month p95 ÷ raw SQL p95", f"{ratio:.2f} ×", "", "", "≤ 2 ×", ratio <= RATIO_GOAL),
    ]
