"""How far a background import has gone, told to the page while the import's transaction is still open.

The import stores and judges everything in one transaction, so that a file is imported whole or not at
all; on SQLite that transaction holds the database's only write lock until it commits, so no other
connection can write the job's row meanwhile (and on any database the row written inside it is unseen
until the end). The running count therefore goes through the cache — the file cache every process of the
machine shares, or Redis with ``REDIS_URL`` — and ``Job.done``/``Job.of`` are written in their own short
transactions when the job is claimed and when it ends. Reports are throttled: one write every
``INTERVAL`` seconds at most, whatever the number of rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

INTERVAL = 0.5  # seconds between two reports
KEEP = 6 * 3600  # seconds the cache keeps a report (the file cache's default is 5 minutes)

# What the import is doing.
WAITING = "waiting"
READING = "reading"  # reading the file and matching its people: the readers tell no count
STORING = "storing"  # shifts stored, of the file's
JUDGING = "judging"  # employees whose months were evaluated into the ledger, of those touched


@dataclass(frozen=True)
class Progress:
    """One report: the phase, how much of it is done, and when it was made (seconds since the epoch)."""

    phase: str
    done: int
    of: int
    at: float

    @property
    def percent(self) -> int:
        return 100 * self.done // self.of if self.of else 0


def key(job_id: int) -> str:
    return f"staff:job:{job_id}:progress"


def progress_of(job_id: int) -> Progress | None:
    """The last report of a running job, if the cache still holds one."""
    found = cache.get(key(job_id))
    if not isinstance(found, dict):
        return None
    try:
        return Progress(str(found["phase"]), int(found["done"]), int(found["of"]), float(found["at"]))
    except (KeyError, TypeError, ValueError):
        return None


class Reporter:
    """The import's progress callbacks for one job: ``storing`` and ``judging`` take (done, of), as
    ``import_attendance`` calls them; a report is written at most every ``interval`` seconds, and always
    for the last of a phase."""

    def __init__(
        self,
        job_id: int,
        *,
        interval: float | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.job_id = job_id
        self.interval = INTERVAL if interval is None else interval
        self.clock = clock or time.monotonic
        self.last: float | None = None
        self.written = 0  # reports written, for tests and the log

    def phase(self, phase: str, done: int = 0, of: int = 0) -> None:
        """Start a phase (always reported)."""
        self._write(phase, done, of)

    def storing(self, done: int, of: int) -> None:
        self._maybe(STORING, done, of)

    def judging(self, done: int, of: int) -> None:
        self._maybe(JUDGING, done, of)

    def _maybe(self, phase: str, done: int, of: int) -> None:
        now = self.clock()
        if done >= of or self.last is None or now - self.last >= self.interval:
            self._write(phase, done, of)

    def _write(self, phase: str, done: int, of: int) -> None:
        self.last = self.clock()
        self.written += 1
        report = {"phase": phase, "done": done, "of": of, "at": time.time()}
        cache.set(key(self.job_id), report, timeout=KEEP)
