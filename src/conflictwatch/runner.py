"""Sources -> stored events: the loop `ingest` runs, batching the parse, committing per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from conflictwatch.pipeline import BATCH_SIZE, Pipeline
from conflictwatch.records import Article, Result, Skipped
from conflictwatch.store.duckdb import DuckDBStore


@dataclass
class IngestReport:
    counts: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)


def ingest_items(
    items: Iterable[Article | tuple[str, Skipped]],
    *,
    store: DuckDBStore,
    pipeline: Pipeline,
    on_stored: Callable[[Article, Result], None] | None = None,
    on_item: Callable[[], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Code and store every new article; record every unreadable input as a skip.

    Articles already in the store are passed over before any work, so a second run, or a run
    after a kill, does only what is missing. Each article is committed on its own: a kill loses
    at most the batch in flight, which the next run redoes."""
    rep = IngestReport()
    pending: list[Article] = []
    seen: set[str] = set()

    def flush() -> None:
        for art, result in zip(pending, pipeline.process_many(pending, batch_size=batch_size)):
            store.add_result(art, result)
            if result.skipped:
                rep.counts["skipped"] += 1
                rep.reasons[result.skipped.reason] += 1
            else:
                rep.counts["coded"] += 1
                rep.counts["events"] += len(result.events)
            if on_stored:
                on_stored(art, result)
        pending.clear()

    for item in items:
        if isinstance(item, tuple):
            origin, skipped = item
            store.add_skip(origin, skipped)
            rep.counts["unreadable"] += 1
            rep.reasons[skipped.reason] += 1
        elif item.content_hash in seen or store.has_article(item.content_hash):
            rep.counts["already stored"] += 1
        else:
            seen.add(item.content_hash)
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        if on_item:
            on_item()
    flush()
    return rep
