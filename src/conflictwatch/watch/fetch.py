"""Feed downloads with conditional requests (ETag, Last-Modified), a size cap and deadlines.

ingest/web.py's Fetcher serves the article pages; feeds need the validators sent and read back
and the server's Retry-After kept, so FeedFetcher wraps a Fetcher and reuses its client, its
error reasons and its capped, time-limited body reader.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from conflictwatch.ingest.web import Fetcher
from conflictwatch.records import Skipped


@dataclass(frozen=True)
class FeedFetch:
    """A feed answered: 200 with its bytes, or 304 (``data`` empty)."""

    status: int
    data: bytes
    etag: str | None
    last_modified: str | None
    url: str


@dataclass(frozen=True)
class FetchFault:
    """A poll that failed: reason (as in Skipped), detail, and the server's Retry-After if any."""

    reason: str
    detail: str
    retry_after: float | None = None

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}" if self.detail else self.reason


class FeedFetcher:
    """One HTTP client for all feeds of a watcher; ``timeout`` bounds each wait, 3x it the download."""

    def __init__(self, *, timeout: float, max_bytes: int) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._pages = Fetcher(timeout=timeout, max_bytes=max_bytes)

    def close(self) -> None:
        self._pages.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FeedFetch | FetchFault:
        import httpx

        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._get(url, headers)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            failed = self._pages.failure(exc)
            detail = failed.detail[:300] if failed.reason == "fetch_error" else failed.detail
            return FetchFault(failed.reason, detail)

    def _get(self, url: str, headers: dict[str, str]) -> FeedFetch | FetchFault:
        deadline = time.monotonic() + 3 * self.timeout
        with self._pages.client().stream("GET", url, headers=headers) as resp:
            if resp.status_code == 304:
                return FeedFetch(304, b"", resp.headers.get("etag"), resp.headers.get("last-modified"), str(resp.url))
            if not resp.is_success:
                return FetchFault("http_error", f"{resp.status_code} {resp.reason_phrase}".strip(),
                                  retry_after(resp.headers.get("retry-after")))
            body = self._pages.read_body(resp, deadline=deadline)
            if isinstance(body, Skipped):
                return FetchFault(body.reason, body.detail)
            return FeedFetch(200, body, resp.headers.get("etag"), resp.headers.get("last-modified"), str(resp.url))


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())
