"""Files, folders, globs, URLs and feeds -> Article, or (origin, Skipped) for what cannot be read.

A bad input never stops the batch and nothing here raises for one: the caller counts the
Skipped values and decides (the CLI fails on a top-level ``not_found``).
"""

from __future__ import annotations

from collections.abc import Iterator

from conflictwatch.ingest.files import iter_path
from conflictwatch.ingest.inputs import Item
from conflictwatch.ingest.web import Fetcher, is_url, iter_url
from conflictwatch.records import Article, Skipped

__all__ = ["Item", "iter_articles"]


def iter_articles(
    sources: list[str], *, timeout: float = 20.0, max_bytes: int = 20_000_000
) -> Iterator[Article | tuple[str, Skipped]]:
    """Every input document of the sources, in order; folders and globs sorted.

    ``timeout`` bounds each network wait in seconds; ``max_bytes`` caps one page, file or
    JSONL line (larger ones give Skipped("too_large") without being read whole).
    """
    with Fetcher(timeout=timeout, max_bytes=max_bytes) as fetcher:
        for source in sources:
            if is_url(source):
                yield from iter_url(source, fetcher)
            elif "://" in source:
                yield source, Skipped("bad_url", "only http and https URLs can be fetched")
            else:
                yield from iter_path(source, fetcher=fetcher, max_bytes=max_bytes)
