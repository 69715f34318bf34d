"""http(s) URLs -> bytes, with a timeout, a size cap, a content-type check and capped redirects."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Self

from conflictwatch.ingest.inputs import Item, decode_bytes, text_article
from conflictwatch.records import Article, Skipped

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

# Redirect chains longer than this are loops or trackers, not articles.
MAX_REDIRECTS = 5
USER_AGENT = "conflictwatch/0.1 (+https://github.com/conflictwatch; news event coding)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_FEED_SNIFF = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)


@dataclass(frozen=True)
class Fetched:
    """A successful download."""

    url: str  # after redirects
    mime: str  # content type without parameters, lower case; "" when the server sent none
    data: bytes
    charset: str | None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_xml_mime(mime: str) -> bool:
    return "xml" in mime or "rss" in mime or "atom" in mime


def is_feed_mime(mime: str) -> bool:
    return "rss" in mime or "atom" in mime


def looks_like_feed(data: bytes) -> bool:
    """True when the bytes open like an RSS, RDF or Atom document."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return bool(_FEED_SNIFF.match(head))


class Fetcher:
    """One HTTP client for a batch, made on first use so that file-only runs never build it."""

    def __init__(self, *, timeout: float, max_bytes: int) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._client: httpx.Client | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def client(self) -> httpx.Client:
        """The shared HTTP client: redirects capped, every wait bounded by the timeout."""
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def get(self, url: str) -> Fetched | Skipped:
        """Download a page or feed; every failure comes back as a Skipped."""
        import httpx

        try:
            return self._get(url)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            return self.failure(exc)

    def failure(self, exc: Exception) -> Skipped:
        """The Skipped for an httpx error raised while fetching."""
        import httpx

        if isinstance(exc, httpx.TimeoutException):
            return Skipped("timeout", f"no answer within {self.timeout:g} s ({type(exc).__name__})")
        if isinstance(exc, httpx.TooManyRedirects):
            return Skipped("http_error", f"more than {MAX_REDIRECTS} redirects")
        if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
            return Skipped("bad_url", str(exc))
        return Skipped("fetch_error", f"{type(exc).__name__}: {exc}")  # refused, DNS, TLS, broken stream

    def read_body(self, resp: httpx.Response, *, deadline: float) -> bytes | Skipped:
        """The response body, or why it was not read: larger than max_bytes (said or seen) or
        slower than the deadline (time.monotonic())."""
        length = resp.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            return Skipped("too_large", f"{length} bytes > {self.max_bytes}")
        body = bytearray()
        for chunk in resp.iter_bytes():
            body += chunk
            if len(body) > self.max_bytes:
                return Skipped("too_large", f"more than {self.max_bytes} bytes")
            if time.monotonic() > deadline:
                return Skipped("timeout", f"download slower than {3 * self.timeout:g} s")
        return bytes(body)

    def _get(self, url: str) -> Fetched | Skipped:
        # httpx's timeout bounds each read, not the whole download: a server dripping a byte
        # at a time would never end, so the body also has an overall deadline.
        deadline = time.monotonic() + 3 * self.timeout
        with self.client().stream("GET", url) as resp:
            if not resp.is_success:
                return Skipped("http_error", f"{resp.status_code} {resp.reason_phrase}".strip())
            mime = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if mime and not (mime in _HTML_TYPES or mime in _TEXT_TYPES or is_xml_mime(mime)):
                return Skipped("bad_content_type", mime)
            body = self.read_body(resp, deadline=deadline)
            if isinstance(body, Skipped):
                return body
            return Fetched(str(resp.url), mime, body, resp.charset_encoding)


def iter_url(url: str, fetcher: Fetcher) -> Iterator[Item]:
    """One Article for a page, one per entry for a feed, or the reason it failed."""
    from conflictwatch.ingest.feeds import iter_feed

    got = fetcher.get(url)
    if isinstance(got, Skipped):
        yield url, got
        return
    if is_feed_mime(got.mime) or looks_like_feed(got.data):
        yield from iter_feed(got.data, origin=url, fetcher=fetcher)
        return
    if is_xml_mime(got.mime) and got.mime not in _HTML_TYPES:
        yield url, Skipped("bad_feed", f"{got.mime} that is neither RSS nor Atom")
        return
    page = page_article(got, url=url)
    yield (url, page) if isinstance(page, Skipped) else page


def page_article(got: Fetched, *, url: str, **meta: str | None) -> Article | Skipped:
    """The Article for a downloaded page (HTML unless the server says plain text)."""
    text = decode_bytes(got.data, charset=got.charset)
    if isinstance(text, Skipped):
        return text
    meta.setdefault("url", url)
    return text_article(text, origin=url, as_html=got.mime not in _TEXT_TYPES, **meta)
