"""What a benchmark prints about the machine it ran on: the CPU, the load, and a fixed loop's time.

The machines are shared (2 cores; other engineers' test runs come and go), so absolute figures move
from one run to the next; a goal set as a ratio to a baseline measured in the same run does not. These
lines say how loaded the machine was, so two runs' figures can be compared.
"""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass


def cpu_model() -> str:
    """The CPU's model name as ``lscpu`` gives it (from /proc/cpuinfo), and the number of cores."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def cpu_reference() -> float:
    """Seconds for a fixed pure-Python loop: the machine's speed at this moment (0.12–0.14 s on the
    project's kind of machine in December 2026 at a load below 1; more when it is busy)."""
    began = time.perf_counter()
    total = 0
    for number in range(3_000_000):
        total += number * number
    return time.perf_counter() - began


def conditions() -> str:
    """One line: the load average over the last minute and the reference loop's time, now."""
    return f"load average {os.getloadavg()[0]:.2f}, CPU reference loop {cpu_reference():.3f} s"


@dataclass(frozen=True)
class Timed:
    """A measurement's wall-clock and CPU seconds (CPU: this process only; on a loaded machine wall
    time grows, CPU time much less)."""

    wall: float
    cpu: float


class Stopwatch:
    """``with Stopwatch() as watch: …`` then ``watch.timed``."""

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timed = Timed(time.perf_counter() - self._wall, time.process_time() - self._cpu)
