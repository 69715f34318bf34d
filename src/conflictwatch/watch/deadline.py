"""Run one document's pipeline with a time limit, so a pathological page cannot hang the watcher.

The work runs in a daemon thread and the watcher waits for it at most ``seconds``. Python cannot
kill a thread: a document past its limit is abandoned (skipped with reason "timeout") and its
thread runs on until it ends by itself. ``Deadline`` counts such threads; when too many are
still alive the watcher stops with an error (a supervisor restarts it; the documents that hung
are recorded as skipped, so they are not tried again). signal.alarm was the alternative: it
interrupts only Python code, and only in the main thread, and would fight the SIGTERM handling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from conflictwatch.errors import ConflictwatchError

T = TypeVar("T")

# Abandoned documents still computing at once before the watcher gives up: each holds a CPU,
# and on a 2-core machine a few are already more than the machine can spare.
MAX_STUCK_WORKERS = 3


class TooManyStuck(ConflictwatchError):
    """Several documents are still being processed past their time limit."""


@dataclass
class Outcome(Generic[T]):
    value: T | None = None
    error: BaseException | None = None
    timed_out: bool = False


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._stuck: list[threading.Thread] = []

    def stuck(self) -> int:
        self._stuck = [t for t in self._stuck if t.is_alive()]
        return len(self._stuck)

    def run(self, fn: Callable[[], T]) -> Outcome[T]:
        """fn() in a worker thread; its value, its exception, or timed_out after ``seconds``."""
        if self.stuck() >= MAX_STUCK_WORKERS:
            raise TooManyStuck(
                f"{len(self._stuck)} documents are still being processed past their {self.seconds:g} s "
                "limit; restart the watcher (they are recorded as skipped and will not be retried)"
            )
        out: Outcome[T] = Outcome()

        def work() -> None:
            try:
                out.value = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller, who decides
                out.error = exc

        worker = threading.Thread(target=work, name="conflictwatch-doc", daemon=True)
        worker.start()
        worker.join(self.seconds)
        if worker.is_alive():
            self._stuck.append(worker)
            return Outcome(timed_out=True)
        return out
