"""The watch loop: poll due feeds, queue their entries in the store, work the queue one article at a time."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from conflictwatch.errors import StoreError
from conflictwatch.extract import looks_like_html
from conflictwatch.ingest.inputs import text_article
from conflictwatch.ingest.web import Fetcher, is_url, page_article
from conflictwatch.records import Article, Result, Skipped
from conflictwatch.store.duckdb import DuckDBStore
from conflictwatch.watch.clock import Clock, SystemClock
from conflictwatch.watch.config import FeedConfig
from conflictwatch.watch.deadline import Deadline
from conflictwatch.watch.entries import BadFeed, parse_feed
from conflictwatch.watch.fetch import FeedFetcher, FetchFault

log = logging.getLogger("conflictwatch.watch")

# A failing feed waits interval x 2^errors, never longer than this (or its own interval).
MAX_BACKOFF_SECONDS = 6 * 3600.0
# An article page that fails with no entry content to fall back on is tried this many times
# (waiting item_retry x 2^attempts between tries), then recorded as failed.
MAX_ITEM_ATTEMPTS = 3
# The longest nap between checks while idle, so a changed clock or a stop is noticed.
MAX_IDLE_SLEEP = 60.0


class StoreBusy(StoreError):
    """Another process held the store for longer than the watcher waits."""


class PipelineLike(Protocol):
    def process(self, article: Article) -> Result: ...


@dataclass(frozen=True)
class WatchOptions:
    timeout: float = 20.0  # seconds per network wait (feeds and pages); 3x it per download
    max_page_bytes: int = 20_000_000
    max_feed_bytes: int = 10_000_000
    time_limit: float = 60.0  # seconds of pipeline per document before it is skipped as "timeout"
    lock_wait: float = 30.0  # seconds to wait for the store while another process holds it
    item_retry: float = 300.0  # base wait before a failed page is fetched again
    batch: int = 50  # queued items read per store visit


def backoff_seconds(interval: float, errors: int) -> float:
    """How long a feed rests after ``errors`` failed polls in a row."""
    return min(interval * 2.0 ** min(errors, 20), max(MAX_BACKOFF_SECONDS, interval))


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


@contextmanager
def open_store_waiting(db: Path, *, wait: float, read_only: bool = False) -> Iterator[DuckDBStore]:
    """The store, opened for one short visit; while another process holds the file, retry up to ``wait`` s."""
    from conflictwatch.store import open_store
    from conflictwatch.store.coordination import writer_waiting

    give_up = time.monotonic() + wait
    delay = 0.02
    store = None
    try:
        store = open_store(db, read_only=read_only)
    except StoreError as exc:
        if not _is_lock_error(exc):
            raise
    if store is None:
        # Busy: tell a serving API to let go of the file (see store/coordination.py), then retry.
        with writer_waiting(db):
            while True:
                time.sleep(delay)
                delay = min(1.0, delay * 2)
                try:
                    store = open_store(db, read_only=read_only)
                    break
                except StoreError as exc:
                    if not _is_lock_error(exc):
                        raise
                    if time.monotonic() >= give_up:
                        raise StoreBusy(f"the store {db} stayed in use by another process for {wait:g} s; "
                                        "is an ingest running? try again when it ends") from exc
    try:
        yield store
    finally:
        store.close()


class Monitor:
    """Polls feeds and stores what is new; all its state lives in the store, so a restart resumes."""

    def __init__(
        self,
        feeds: list[FeedConfig],
        *,
        db: Path | str,
        pipeline: PipelineLike,
        clock: Clock | None = None,
        options: WatchOptions | None = None,
    ) -> None:
        self.feeds = feeds
        self.by_name = {f.name: f for f in feeds}
        self.db = Path(db)
        self.pipeline = pipeline
        self.clock = clock or SystemClock()
        self.options = options or WatchOptions()
        self.feed_fetcher = FeedFetcher(timeout=self.options.timeout, max_bytes=self.options.max_feed_bytes)
        self.page_fetcher = Fetcher(timeout=self.options.timeout, max_bytes=self.options.max_page_bytes)
        self.deadline = Deadline(self.options.time_limit)
        self.stats: Counter[str] = Counter()
        self._stop = threading.Event()
        self._synced = False
        self._warm = False
        self._next_poll: dict[str, float] = {}
        self._next_retry: float | None = None
        self._titles: dict[str, str | None] = {}  # each feed's own title: the outlet of its entries

    # -- running ------------------------------------------------------------------------------
    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self, *_: Any) -> None:
        """Finish the current article, then return from run() (SIGTERM and SIGINT call this)."""
        if not self._stop.is_set():
            log.info("stop requested: finishing the current article")
        self._stop.set()

    def run(self, *, once: bool = False, max_cycles: int | None = None) -> dict[str, int]:
        """Cycles until stopped; ``once``: poll every feed now, work the queue, return."""
        with self._signals():
            cycles = 0
            while not self.stopping:
                self.cycle(force=once)
                cycles += 1
                if once or (max_cycles is not None and cycles >= max_cycles):
                    break
                self.sleep_until_due()
        self.close()
        return dict(self.stats)

    def close(self) -> None:
        self.feed_fetcher.close()
        self.page_fetcher.close()

    @contextmanager
    def _signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        old = {s: signal.signal(s, self.stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for s, handler in old.items():
                signal.signal(s, handler)

    def next_due(self) -> float:
        times = [t for name, t in self._next_poll.items() if name in self.by_name]
        if self._next_retry is not None:
            times.append(self._next_retry)
        return min(times) if times else self.clock.now() + MAX_IDLE_SLEEP

    def sleep_until_due(self) -> None:
        """Wait (in naps of at most MAX_IDLE_SLEEP) until a feed or a queued retry is due, or a stop."""
        due = self.next_due()
        while not self.stopping and (wait := due - self.clock.now()) > 0:
            self.clock.sleep(min(wait, MAX_IDLE_SLEEP), wake=self._stop)

    def _store(self) -> Any:
        return open_store_waiting(self.db, wait=self.options.lock_wait)

    # -- one cycle ----------------------------------------------------------------------------
    def cycle(self, *, force: bool = False) -> None:
        """Poll the feeds that are due (all of them when ``force``), then work the queue."""
        self.stats["cycles"] += 1
        try:
            with self._store() as store:
                if not self._synced:
                    store.sync_feeds([f.as_dict() for f in self.feeds])
                    self._synced = True
                states = store.feed_states()
        except StoreBusy as exc:
            log.warning("%s", exc)
            return
        self._titles = {name: st["title"] for name, st in states.items()}
        now = self.clock.now()
        for feed in self.feeds:
            if self.stopping:
                return
            state = states[feed.name]
            due = state["next_poll"]
            self._next_poll[feed.name] = due if due is not None else now
            if force or due is None or due <= now:
                self._poll_isolated(feed, state)
        self.drain()

    def _poll_isolated(self, feed: FeedConfig, state: dict[str, Any]) -> None:
        # One feed's failure, whatever it is, must not stop the others.
        self._next_poll[feed.name] = self.clock.now() + feed.interval
        try:
            self._poll(feed, state)
        except StoreBusy as exc:
            log.warning("poll %s: %s", feed.name, exc)
        except Exception as exc:
            log.exception("poll %s failed unexpectedly", feed.name)
            self._feed_failed(feed, state, f"error: {type(exc).__name__}: {exc}"[:300], None)

    def _poll(self, feed: FeedConfig, state: dict[str, Any]) -> None:
        got = self.feed_fetcher.get(feed.url, etag=state["etag"], last_modified=state["last_modified"])
        if isinstance(got, FetchFault):
            self._feed_failed(feed, state, str(got), got.retry_after)
            return
        now = self.clock.now()
        next_poll = now + feed.interval
        if got.status == 304:
            with self._store() as store:
                store.record_feed_poll(feed.name, at=now, next_poll=next_poll, etag=got.etag or state["etag"],
                                       last_modified=got.last_modified or state["last_modified"],
                                       title=None, entries=None)
            self.stats["not_modified"] += 1
            log.debug("poll %s: not modified", feed.name)
        else:
            parsed = parse_feed(got.data)
            if isinstance(parsed, BadFeed):
                self._feed_failed(feed, state, str(parsed), None)
                return
            with self._store() as store:
                counts = store.record_feed_poll(feed.name, at=now, next_poll=next_poll, etag=got.etag,
                                                last_modified=got.last_modified, title=parsed.title,
                                                entries=parsed.entries)
            self.stats["new_items"] += counts["new"]
            self.stats["changed_items"] += counts["changed"]
            log.info("poll %s: %d entries, %d new, %d changed", feed.name, len(parsed.entries),
                     counts["new"], counts["changed"])
        self.stats["polls"] += 1
        self._next_poll[feed.name] = next_poll

    def _feed_failed(self, feed: FeedConfig, state: dict[str, Any], error: str, retry_after: float | None) -> None:
        errors = int(state["consecutive_errors"] or 0) + 1
        delay = backoff_seconds(feed.interval, errors)
        if retry_after:
            delay = max(delay, min(retry_after, MAX_BACKOFF_SECONDS))
        now = self.clock.now()
        self.stats["feed_errors"] += 1
        self._next_poll[feed.name] = now + delay
        log.warning("poll %s failed (%s); next try in %.0f s", feed.name, error, delay)
        try:
            with self._store() as store:
                store.record_feed_error(feed.name, at=now, next_poll=now + delay, error=error)
        except StoreBusy as exc:
            log.warning("poll %s: %s", feed.name, exc)

    # -- the queue ----------------------------------------------------------------------------
    def drain(self) -> None:
        """Work every queued item that is due, oldest first, one article at a time."""
        attempted: set[tuple[str, str]] = set()
        done_urls: set[str] = set()
        while not self.stopping:
            try:
                with self._store() as store:
                    items = store.pending_feed_items(now=self.clock.now(), limit=self.options.batch)
                    todo = []
                    for item in items:
                        if not self._settle_without_fetch(store, item):
                            todo.append(item)
                    self._next_retry = store.next_feed_item_retry()
            except StoreBusy as exc:
                log.warning("%s", exc)
                return
            fresh = [i for i in todo if (i["feed"], i["item_key"]) not in attempted]
            if not fresh:
                if len(items) == len(todo):  # nothing settled either: all due items were tried
                    return
                continue
            for item in fresh:
                if self.stopping:
                    return
                attempted.add((item["feed"], item["item_key"]))
                self._process_isolated(item, done_urls)

    def _settle_without_fetch(self, store: DuckDBStore, item: dict[str, Any]) -> bool:
        """Items decided by the store alone: stored before a crash, or a URL already done."""
        now = self.clock.now()
        if item["recovered"]:
            status = "skipped" if item["article_status"] == "skipped" else "stored"
            store.finish_feed_item(item["feed"], item["item_key"], status=status, at=now, reason="recovered",
                                   detail="stored before the last run stopped")
            self._count(item, status, "recovered")
            return True
        if item["url_done"]:
            store.finish_feed_item(item["feed"], item["item_key"], status="duplicate", at=now, reason="url",
                                   detail="the same URL came through another item")
            self._count(item, "duplicate", "url")
            return True
        return False

    def _count(self, item: dict[str, Any], status: str, reason: str | None = None) -> None:
        self.stats[status] += 1
        log.info("item %s %s %s%s", status, item["feed"], item["url"] or item["item_key"],
                 f" ({reason})" if reason else "")

    def _process_isolated(self, item: dict[str, Any], done_urls: set[str]) -> None:
        try:
            self._process(item, done_urls)
        except StoreBusy as exc:  # stays queued; the next cycle tries again
            log.warning("item %s: %s", item["item_key"], exc)
        except Exception as exc:
            log.exception("item %s failed unexpectedly", item["item_key"])
            self._item_failed(item, f"error: {type(exc).__name__}: {exc}"[:300], page_fault=False)

    def _item_failed(self, item: dict[str, Any], error: str, *, page_fault: bool) -> None:
        """No article could be built: retry later, or after MAX_ITEM_ATTEMPTS record it as failed."""
        now = self.clock.now()
        attempts = int(item["attempts"] or 0) + 1
        with self._store() as store:
            if page_fault:
                store.record_page_error(item["feed"], at=now, error=f"{item['url']}: {error}")
            if attempts >= MAX_ITEM_ATTEMPTS:
                reason, _, detail = error.partition(": ")
                store.finish_feed_item(item["feed"], item["item_key"], status="failed", at=now,
                                       reason=reason, detail=detail)
                store.add_skip(item["url"] or item["item_key"], Skipped(reason, detail))
                self._count(item, "failed", error)
            else:
                retry = now + self.options.item_retry * 2.0 ** (attempts - 1)
                store.retry_feed_item(item["feed"], item["item_key"], retry_at=retry, page_error=error)
                self.stats["retries"] += 1
                log.info("item retry %s %s (%s)", item["feed"], item["url"] or item["item_key"], error)

    def _article(self, item: dict[str, Any]) -> tuple[Article | None, str | None]:
        """The entry's page, else the entry's own content; and why the page failed, if it did."""
        entry = item["entry"]
        link = entry.get("link")
        meta = {"title": entry.get("title"), "published": entry.get("published")}
        page_error = None
        if link and is_url(link):
            got = self.page_fetcher.get(link)
            page = got if isinstance(got, Skipped) else page_article(got, url=link, **meta)
            if not isinstance(page, Skipped):
                return page, None
            page_error = f"{page.reason}: {page.detail}" if page.detail else page.reason
        elif link:
            page_error = "bad_url: only http and https links are fetched"
        inline = entry.get("inline")
        if not inline:
            return None, page_error or "empty: the entry has neither a link nor content"
        feed = self.by_name.get(item["feed"])
        origin = link or f"{feed.url if feed else item['feed']}#{item['item_key']}"
        # The page is gone but the feed carried the story: the outlet is the feed's.
        article = text_article(inline, origin=origin, as_html=looks_like_html(inline), url=link,
                               source=self._outlet(item["feed"]), **meta)
        return article, page_error

    def _outlet(self, feed: str) -> str | None:
        return self._titles.get(feed)

    def _process(self, item: dict[str, Any], done_urls: set[str]) -> None:
        feed_name, key = item["feed"], item["item_key"]
        if item["url"] and item["url"] in done_urls:
            with self._store() as store:
                store.finish_feed_item(feed_name, key, status="duplicate", at=self.clock.now(), reason="url",
                                       detail="the same URL came through another item")
            self._count(item, "duplicate", "url")
            return
        article, page_error = self._article(item)
        if article is None:
            self._item_failed(item, page_error or "empty", page_fault=page_error is not None
                              and not page_error.startswith("empty"))
            return
        feed = self.by_name.get(feed_name)
        if feed and feed.language and not article.language:
            article = replace(article, language=feed.language)
        digest = article.content_hash
        with self._store() as store:
            now = self.clock.now()
            if page_error:
                store.record_page_error(feed_name, at=now, error=f"{item['url']}: {page_error}")
                self.stats["page_fallbacks"] += 1
            if item["prev_hash"] == digest and item["prev_status"]:
                store.finish_feed_item(feed_name, key, status=item["prev_status"], at=now, reason="unchanged",
                                       detail="the entry changed, the article did not", content_hash=digest)
                self._count(item, item["prev_status"], "unchanged")
                return
            if store.has_article(digest):
                store.finish_feed_item(feed_name, key, status="duplicate", at=now, reason="content",
                                       detail="the same article is stored already", content_hash=digest)
                self._count(item, "duplicate", "content")
                return
            # Claimed before storing: after a crash between the two, the restart finds the article
            # stored under this item's claim and marks the item done without fetching it again.
            store.claim_feed_item(feed_name, key, content_hash=digest, fallback=page_error is not None,
                                  page_error=page_error)
        result = self._run_pipeline(article)
        with self._store() as store:
            stored = store.add_result(article, result)
            if not stored:  # another process stored it meanwhile
                status, reason, detail = "duplicate", "content", "the same article is stored already"
            elif result.skipped:
                status, reason, detail = "skipped", result.skipped.reason, result.skipped.detail
            else:
                status, reason, detail = "stored", None, None
            store.finish_feed_item(feed_name, key, status=status, at=self.clock.now(), reason=reason,
                                   detail=detail, events=len(result.events) if stored else 0, content_hash=digest)
        if item["url"]:
            done_urls.add(item["url"])
        self.stats["events"] += len(result.events) if stored else 0
        self._count(item, status, reason)

    def _run_pipeline(self, article: Article) -> Result:
        if not self._warm:
            self._warm_up()
        outcome = self.deadline.run(lambda: self.pipeline.process(article))
        if outcome.timed_out:
            self.stats["timeouts"] += 1
            log.warning("article %s took longer than %g s: skipped", article.url or article.id,
                        self.deadline.seconds)
            return Result(id=article.id, document=None,
                          skipped=Skipped("timeout", f"processing took longer than {self.deadline.seconds:g} s"))
        if outcome.error is not None:
            if not isinstance(outcome.error, Exception):
                raise outcome.error
            log.error("article %s: the pipeline failed: %r", article.url or article.id, outcome.error)
            return Result(id=article.id, document=None,
                          skipped=Skipped("error", f"{type(outcome.error).__name__}: {outcome.error}"[:300]))
        assert outcome.value is not None
        return outcome.value

    def _warm_up(self) -> None:
        """Load the pipeline's models outside the per-document time limit (they load on first use)."""
        self._warm = True
        for name in ("nlp", "geocoder", "coder"):
            if hasattr(type(self.pipeline), name):
                getattr(self.pipeline, name)
