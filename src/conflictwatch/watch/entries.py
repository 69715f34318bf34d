"""Feed bytes -> the entries to queue: a stable key, the normalised URL, a fingerprint, the entry."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from conflictwatch.ingest.feeds import entry_date
from conflictwatch.records import content_id

# An entry's own content is kept (as the fallback when its page fails) up to this many
# characters; feeds carrying whole articles stay far below it.
MAX_INLINE_CHARS = 1_000_000


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[dict[str, Any]]  # item_key, url, fingerprint, entry (JSON-able)


@dataclass(frozen=True)
class BadFeed:
    detail: str

    def __str__(self) -> str:
        return f"bad_feed: {self.detail}"


def normalise_url(url: str | None) -> str | None:
    """The URL that identifies an article: scheme and host lower case, no fragment."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip() or None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def parse_feed(data: bytes) -> ParsedFeed | BadFeed:
    """The entries of an RSS or Atom document; BadFeed when it is none (HTML, garbage, empty)."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return BadFeed("not XML")
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries and not parsed.get("version"):
        problem = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> root"
        return BadFeed(f"not an RSS or Atom feed: {problem}"[:300])
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        item = _entry(entry)
        if item is not None and item["item_key"] not in seen:  # a feed listing an item twice
            seen.add(item["item_key"])
            entries.append(item)
    title = parsed.feed.get("title")
    return ParsedFeed(title=title.strip() or None if isinstance(title, str) else None, entries=entries)


def _entry(entry: Any) -> dict[str, Any] | None:
    link = _str(entry.get("link"))
    inline = _inline_content(entry)
    if inline and len(inline) > MAX_INLINE_CHARS:
        inline = inline[:MAX_INLINE_CHARS]
    if not link and not inline:
        return None
    body = {
        "link": link,
        "title": _str(entry.get("title")),
        "published": entry_date(entry),
        "updated": _str(dict.get(entry, "updated")),  # dict.get: no feedparser fallback warning
        "inline": inline,
    }
    guid = _str(entry.get("id"))
    url = normalise_url(link)
    key = guid or url or "sha:" + content_id(body["title"] or "", inline or "")
    fingerprint = content_id(*(str(body[k] or "") for k in ("link", "title", "published", "updated", "inline")))
    return {"item_key": key[:2000], "url": url, "fingerprint": fingerprint, "entry": body}


def _inline_content(entry: Any) -> str | None:
    """The fullest text the entry carries: content:encoded / Atom content, else the summary."""
    values = [c.get("value") for c in entry.get("content") or [] if isinstance(c, dict)]
    bodies = [b for b in values if isinstance(b, str) and b.strip()]
    return max(bodies, key=len) if bodies else _str(entry.get("summary"))


def _str(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
