"""iter_articles(): every input form, and every kind of bad input, without stopping the batch.

URL cases run against a local HTTP server on 127.0.0.1 (an ephemeral port, a daemon thread).
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from conflictwatch.extract import extract
from conflictwatch.ingest import iter_articles
from conflictwatch.records import Article, Document, Skipped, content_id

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"

PAGE = (
    "<html><head><title>Clashes near the border</title></head><body>"
    "<nav><a href='/'>Home</a></nav><article><h1>Clashes near the border</h1>"
    "<p>Four soldiers were killed on Tuesday in clashes near the border, the defence ministry said.</p>"
    "<p>The other side said it had responded to a provocation the day before.</p></article></body></html>"
)


def _items(sources: list[str], **kw: float) -> list[Article | tuple[str, Skipped]]:
    return list(iter_articles(sources, **kw))  # type: ignore[arg-type]


def _articles(items: list[Article | tuple[str, Skipped]]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _skips(items: list[Article | tuple[str, Skipped]]) -> list[tuple[str, Skipped]]:
    return [i for i in items if isinstance(i, tuple)]


def _rss(entries: list[tuple[str, str, str]], *, title: str = "Test Wire") -> str:
    """An RSS 2.0 document; each entry is (title, link, content)."""
    items = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>Tue, 13 Feb 2024 23:30:00 -0500</pubDate>"
        + (f"<content:encoded><![CDATA[{c}]]></content:encoded>" if c else "")
        + "</item>"
        for t, link, c in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>https://wire.example.org/</link><description>d</description>{items}"
        "</channel></rss>"
    )


# --------------------------------------------------------------------------- local HTTP server


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        try:
            if self.path == "/slow":
                time.sleep(2)
            if self.path == "/loop":
                self._send(302, "text/html", b"", location="/loop")
            elif self.path == "/redirect":
                self._send(301, "text/html", b"", location="/page.html")
            elif self.path == "/endless":
                self._stream_endless()
            elif self.path == "/declared-huge":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(50_000_000))
                self.end_headers()
                self.wfile.write(b"<html>")
            elif self.path in self.routes:
                self._send(*self.routes[self.path])
            else:
                self._send(404, "text/html", b"<h1>Not Found</h1>")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading on purpose (size cap, timeout)

    def _send(self, status: int, ctype: str, body: bytes, location: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def _stream_endless(self) -> None:
        # No Content-Length: only the client's own cap can stop this (50 MB at most).
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        for _ in range(50_000_000 // len(chunk)):
            self.wfile.write(chunk)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    page = PAGE.encode()
    _Handler.routes = {
        "/page.html": (200, "text/html; charset=utf-8", page),
        "/plain.txt": (200, "text/plain", b"Four soldiers were killed on Tuesday, officials said."),
        "/latin1.html": (
            200,
            "text/html; charset=iso-8859-1",
            "<p>Caf\u00e9 owners in Bogot\u00e1 protested on Monday.</p>".encode("latin-1"),
        ),
        "/500": (500, "text/html", b"oops"),
        "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        "/not-a-feed.rss": (200, "application/rss+xml", b"this is not xml at all, just words"),
        "/sitemap.xml": (
            200,
            "application/xml",
            b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>',
        ),
        "/empty.html": (200, "text/html", b""),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    feed = _rss(
        [
            ("Page that exists", f"{base}/page.html", ""),
            (
                "Page that is gone",
                f"{base}/gone",
                "<p>The feed carried this story in full: four soldiers died.</p>",
            ),
            ("Gone and empty", f"{base}/gone-too", ""),
        ]
    )
    _Handler.routes["/feed.rss"] = (200, "application/rss+xml; charset=utf-8", feed.encode())
    # a feed served with a wrong content type is still recognised by its root element
    _Handler.routes["/feed-as-html"] = (200, "text/html", feed.encode())
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
        "<id>urn:x</id><updated>2024-06-25T10:00:00Z</updated><entry><title>Protest in Nairobi</title>"
        '<id>urn:1</id><updated>2024-06-25T18:00:00+03:00</updated><link href="https://nowhere.invalid/x"/>'
        '<content type="html">&lt;p&gt;Police fired tear gas at protesters in Nairobi on Tuesday.&lt;/p&gt;</content>'
        "</entry></feed>"
    )
    _Handler.routes["/atom.xml"] = (200, "application/atom+xml", atom.encode())
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


# --------------------------------------------------------------------------- files


def test_html_and_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.txt").write_text("Four soldiers were killed on Tuesday.\n", encoding="utf-8")
    items = _items([str(tmp_path / "a.html"), str(tmp_path / "b.htm"), str(tmp_path / "c.txt")])
    a, b, c = _articles(items)
    assert a.html == PAGE and a.text is None and a.origin == str(tmp_path / "a.html")
    assert a.id == content_id(PAGE, "") == a.content_hash == b.id  # same content, same id
    assert c.text == "Four soldiers were killed on Tuesday.\n" and c.html is None
    assert c.id == content_id("", c.text)
    assert isinstance(extract(a), Document)


def test_json_object_and_list(tmp_path: Path) -> None:
    one = {
        "id": "a1",
        "text": "Four soldiers were killed.",
        "published": "2024-02-13T10:00:00Z",
        "title": "T",
        "url": "https://x.example.org/a",
        "source": "DW",
        "language": "en",
    }
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    (tmp_path / "many.json").write_text(
        json.dumps([{"html": PAGE}, {"id": 7, "text": "x"}, {"title": "no body"}])
    )
    items = _items([str(tmp_path / "one.json"), str(tmp_path / "many.json")])
    first = items[0]
    assert isinstance(first, Article)
    assert (first.id, first.text, first.published, first.title, first.url, first.source, first.language) == (
        "a1",
        "Four soldiers were killed.",
        "2024-02-13T10:00:00Z",
        "T",
        "https://x.example.org/a",
        "DW",
        "en",
    )
    assert first.origin == str(tmp_path / "one.json")
    second, third, fourth = items[1:]
    assert (
        isinstance(second, Article)
        and second.id == content_id(PAGE, "")
        and second.origin.endswith("many.json#item 1")
    )
    assert isinstance(third, Article) and third.id == "7"
    assert isinstance(fourth, tuple) and fourth[1].reason == "bad_record" and fourth[0].endswith("#item 3")


def test_jsonl_with_a_malformed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": "First report."}),
        '{"id": "r2", "text": "broken',
        "",
        json.dumps({"html": PAGE, "published": "2024-02-13"}),
        json.dumps(["not", "an", "object"]),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _items([str(path)])
    assert len(items) == 4  # the blank line is no record
    r1, bad, r4, wrong = items
    assert isinstance(r1, Article) and r1.id == "r1" and r1.origin == f"{path}#line 1"
    assert isinstance(bad, tuple) and bad[0] == f"{path}#line 2"
    assert bad[1].reason == "bad_json" and bad[1].detail.startswith("line 2:")
    assert isinstance(r4, Article) and r4.id == content_id(PAGE, "") and r4.published == "2024-02-13"
    assert r4.origin == f"{path}#line 4"
    assert isinstance(wrong, tuple) and wrong[1].reason == "bad_record"


@pytest.mark.parametrize("suffix", [".html", ".txt", ".json", ".jsonl"])
def test_gzipped_inputs(tmp_path: Path, suffix: str) -> None:
    content = {
        ".html": PAGE,
        ".txt": "Four soldiers were killed on Tuesday.",
        ".json": json.dumps({"id": "g1", "text": "Four soldiers were killed."}),
        ".jsonl": json.dumps({"id": "g1", "text": "One."})
        + "\n"
        + json.dumps({"id": "g2", "text": "Two."})
        + "\n",
    }[suffix]
    path = tmp_path / f"in{suffix}.gz"
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    items = _items([str(path)])
    assert items and all(isinstance(i, Article) for i in items)
    if suffix == ".html":
        assert items[0].html == PAGE  # type: ignore[union-attr]
    if suffix == ".jsonl":
        assert [i.id for i in items] == ["g1", "g2"]  # type: ignore[union-attr]
        assert items[1].origin == f"{path}#line 2"  # type: ignore[union-attr]


def test_truncated_gzip(tmp_path: Path) -> None:
    records = "".join(
        json.dumps({"id": f"r{n}", "text": f"Report number {n}. " + "x" * 200}) + "\n" for n in range(200)
    )
    whole = gzip.compress(records.encode(), compresslevel=1)
    (tmp_path / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "cut.html.gz").write_bytes(gzip.compress(PAGE.encode() * 50)[:100])
    items = _items([str(tmp_path / "cut.jsonl.gz"), str(tmp_path / "cut.html.gz")])
    kept = _articles(items)
    assert 0 < len(kept) < 200 and kept[0].id == "r0"  # records before the damage are kept
    skips = _skips(items)
    assert [s.reason for _, s in skips] == ["unreadable", "unreadable"]
    assert skips[0][0] == str(tmp_path / "cut.jsonl.gz") and "truncated" in skips[0][1].detail


def test_folder_is_walked_recursively_and_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Zed report.", encoding="utf-8")
    (tmp_path / "b" / "a.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("A report.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an input kind", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden", encoding="utf-8")
    origins = [i.origin for i in _articles(_items([str(tmp_path)]))]
    assert origins == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "a.html"), str(tmp_path / "b" / "z.txt")]
    assert origins == [i.origin for i in _articles(_items([str(tmp_path)]))]  # deterministic


def test_glob(tmp_path: Path) -> None:
    for name in ("x1.txt", "x2.txt", "y.txt"):
        (tmp_path / name).write_text(f"Report {name}.", encoding="utf-8")
    got = [i.origin for i in _articles(_items([str(tmp_path / "x*.txt")]))]
    assert got == [str(tmp_path / "x1.txt"), str(tmp_path / "x2.txt")]
    (none,) = _items([str(tmp_path / "nothing*.txt")])
    assert isinstance(none, tuple) and none[1].reason == "not_found"


def test_demo_corpus_ingests(tmp_path: Path) -> None:
    items = _items([str(EXAMPLES / "html"), str(EXAMPLES / "text")])
    assert len(_articles(items)) == len(list((EXAMPLES / "html").glob("*.html"))) + len(
        list((EXAMPLES / "text").glob("*.txt"))
    )
    assert not _skips(items)


# --------------------------------------------------------------------------- bad files


def test_missing_path_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Still read.", encoding="utf-8")
    items = _items([str(tmp_path / "missing.html"), str(tmp_path / "ok.txt"), "ftp://example.org/x"])
    assert isinstance(items[0], tuple) and items[0] == (str(tmp_path / "missing.html"), items[0][1])
    assert items[0][1].reason == "not_found"
    assert isinstance(items[1], Article) and items[1].text == "Still read."
    assert isinstance(items[2], tuple) and items[2][1].reason == "bad_url"


def test_empty_and_binary_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b"  \n\n ")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 200)  # control bytes, no NUL
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    items = _items(
        [str(tmp_path / n) for n in ("empty.txt", "blank.html", "image.html", "noise.txt", "empty.jsonl")]
    )
    assert [(Path(o).name, s.reason) for o, s in _skips(items)] == [
        ("empty.txt", "empty"),
        ("blank.html", "empty"),
        ("image.html", "binary"),
        ("noise.txt", "binary"),
        ("empty.jsonl", "empty"),
    ]


def test_fifty_megabyte_file_is_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as f:
        f.truncate(50_000_000)  # sparse: 50 MB on paper, cheap to make
    start = time.perf_counter()
    (item,) = _items([str(big)])
    assert isinstance(item, tuple) and item[1].reason == "too_large"
    assert time.perf_counter() - start < 1.0  # judged by its size, not read


def test_max_bytes_applies_to_gzip_content_and_jsonl_lines(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 2_000_000))
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "long", "text": "y" * 5_000})
        + "\n"
        + json.dumps({"id": "short", "text": "ok"})
        + "\n"
    )
    items = _items([str(tmp_path / "bomb.txt.gz"), str(tmp_path / "lines.jsonl")], max_bytes=1_000)
    assert isinstance(items[0], tuple) and items[0][1].reason == "too_large"
    assert (
        isinstance(items[1], tuple) and items[1][1].reason == "too_large" and items[1][0].endswith("#line 1")
    )
    assert isinstance(items[2], Article) and items[2].id == "short"


def test_invalid_utf8_is_decoded_with_replacement(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes(
        "Caf\u00e9 owners in Bogot\u00e1 protested on Monday.".encode("latin-1")
    )
    (tmp_path / "declared.html").write_bytes(
        '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 \u2014 protest.</p></body></html>'.encode(
            "cp1252"
        )
    )
    (tmp_path / "utf16.txt").write_bytes("Four soldiers were killed.".encode("utf-16"))
    text, html, utf16 = _articles(
        _items([str(tmp_path / n) for n in ("latin1.txt", "declared.html", "utf16.txt")])
    )
    assert text.text == "Caf\ufffd owners in Bogot\ufffd protested on Monday."
    doc = extract(text)
    assert isinstance(doc, Document) and "protested on Monday" in doc.text
    assert html.html is not None and "Caf\u00e9 \u2014 protest." in html.html  # the page's own charset
    assert utf16.text == "Four soldiers were killed."


def test_local_feed_files(tmp_path: Path) -> None:
    inline = _rss(
        [
            ("First", "urn:one", "<p>Police fired tear gas at protesters on Tuesday.</p>"),
            ("Second", "", "<p>Four soldiers were killed near the border.</p>"),
        ]
    )
    (tmp_path / "wire.rss").write_text(inline, encoding="utf-8")
    (tmp_path / "bad.xml").write_text("hello, this is no feed", encoding="utf-8")
    items = _items([str(tmp_path / "wire.rss"), str(tmp_path / "bad.xml")])
    first, second, bad = items
    assert isinstance(first, Article) and first.title == "First" and first.source == "Test Wire"
    assert first.html == "<p>Police fired tear gas at protesters on Tuesday.</p>"
    assert first.published == "2024-02-13"  # the outlet's own date, not shifted to UTC
    assert first.origin == "urn:one"
    assert isinstance(second, Article) and second.origin == f"{tmp_path / 'wire.rss'}#item 2"
    assert isinstance(bad, tuple) and bad[1].reason == "bad_feed"


def test_demo_feed(tmp_path: Path) -> None:
    # Its links point to a host that does not exist: every entry falls back to its own content.
    items = _items([str(EXAMPLES / "feeds" / "demo.rss")], timeout=2.0)
    arts = _articles(items)
    assert len(arts) == 4 and not _skips(items)
    assert all(a.source == "World Desk Wire" and a.published and a.title for a in arts)
    doc = extract(arts[0])
    assert isinstance(doc, Document) and doc.text.startswith("Four Armenian soldiers were killed")


# --------------------------------------------------------------------------- URLs


def test_url_page_and_plain_text(server: str) -> None:
    page, plain, latin = _items([f"{server}/page.html", f"{server}/plain.txt", f"{server}/latin1.html"])
    assert (
        isinstance(page, Article) and page.html == PAGE and page.url == page.origin == f"{server}/page.html"
    )
    assert page.id == content_id(PAGE, "")
    assert isinstance(plain, Article) and plain.text and plain.html is None
    assert isinstance(latin, Article) and latin.html and "Caf\u00e9 owners in Bogot\u00e1" in latin.html


def test_url_redirects(server: str) -> None:
    ok, loop = _items([f"{server}/redirect", f"{server}/loop"])
    assert isinstance(ok, Article) and ok.html == PAGE
    assert isinstance(loop, tuple) and loop[1].reason == "http_error" and "redirects" in loop[1].detail


def test_url_http_errors(server: str) -> None:
    items = _items([f"{server}/missing", f"{server}/500", f"{server}/page.html"])
    (o1, s1), (o2, s2) = _skips(items)
    assert (o1, s1.reason) == (f"{server}/missing", "http_error") and s1.detail.startswith("404")
    assert (o2, s2.reason) == (f"{server}/500", "http_error") and s2.detail.startswith("500")
    assert isinstance(items[2], Article)  # the batch went on


def test_url_timeout(server: str) -> None:
    start = time.perf_counter()
    (item,) = _items([f"{server}/slow"], timeout=0.3)
    assert isinstance(item, tuple) and item[1].reason == "timeout"
    assert time.perf_counter() - start < 1.8


def test_url_size_caps(server: str) -> None:
    start = time.perf_counter()
    declared, streamed = _items([f"{server}/declared-huge", f"{server}/endless"], max_bytes=2_000_000)
    assert isinstance(declared, tuple) and declared[1].reason == "too_large"
    assert isinstance(streamed, tuple) and streamed[1].reason == "too_large"
    assert time.perf_counter() - start < 10


def test_url_content_types(server: str) -> None:
    png, sitemap, empty = _items([f"{server}/image.png", f"{server}/sitemap.xml", f"{server}/empty.html"])
    assert isinstance(png, tuple) and png[1] == Skipped("bad_content_type", "image/png")
    assert isinstance(sitemap, tuple) and sitemap[1].reason == "bad_feed"
    assert isinstance(empty, tuple) and empty[1].reason == "empty"


def test_url_feed(server: str) -> None:
    items = _items([f"{server}/feed.rss"])
    fetched, fallback, lost = items
    assert isinstance(fetched, Article) and fetched.html == PAGE  # the linked page, not the entry
    assert (fetched.title, fetched.published, fetched.url) == (
        "Page that exists",
        "2024-02-13",
        f"{server}/page.html",
    )
    assert fetched.source is None  # the page's own site name is better than the feed's title
    assert isinstance(fallback, Article) and fallback.html and "carried this story in full" in fallback.html
    assert fallback.url == fallback.origin == f"{server}/gone" and fallback.source == "Test Wire"
    assert (
        isinstance(lost, tuple) and lost == (f"{server}/gone-too", lost[1]) and lost[1].reason == "http_error"
    )


def test_url_feed_sniffed_atom_and_not_xml(server: str) -> None:
    sniffed = _items([f"{server}/feed-as-html"])
    assert len(_articles(sniffed)) == 2 and _articles(sniffed)[0].title == "Page that exists"
    (atom,) = _items([f"{server}/atom.xml"], timeout=2.0)
    assert isinstance(atom, Article) and atom.title == "Protest in Nairobi" and atom.published == "2024-06-25"
    assert atom.source == "Atom Wire" and "tear gas" in (atom.html or "")
    (bad,) = _items([f"{server}/not-a-feed.rss"])
    assert isinstance(bad, tuple) and bad[1].reason == "bad_feed"


def test_unreachable_host() -> None:
    (item,) = _items(["http://127.0.0.1:9/nothing"], timeout=2.0)
    assert isinstance(item, tuple) and item[1].reason in {"fetch_error", "timeout"}
