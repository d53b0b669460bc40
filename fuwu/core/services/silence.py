"""Quiet for loading history: inside `silenced()` the outbox queues nothing, in this thread only."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_silence = threading.local()


@contextmanager
def silenced() -> Iterator[None]:
    """Queue no message inside the block, in this thread: for loading history (the demo's months of past
    orders), whose events nobody needs to hear about today."""
    previous = getattr(_silence, "on", False)
    _silence.on = True
    try:
        yield
    finally:
        _silence.on = previous


def is_silenced() -> bool:
    """True inside `silenced()` in this thread."""
    return bool(getattr(_silence, "on", False))
