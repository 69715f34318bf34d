"""How the API reaches the DuckDB store: a short-lived connection per request, one at a time.

DuckDB allows one process to hold a file for writing; while it does, no other process can open
the file at all, not even read-only. A long-lived connection held by the server would lock
`conflictwatch ingest` (or `watch`) out for as long as the server runs, and a long-lived
read-write connection would do the same to every other reader. So the API:

- keeps one read-only connection open while requests keep coming, and closes it after
  READER_IDLE_SECONDS without a request: opening a DuckDB file and warming its cache costs tens to
  hundreds of milliseconds, far more than a filtered query, while an idle server must not keep a
  writer out. A dashboard's burst of requests shares one connection; `ingest` or `watch` get the
  file in the pauses between bursts (their writes retry while the server holds it);
- opens it read-only for reads, and only when the file exists; a missing file means "nothing
  ingested yet" and reads answer with empty results, never a 500;
- holds a process-wide lock while a connection is open, because one process may not hold the same
  file twice with different settings (read-only and read-write), and the server answers requests
  on several threads;
- when another process holds the file (an ingest is writing), retries for about a second and a
  half, then answers 503 with the reason, so a client can simply try again.

Results are read completely while the connection is open (an export is serialised afterwards,
as it streams out) so the lock is never held while a slow client reads.
"""

from __future__ import annotations

import atexit
import re
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conflictwatch.errors import StoreError
from conflictwatch.store import open_store, store_target
from conflictwatch.store.coordination import wait_for_writer, writer_is_waiting
from conflictwatch.store.duckdb import DuckDBStore

# One lock for the whole process: every app built by create_app in this process shares the file
# rules above, whichever store file it points at.
STORE_LOCK = threading.RLock()
# Waits between attempts when another process holds the file: ~1.5 s in all, long enough for an
# ingest to commit one article (one transaction each), short enough for an HTTP client to wait.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.75)


class StoreUnavailable(StoreError):
    """The store file exists but cannot be opened now (API answers 503)."""


class StoreBusy(StoreUnavailable):
    """Another process holds the store file; try again shortly."""


def _is_lock_error(exc: StoreError) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


# A reader unused for this long is closed, so other processes can write. Chosen so a dashboard's
# page load (a handful of requests within a second) reuses one connection.
READER_IDLE_SECONDS = 2.0
# How long a read waits for a waiting writer to take and release the file (one article's write
# takes well under a second) before reading anyway.
WRITER_WAIT_SECONDS = 3.0
_OPEN: "weakref.WeakSet[StoreAccess]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    # A DuckDB connection still open when the interpreter tears down aborts the process.
    for access in list(_OPEN):
        access.close()


class StoreAccess:
    """Opens the store at `path` for one request at a time, reusing a warm reader while busy."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._reader: DuckDBStore | None = None
        self._last_used = 0.0
        self._closer: threading.Thread | None = None
        _OPEN.add(self)

    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def _close_when_idle(self) -> None:
        while True:
            time.sleep(READER_IDLE_SECONDS / 4)
            with STORE_LOCK:
                if self._reader is None:
                    self._closer = None
                    return
                if time.monotonic() - self._last_used >= READER_IDLE_SECONDS:
                    self._close_reader()
                    self._closer = None
                    return

    def close(self) -> None:
        with STORE_LOCK:
            self._close_reader()

    def exists(self) -> bool:
        target = store_target(self.path)
        if re.match(r"^postgres(?:ql)?://", target, flags=re.IGNORECASE):
            return True  # a server database: "no store yet" shows up as an empty schema, not a 500
        return Path(target).is_file()

    def _open(self, *, read_only: bool) -> DuckDBStore:
        last: StoreError | None = None
        for delay in (0.0, *RETRY_DELAYS):
            if delay:
                time.sleep(delay)
            try:
                return open_store(self.path, read_only=read_only)
            except StoreError as exc:
                if not _is_lock_error(exc):
                    raise StoreUnavailable(str(exc)) from exc
                last = exc
        raise StoreBusy(
            "the store is in use by another process (an ingest?); try again in a moment"
        ) from last

    @contextmanager
    def read(self) -> Iterator[DuckDBStore | None]:
        """A read-only store, or None when no store file exists yet."""
        with STORE_LOCK:
            if not self.exists():
                self._close_reader()
                yield None
                return
            if writer_is_waiting(self.path):
                # A writer (watch) is waiting for the file: let go, and give it a moment.
                self._close_reader()
                wait_for_writer(self.path, timeout=WRITER_WAIT_SECONDS)
            if self._reader is None:
                self._reader = self._open(read_only=True)
            self._last_used = time.monotonic()
            if self._closer is None:
                self._closer = threading.Thread(target=self._close_when_idle, daemon=True)
                self._closer.start()
            yield self._reader
            self._last_used = time.monotonic()

    @contextmanager
    def write(self) -> Iterator[DuckDBStore]:
        """A read-write store, created (with its schema) when missing."""
        with STORE_LOCK:
            self._close_reader()  # one process may not hold the file read-only and read-write at once
            store = self._open(read_only=False)
            try:
                yield store
            finally:
                store.close()
