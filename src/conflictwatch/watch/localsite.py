"""A small HTTP site on 127.0.0.1 (ephemeral port, its own threads) for the watch tests and the soak.

Each path maps to a handler that writes the whole response itself, so a test can serve a feed
with an ETag, a 500, a hang, garbage, an endless stream or a redirect loop.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

Handler = Callable[[BaseHTTPRequestHandler], None]

_CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


def static(body: bytes | str, *, ctype: str = "text/html; charset=utf-8", status: int = 200,
           etag: bool = True, headers: dict[str, str] | None = None) -> Handler:
    """A fixed answer; with ``etag`` it carries one and answers If-None-Match with 304."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'

    def handle(h: BaseHTTPRequestHandler) -> None:
        if etag and status == 200 and h.headers.get("If-None-Match") == tag:
            h.send_response(304)
            h.send_header("ETag", tag)
            h.end_headers()
            return
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        if etag and status == 200:
            h.send_header("ETag", tag)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    return handle


def hang(seconds: float) -> Handler:
    """Say nothing for ``seconds`` (longer than the client's timeout), then give up."""

    def handle(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        h.close_connection = True

    return handle


def endless(total_bytes: int, *, ctype: str = "text/html", chunk: int = 65_536) -> Handler:
    """Stream ``total_bytes`` with no Content-Length; stops as soon as the client hangs up."""
    block = (b"<p>" + b"x" * (chunk - 7) + b"</p>\n")[:chunk]

    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        sent = h.server.sent_bytes  # type: ignore[attr-defined]
        sent[h.path] = 0
        while sent[h.path] < total_bytes:
            h.wfile.write(block)
            sent[h.path] += len(block)

    return handle


def redirect(to: str, *, status: int = 302) -> Handler:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(status)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.sent_bytes: dict[str, int] = {}
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hung up mid-answer is what several tests do on purpose


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        with site.lock:
            site.hits[path] += 1
            handler = site.routes.get(path) or site.default
        if handler is None:
            handler = static("not found", ctype="text/plain", status=404, etag=False)
        try:
            handler(self)
        except _CLIENT_GONE:
            self.close_connection = True


class LocalSite:
    """``with LocalSite() as site: site.route("/feed.xml", static(...)); site.url("/feed.xml")``."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.default: Handler | None = None  # answers paths without a route of their own
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="localsite", daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def sent_bytes(self) -> dict[str, int]:
        return self._server.sent_bytes

    def route(self, path: str, handler: Handler) -> None:
        with self.lock:
            self.routes[path] = handler

    def remove(self, path: str) -> None:
        with self.lock:
            self.routes.pop(path, None)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def rss(items: list[dict[str, str]], *, title: str = "Test Outlet") -> str:
    """An RSS 2.0 document: each item has link, title, and optionally guid, description, pubDate."""
    from xml.sax.saxutils import escape

    parts = [(f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
              "<link>http://127.0.0.1/</link><description>test</description>")]
    for it in items:
        parts.append("<item>")
        for tag in ("title", "link", "guid", "description", "pubDate"):
            if it.get(tag) is not None:
                parts.append(f"<{tag}>{escape(it[tag])}</{tag}>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts)
