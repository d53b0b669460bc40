"""Benchmark: one manager's follow-up worklist among 100,000 open follow-up tasks in the company (issue 8).

For each database (``--db sqlite|postgres|both``, default both) a scratch database is made and migrated,
loaded in bulk (``followup_bench.load``: 10 sites, 200 customer managers, 200,000 customers, the open
work — stored obligations of the regulations door, planned contacts, open requests, property services'
tasks, customers without a next contact — among the history kept beside it), and the worklist of a
manager and of a colleague standing in for an absent one is timed through the page and the API against a
bare view of the same rows in the same run (``followup_bench.measure``): p50 and p99, goal p99 ≤ 50 ms.

``--open N`` tries it small first. Each database runs in its own process (Django is configured once per
process). Prints the machine and its load, and one table; exits 1 when a goal is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import conditions, cpu_model
from orders_bench.report import Row, print_table


def run_one(db: str, open_work: int, requests: int) -> list[Row]:
    from orders_bench.scratch import scratch

    with scratch(db) as where:
        from followup_bench import load, measure

        print(f"[{db}] loading {open_work:,} open follow-up tasks …", flush=True)
        loaded = load.load(where, open_work)
        counts = ", ".join(f"{table.split('_', 1)[1]} {n:,}" for table, n in loaded.counts.items())
        print(f"[{db}] loaded in {loaded.seconds:.0f} s: {counts}", flush=True)
        rows = [Row(db, "bulk load", f"{loaded.seconds:.0f} s", counts, "", "", None)]
        began = time.perf_counter()
        rows.extend(measure.measure(loaded, db, requests))
        print(f"[{db}] measured in {time.perf_counter() - began:.0f} s", flush=True)
        return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--open", type=int, default=100_000, help="open follow-up tasks in the company")
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind")
    parser.add_argument("--result", help="write the rows as JSON here (used by --db both)")
    args = parser.parse_args()
    if not args.result:
        print(f"{cpu_model()}; at start: {conditions()}")
    rows: list[Row] = []
    if args.db == "both":
        for db in ("sqlite", "postgres"):
            with tempfile.NamedTemporaryFile(suffix=".json") as result:
                command = [
                    sys.executable,
                    __file__,
                    "--db",
                    db,
                    "--open",
                    str(args.open),
                    "--requests",
                    str(args.requests),
                    "--result",
                    result.name,
                ]
                finished = subprocess.run(command, check=False)
                if finished.returncode != 0:
                    print(f"[{db}] the run crashed (exit {finished.returncode})")
                    return 2
                rows.extend(Row(**row) for row in json.loads(Path(result.name).read_text()))
    else:
        rows = run_one(args.db, args.open, args.requests)
        if args.result:
            Path(args.result).write_text(json.dumps([row.as_dict() for row in rows], ensure_ascii=False))
            return 0
    print()
    print_table(rows)
    print(f"at end: {conditions()}")
    missed = [row for row in rows if row.ok is False]
    for row in missed:
        print(f"GOAL MISSED: [{row.db}] {row.what}: {row.measured} (goal {row.goal})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
