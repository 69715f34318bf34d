"""Bytes -> text and input records -> Article: the steps every source kind shares."""

from __future__ import annotations

import codecs
import logging
import re
from typing import Any

from conflictwatch.records import Article, Skipped, content_id

log = logging.getLogger(__name__)

# An Article, or the origin of an input that could not be read and why.
Item = Article | tuple[str, Skipped]

# Share of control or undecodable characters above which bytes are binary, not text with a
# few bad bytes (a Latin-1 page read as UTF-8 loses ~1-3% of its characters; an image, 30%+).
BINARY_MAX_RATIO = 0.10
# The binary test reads this prefix: enough to judge, and cheap on a 20 MB page.
SNIFF_BYTES = 65_536

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{2,40})""", re.IGNORECASE
)
RECORD_FIELDS = ("published", "title", "url", "source", "language")


def decode_bytes(data: bytes, *, charset: str | None = None) -> str | Skipped:
    """Text from raw bytes: BOM, UTF-8, the declared charset, then UTF-8 with replacement."""
    if not data.strip():
        return Skipped("empty", "no content")
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):  # UTF-16 is full of NUL bytes, yet text
            return _try_decode(data, codec) or Skipped("binary", "broken UTF-16")
    if b"\x00" in data:
        return Skipped("binary", "contains NUL bytes")
    text = _try_decode(data, "utf-8-sig")
    for declared in (charset, _declared_charset(data)):
        if text is None and declared:
            text = _try_decode(data, declared)
    if text is None:
        text = data.decode("utf-8", errors="replace")
        log.info("input is not valid UTF-8: decoded with replacement characters")
    sample = text[:SNIFF_BYTES]
    if len(_CONTROL.findall(sample)) > BINARY_MAX_RATIO * len(sample):
        return Skipped("binary", "mostly control or undecodable bytes")
    return text


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):  # unknown charset name, or not that charset
        return None


def _declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m[1].decode("ascii") if m else None


def text_article(content: str, *, origin: str, as_html: bool, **meta: str | None) -> Article:
    """An Article for one page or text, its id the content hash."""
    html, text = (content, None) if as_html else (None, content)
    return Article(id=content_id(html or "", text or ""), html=html, text=text, origin=origin, **meta)


def article_from_record(record: Any, *, origin: str) -> Article | Skipped:
    """An Article from an input record ({"id", "text"|"html", published, title, ...})."""
    if not isinstance(record, dict):
        return Skipped("bad_record", f"expected a JSON object, got {type(record).__name__}")
    html = record.get("html") if isinstance(record.get("html"), str) else None
    text = record.get("text") if isinstance(record.get("text"), str) else None
    if html is None and text is None:
        return Skipped("bad_record", "no 'text' or 'html' string")
    meta = {name: _scalar(record.get(name)) for name in RECORD_FIELDS}
    given_id = _scalar(record.get("id"))
    return Article(
        id=given_id or content_id(html or "", text or ""),
        html=html,
        text=text,
        origin=origin,
        **meta,
    )


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    return None
