"""Readers and writers of one DuckDB file in different processes, taking turns.

DuckDB lets one process write a file, and no other process may open it meanwhile, not even to
read. The API keeps a warm read-only connection while requests keep coming; a writer (`watch`)
that finds the file busy leaves a marker beside it, the API sees the marker at its next request,
closes its reader and holds new reads until the marker is gone (or a few seconds pass), and the
writer removes the marker as soon as it has the file. A marker older than STALE_SECONDS is
ignored, so a writer killed while waiting blocks nobody.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STALE_SECONDS = 60.0


def marker(db: Path | str) -> Path:
    return Path(str(db) + ".writer-waiting")


@contextmanager
def writer_waiting(db: Path | str) -> Iterator[None]:
    """Announce a writer waiting for the file for the duration of the block."""
    m = marker(db)
    try:
        m.write_text(str(os.getpid()), encoding="utf-8")
    except OSError:
        pass  # a read-only folder: nobody can be told, the writer just retries
    try:
        yield
    finally:
        m.unlink(missing_ok=True)


def writer_is_waiting(db: Path | str) -> bool:
    try:
        age = time.time() - marker(db).stat().st_mtime
    except OSError:
        return False
    return age < STALE_SECONDS


def wait_for_writer(db: Path | str, *, timeout: float) -> None:
    """Hold a reader back while a writer is waiting, at most `timeout` seconds."""
    give_up = time.monotonic() + timeout
    while writer_is_waiting(db) and time.monotonic() < give_up:
        time.sleep(0.05)
