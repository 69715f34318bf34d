"""RSS/Atom feeds -> one Article per entry: the linked page, or the entry's own content."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from typing import Any

from conflictwatch.extract import looks_like_html
from conflictwatch.ingest.inputs import Item, text_article
from conflictwatch.ingest.web import Fetcher, is_url, page_article
from conflictwatch.records import Skipped

log = logging.getLogger(__name__)

_ISO_DATE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def iter_feed(data: bytes, *, origin: str, fetcher: Fetcher) -> Iterator[Item]:
    """Articles from a feed's entries; one bad_feed Skipped when it is no feed at all."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        yield origin, Skipped("bad_feed", "not XML")
        return
    import feedparser

    # A stream, not a str: feedparser treats some strings as URLs or paths and opens them,
    # and from bytes it honours the feed's own encoding declaration.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        if parsed.get("version"):
            yield origin, Skipped("empty", "feed has no entries")
        else:
            problem = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> root"
            yield origin, Skipped("bad_feed", f"not an RSS or Atom feed: {problem}")
        return
    outlet = _text(parsed.feed.get("title"))
    for n, entry in enumerate(parsed.entries, 1):
        yield _entry_item(entry, fallback_origin=f"{origin}#item {n}", outlet=outlet, fetcher=fetcher)


def _entry_item(entry: Any, *, fallback_origin: str, outlet: str | None, fetcher: Fetcher) -> Item:
    link = _text(entry.get("link"))
    origin = link or fallback_origin
    meta = {"title": _text(entry.get("title")), "published": entry_date(entry)}
    inline = _inline_content(entry)
    failure: Skipped | None = None
    if link and is_url(link):
        got = fetcher.get(link)
        page = got if isinstance(got, Skipped) else page_article(got, url=link, **meta)
        if not isinstance(page, Skipped):
            return page
        failure = page
        if inline:
            log.info("%s: %s (%s); using the feed entry's own content", link, page.reason, page.detail)
    if not inline:
        return origin, failure or Skipped("empty", "feed entry has neither a link nor content")
    # The page is gone but the feed carried the story: the outlet is the feed's.
    return text_article(
        inline, origin=origin, as_html=looks_like_html(inline), url=link, source=outlet, **meta
    )


def _inline_content(entry: Any) -> str | None:
    """The fullest text the entry carries: content:encoded / Atom content, else the summary."""
    values = [c.get("value") for c in entry.get("content") or [] if isinstance(c, dict)]
    bodies = [b for b in values if isinstance(b, str) and b.strip()]
    if bodies:
        return max(bodies, key=len)
    return _text(entry.get("summary"))


def entry_date(entry: Any) -> str | None:
    """yyyy-mm-dd as the outlet dated it (its own time zone, not converted to UTC)."""
    raw = _text(entry.get("published") or entry.get("updated"))
    if raw:
        m = _ISO_DATE.match(raw)
        if m:
            return m[1]
        try:
            return parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):  # not RFC 822: use feedparser's reading
            pass
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if isinstance(parsed, time.struct_time):
        return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
