"""Files, folders and globs -> Articles: .html, .txt, .json, .jsonl, feeds, and .gz of each."""

from __future__ import annotations

import glob
import gzip
import json
import logging
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

from conflictwatch.ingest.feeds import iter_feed
from conflictwatch.ingest.inputs import Item, article_from_record, decode_bytes, text_article
from conflictwatch.ingest.web import Fetcher
from conflictwatch.records import Skipped

log = logging.getLogger(__name__)

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES
_GLOB_CHARS = re.compile(r"[*?\[]")
# A truncated or corrupt gzip stream: each layer raises its own kind.
_GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def iter_path(source: str, *, fetcher: Fetcher, max_bytes: int) -> Iterator[Item]:
    """Everything readable under a file, a folder (recursive, sorted) or a glob."""
    path = Path(source)
    if path.is_dir():
        for file in _walk(path):
            yield from iter_file(file, fetcher=fetcher, max_bytes=max_bytes)
    elif path.exists():
        yield from iter_file(path, fetcher=fetcher, max_bytes=max_bytes)
    elif _GLOB_CHARS.search(source):
        yield from _iter_glob(source, fetcher=fetcher, max_bytes=max_bytes)
    else:
        yield source, Skipped("not_found", f"no such file or folder: {source}")


def _iter_glob(pattern: str, *, fetcher: Fetcher, max_bytes: int) -> Iterator[Item]:
    seen: set[Path] = set()
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        yield pattern, Skipped("not_found", f"no file matches {pattern}")
    for match in matches:
        path = Path(match)
        for file in _walk(path) if path.is_dir() else [path]:
            if file not in seen:  # "dir/**" matches a folder and its files
                seen.add(file)
                yield from iter_file(file, fetcher=fetcher, max_bytes=max_bytes)


def _walk(root: Path) -> list[Path]:
    """Known input files under root, sorted, hidden ones and symlinked folders left out."""
    found = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith(".") and input_suffix(Path(name))[0] in KNOWN_SUFFIXES:
                found.append(Path(folder) / name)
    return sorted(found)


def input_suffix(path: Path) -> tuple[str, bool]:
    """The suffix that says what the file holds, and whether it is gzipped: a.jsonl.gz -> .jsonl, True."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return (suffixes[-2] if len(suffixes) > 1 else ""), True
    return (suffixes[-1] if suffixes else ""), False


def iter_file(path: Path, *, fetcher: Fetcher, max_bytes: int) -> Iterator[Item]:
    """The Articles in one file; a file of unknown kind is read as plain text."""
    origin = str(path)
    suffix, gz = input_suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from _iter_jsonl(path, gz=gz, max_bytes=max_bytes)
        return
    data = _read(path, gz=gz, max_bytes=max_bytes)
    if isinstance(data, Skipped):
        yield origin, data
    elif suffix in FEED_SUFFIXES:
        yield from iter_feed(data, origin=origin, fetcher=fetcher)
    else:
        text = decode_bytes(data)
        if isinstance(text, Skipped):
            yield origin, text
        elif suffix in JSON_SUFFIXES:
            yield from _json_records(text, origin=origin)
        else:
            yield text_article(text, origin=origin, as_html=suffix in HTML_SUFFIXES)


def _read(path: Path, *, gz: bool, max_bytes: int) -> bytes | Skipped:
    """The file's bytes (decompressed), never more than max_bytes + 1 of them in memory."""
    try:
        if not gz and path.stat().st_size > max_bytes:
            return Skipped("too_large", f"{path.stat().st_size} bytes > {max_bytes}")
        with gzip.open(path, "rb") if gz else path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except _GZIP_ERRORS as exc:
        return Skipped("unreadable", f"truncated or corrupt gzip: {exc}")
    except OSError as exc:
        return Skipped("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return Skipped("too_large", f"more than {max_bytes} bytes")
    return data


def _json_records(text: str, *, origin: str) -> Iterator[Item]:
    try:
        loaded = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        yield origin, Skipped("bad_json", str(exc)[:200])
        return
    if not isinstance(loaded, list):
        loaded, origins = [loaded], [origin]
    else:
        origins = [f"{origin}#item {n}" for n in range(1, len(loaded) + 1)]
    if not loaded:
        yield origin, Skipped("empty", "an empty JSON list")
    for record, item_origin in zip(loaded, origins, strict=True):
        article = article_from_record(record, origin=item_origin)
        yield (item_origin, article) if isinstance(article, Skipped) else article


def _iter_jsonl(path: Path, *, gz: bool, max_bytes: int) -> Iterator[Item]:
    """One record a line, streamed: a bad line is skipped and the rest go on."""
    n = records = 0
    try:
        with gzip.open(path, "rb") if gz else path.open("rb") as f:
            while line := f.readline(max_bytes + 1):
                n += 1
                origin = f"{path}#line {n}"
                if len(line) > max_bytes and not line.endswith(b"\n"):
                    _skip_rest_of_line(cast(BinaryIO, f), max_bytes)
                    yield origin, Skipped("too_large", f"line {n}: more than {max_bytes} bytes")
                    continue
                if n == 1 and b"\x00" in line:
                    yield str(path), Skipped("binary", "contains NUL bytes")
                    return
                if line.strip():
                    records += 1
                    yield _jsonl_record(line, n=n, origin=origin)
    except _GZIP_ERRORS as exc:
        # what was decoded before the damage has been yielded already, and stays
        yield str(path), Skipped("unreadable", f"after line {n}: truncated or corrupt gzip: {exc}")
        return
    except OSError as exc:
        yield str(path), Skipped("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}")
        return
    if records == 0:
        yield str(path), Skipped("empty", "no records")


def _skip_rest_of_line(f: BinaryIO, chunk: int) -> None:
    while part := f.readline(chunk):
        if part.endswith(b"\n"):
            return


def _jsonl_record(line: bytes, *, n: int, origin: str) -> Item:
    try:
        record = json.loads(line.decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, RecursionError) as exc:
        return origin, Skipped("bad_json", f"line {n}: {exc}"[:200])
    article = article_from_record(record, origin=origin)
    if isinstance(article, Skipped):
        return origin, Skipped(article.reason, f"line {n}: {article.detail}")
    return article
