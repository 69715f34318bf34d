"""Feed downloads with conditional requests (ETag, Last-Modified), a size cap and deadlines.

ingest/web.py's Fetcher serves the article pages; feeds need the validators sent and read back,
which it does not expose, so this is a small client of its own with the same limits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from conflictwatch.ingest.web import MAX_REDIRECTS, USER_AGENT

if TYPE_CHECKING:
    import httpx


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
        self._client: httpx.Client | None = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _http(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FeedFetch | FetchFault:
        import httpx

        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._get(url, headers)
        except httpx.TimeoutException as exc:
            return FetchFault("timeout", f"no answer within {self.timeout:g} s ({type(exc).__name__})")
        except httpx.TooManyRedirects:
            return FetchFault("http_error", f"more than {MAX_REDIRECTS} redirects")
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            return FetchFault("bad_url", str(exc))
        except httpx.HTTPError as exc:  # refused, reset, DNS, TLS, broken stream
            return FetchFault("fetch_error", f"{type(exc).__name__}: {exc}"[:300])

    def _get(self, url: str, headers: dict[str, str]) -> FeedFetch | FetchFault:
        deadline = time.monotonic() + 3 * self.timeout
        with self._http().stream("GET", url, headers=headers) as resp:
            if resp.status_code == 304:
                return FeedFetch(304, b"", resp.headers.get("etag"), resp.headers.get("last-modified"), str(resp.url))
            if not resp.is_success:
                return FetchFault("http_error", f"{resp.status_code} {resp.reason_phrase}".strip(),
                                  retry_after(resp.headers.get("retry-after")))
            length = resp.headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                return FetchFault("too_large", f"{length} bytes > {self.max_bytes}")
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    return FetchFault("too_large", f"more than {self.max_bytes} bytes")
                if time.monotonic() > deadline:
                    return FetchFault("timeout", f"download slower than {3 * self.timeout:g} s")
            return FeedFetch(200, bytes(body), resp.headers.get("etag"), resp.headers.get("last-modified"),
                             str(resp.url))


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
