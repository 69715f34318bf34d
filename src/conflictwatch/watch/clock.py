"""The watcher's sense of time: the system clock, or a fake one that jumps (tests, the soak run)."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""

    def sleep(self, seconds: float, *, wake: threading.Event | None = None) -> None:
        """Wait this long, or less when ``wake`` is set (a stop request)."""


class SystemClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float, *, wake: threading.Event | None = None) -> None:
        if seconds <= 0:
            return
        if wake is None:
            time.sleep(seconds)
        else:
            wake.wait(seconds)


class FakeClock:
    """A clock that only moves when told to: sleeping advances it at once."""

    def __init__(self, start: float = 1_709_251_200.0) -> None:  # 2024-03-01T00:00:00Z
        self._now = float(start)
        self._lock = threading.Lock()  # the soak's feed server reads it from its own threads

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += max(0.0, seconds)

    def sleep(self, seconds: float, *, wake: threading.Event | None = None) -> None:
        if wake is not None and wake.is_set():
            return
        self.advance(seconds)
