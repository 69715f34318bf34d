"""`conflictwatch watch FEEDS`: poll news feeds on schedule and ingest what is new, unattended.

How it holds up
- **State in the store.** Feeds (validators, schedule, errors) and their items (a durable queue)
  live in the DuckDB store (schema 003_feeds.sql). A poll writes the feed's new and changed entries
  to the queue and its ETag/Last-Modified in one transaction, so a 304 after a restart can never hide
  an entry that was not processed. Each item is then worked on its own: page fetched (time and size
  limits; the entry's own content when the page fails, recorded), deduplicated by URL and by content
  hash, coded by the pipeline under a time limit, stored with `add_result` (one transaction, merge
  into canonical events included), and marked done. The item *claims* its article's content hash
  before `add_result`; after a crash between storing and marking, the restart finds the claimed
  article stored and marks the item without fetching it again. `add_result` is idempotent by content
  hash besides. So a SIGKILL at any point loses no article and stores none twice.
- **Isolation and backoff.** Each feed is polled inside its own error boundary; a failing feed waits
  interval x 2^errors (at most 6 h, or Retry-After) while the others go on. A page that fails with no
  entry content to fall back on is retried twice, then recorded as failed.
- **Time limit.** Each document's pipeline runs in a worker thread joined with a timeout
  (deadline.py); a document past it is stored as skipped with reason "timeout".
- **SIGTERM / SIGINT** set a flag: the current article is finished and stored, then `run` returns
  (exit status 0). Sleeps wait on the same flag, so an idle watcher stops at once.
- **watch and serve on one store.** DuckDB lets one process hold a file for writing, and while it
  does no other process can open it, not even read-only. So the watcher never keeps the store open:
  it opens it for each short visit (read the schedule; record one poll; settle one item before its
  pipeline run; store one article after it) and closes it at once; network waits and the pipeline
  run with the store closed. The API (api/storage.py) likewise opens a short-lived connection per
  request and retries for ~1.5 s. Both sides retry on lock errors with a bounded wait (the watcher
  up to ``WatchOptions.lock_wait``, 30 s, then leaves the work queued for the next cycle). The price
  is ~20-40 ms to open the file per visit, two to three visits per article.
- **Clock.** Scheduling reads a Clock (now(), sleep()); tests and the soak run use FakeClock, which
  jumps instead of waiting. The per-document time limit is real time.

Testing hook: `conflictwatch watch` uses a FakePipeline (fake.py) instead of the real one when the
environment has CONFLICTWATCH_FAKE_PIPELINE=1 *and* PYTEST_CURRENT_TEST (set by pytest, inherited by
the subprocesses of the crash test); CONFLICTWATCH_FAKE_DELAY adds seconds per document. Outside
a test run the variable is ignored.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

from conflictwatch.watch.clock import Clock, FakeClock, SystemClock
from conflictwatch.watch.config import FeedConfig, load_feeds
from conflictwatch.watch.monitor import Monitor, StoreBusy, WatchOptions, backoff_seconds

__all__ = [
    "Clock", "FakeClock", "FeedConfig", "Monitor", "StoreBusy", "SystemClock", "WatchOptions",
    "backoff_seconds", "load_feeds", "run_watch",
]


def _pipeline(settings: Any) -> Any:
    if os.environ.get("CONFLICTWATCH_FAKE_PIPELINE") == "1" and os.environ.get("PYTEST_CURRENT_TEST"):
        from conflictwatch.watch.fake import FakePipeline

        return FakePipeline(delay=float(os.environ.get("CONFLICTWATCH_FAKE_DELAY") or 0))
    from conflictwatch.pipeline import Pipeline

    return Pipeline(settings)


def run_watch(
    feeds_file: Path,
    *,
    settings: Any,
    once: bool = False,
    max_cycles: int | None = None,
    time_limit: float = 60.0,
    verbose: bool = False,
) -> dict[str, int]:
    """What the CLI verb does: load the feeds file, build the pipeline, run the monitor."""
    feeds = load_feeds(feeds_file)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("watch: %(message)s"))
    logger = logging.getLogger("conflictwatch.watch")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    try:
        options = WatchOptions(timeout=settings.fetch.timeout, max_page_bytes=settings.fetch.max_bytes,
                               time_limit=time_limit)
        monitor = Monitor(feeds, db=settings.store.db, pipeline=_pipeline(settings), options=options)
        return monitor.run(once=once, max_cycles=max_cycles)
    finally:
        logger.removeHandler(handler)
