"""Article -> Document: main text, title, date, outlet and credits, from HTML or scraped text.

Two routes. HTML goes through trafilatura (with a recall retry and a bare <p> fallback).
Plain text may be a page a reader's scraper saved (navigation lines, captions, short links,
agency credit line, see ``shared/data/samples``): our own line classifier takes it apart.
Nothing here raises on odd input: every outcome is a Document or a Skipped.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import date
from html import unescape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from conflictwatch.records import Article, Document, Skipped

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
    from py3langid.langid import LanguageIdentifier

__all__ = ["detect_language", "extract", "looks_like_html"]

log = logging.getLogger(__name__)

# Share of control / replacement characters above which an input is binary junk, not text.
# Real pages have ~0; a decoded image or PDF has well over 20%. 10% leaves room for a few
# stray bytes in otherwise good text.
NOT_TEXT_MAX_RATIO = 0.10
# ... and at least this many of them: a stray NUL in a three-character input is not "binary".
NOT_TEXT_MIN_CHARS = 8
# The not-text check reads a prefix only: enough to judge, cheap on 10 MB.
SNIFF_CHARS = 200_000
# py3langid: letters needed before we trust it, the prefix it reads, and the least
# normalised probability we accept. On our checks a clean English sentence of 30+ letters
# scores > 0.9, a 3-word headline ~0.15-0.3 (too short to decide: None).
LANG_MIN_LETTERS = 20
LANG_SAMPLE_CHARS = 5_000
LANG_MIN_PROB = 0.5
# Scraped text: the header (nav, labels, title, date) sits in the first lines; a line this
# long is body already, and the date line is looked for no further than HEADER_SCAN lines.
HEADER_SCAN = 15
HEADER_STOP_WORDS = 40
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 30
# A standfirst (teaser paragraph between header and lead image) is dropped when it is at most
# this long; the DW sample's is 170 characters.
STANDFIRST_MAX_CHARS = 600
# Trailing "related story" teasers and "Edited by" lines: short, no final punctuation.
TEASER_MAX_WORDS = 14
TAIL_SCAN = 10
# An unpunctuated line next to a caption credit is the image's alt text if shorter than this.
ALT_TEXT_MAX_CHARS = 250
# Word counts feed thresholds of at most 40 words: the first 1,000 characters answer them.
WORDS_PREFIX = 1_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffd]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Zero-width and bidi-control characters: invisible, they only break tokens and offsets.
# ZWNJ/ZWJ (U+200C/D) stay: Persian and Indic spelling needs them.
_INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Most lines need no squashing; finding that out is 20x cheaper than rewriting every space.
_NEEDS_SQUASH = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]| {2}")
_HTML_STRONG = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:article|main|div|p|span|section|br|table|tr|td|ul|li|h[1-6]|meta|title|a|em|strong|b|i)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_P_OPEN = re.compile(r"<p\b[^<>]{0,500}>", re.IGNORECASE)
_P_END = re.compile(r"</?p\b", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]{0,1000}>")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TERMINAL = tuple('.!?…:;"”’»)')

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE_IN_LINE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\b",
    re.IGNORECASE,
)
# What may surround a date on a date line ("Published On", "Updated 3:04 AM EST, Tue ...").
_DATE_FILLER = re.compile(
    r"\b(?:published|updated|last|posted|modified|on|at|date|am|pm|a\.m\.|p\.m\.|gmt|utc|[a-z]?[ecmp][sd]t|cet|cest"
    r"|mon|tue|wed|thu|fri|sat|sun|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b\.?|\d{1,2}:\d{2}(?::\d{2})?h?|[|·•,:()\-–—/]",
    re.IGNORECASE,
)
_NAV = re.compile(
    r"^(?:\d+\.\s*)?(?:skip|jump|go|back)\s+to\b|^(?:home|menu|search|share|advertisement|advert|ad|print"
    r"|sign in|log ?in|sign up|subscribe|newsletter|close|open menu|more|show more|load more|cookies?"
    r"|accept(?: all)?(?: cookies)?|cookie settings|copy link|follow us|listen(?: to this article)?|live"
    r"|share this (?:article|story|page)|related(?: topics| content| stories| articles)?|most read"
    r"|(?:facebook|twitter|x|whatsapp|telegram|linkedin|email|e-mail)(?: share)?)\s*$"
    r"|^.{0,80}(?:\s[>›»|]\s.{1,40}){2,}$",  # breadcrumb "Home > World > Europe"
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_CAPTION = re.compile(
    # a credit's only full stops are initials ("Image: M. Wanjiru/AFP")
    r"(?:(?:Image|Photo|Picture|Photograph|Foto|Bild|Credit)s?\s*:\s*\S(?:[^.!?]|(?<=\b[A-Z])\.){0,80}"
    r"|\((?:Photo|Image|Picture)s?\b[^()]{0,80}\)|\bvia Getty Images)\s*$",
)
_CAPTION_ONLY = re.compile(r"^(?:Image|Photo|Picture|Photograph|Foto|Bild|Credit)s?\s*:", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:By|Von|Par|Por|Author:?|Written by)\s+\S", re.IGNORECASE)
_READ_MORE = re.compile(
    r"^(?:read more|also read|read also|see also|watch|related|more on this)\b\s*:", re.IGNORECASE
)
_REPORTING = re.compile(
    r"^(?:\(?reporting|additional reporting|writing|editing|edited)\s+by\b", re.IGNORECASE
)
_CREDIT = re.compile(r"^(?:[A-Za-z]{1,4}(?:/[A-Za-z]{1,4}){0,5}\s*)?\(([^()]{2,80})\)\s*\.?$")
_DATELINE_CREDIT = re.compile(
    r"^[A-Z][A-Za-z .,'/-]{1,60}\(([A-Z][A-Za-z]{1,12}(?:\s*[/,]\s*[A-Z][A-Za-z]{1,12}){0,2})\)\s*[—–-]"
)
_CREDIT_SPLIT = re.compile(r"\s*(?:,|/|;|&|\band\b)\s*")


# --------------------------------------------------------------------------- public API


def extract(article: Article) -> Document | Skipped:
    """Clean main text and metadata of one article; a Skipped when there is none."""
    raw = article.html if article.html is not None else article.text
    if raw is None or not raw.strip():
        return Skipped("empty", "no text or html")
    bad, sample = _control_count(raw)
    if bad >= NOT_TEXT_MIN_CHARS and bad > NOT_TEXT_MAX_RATIO * sample:
        return Skipped("not_text", f"{bad / sample:.0%} control or undecodable characters")
    raw = _sanitize(raw)
    if not raw.strip():
        return Skipped("empty", "only invisible or control characters")
    if looks_like_html(raw) or (article.html is not None and "<" in raw):
        parts = _from_html(raw, url=article.url)
    else:
        parts = _from_scraped_text(raw)
    if parts is None or not parts.text.strip():
        return Skipped("no_main_text", "no article text found")
    return _document(article, parts)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; None when too short or undecidable."""
    sample = text[:LANG_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < LANG_MIN_LETTERS:
        return None
    lang, prob = _language_identifier().classify(sample)
    # py3langid also knows ISO 639-3-only varieties (pcm, zxx = "no language"): not 639-1.
    if prob < LANG_MIN_PROB or len(lang) != 2:
        return None
    return str(lang)


def looks_like_html(text: str) -> bool:
    """True when the text is markup (a page or a fragment), not prose."""
    # Markup shows in its first kilobytes; a 10 MB page need not be scanned to tell.
    return bool(_HTML_STRONG.search(text[:5000])) or len(_HTML_TAG.findall(text[:20000])) >= 2


# --------------------------------------------------------------------------- shared steps


@dataclass
class _Parts:
    """What one route extracted, before the Article's own metadata is laid over it."""

    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    credits: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None


def _document(article: Article, parts: _Parts) -> Document:
    text = parts.text
    credits = _merge_credits(parts.credits, _dateline_credit(text))
    url = article.url or parts.url
    return Document(
        title=_clean_field(article.title) or parts.title,
        text=text,
        published=_iso_date(article.published) or parts.published,
        url=url,
        source=_clean_field(article.source) or parts.source or _hostname(url),
        credits=credits,
        language=_normalise_language(article.language) or detect_language(text),
        author=parts.author,
    )


def _squash(text: str) -> str:
    """Runs of spaces, tabs and exotic blanks -> one space."""
    return _SPACES.sub(" ", text) if _NEEDS_SQUASH.search(text) else text


def _control_count(raw: str) -> tuple[int, int]:
    """Control or undecodable characters in the sniffed prefix, and the prefix length."""
    sample = raw[:SNIFF_CHARS]
    return len(_CONTROL.findall(sample)), len(sample)


def _sanitize(raw: str) -> str:
    raw = _LINE_BREAKS.sub("\n", raw)
    raw = _CONTROL.sub("", raw)
    return _INVISIBLE.sub("", raw)


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = _squash(_sanitize(value)).strip()
    return value or None


def _normalise_language(value: str | None) -> str | None:
    value = _clean_field(value)
    # "en-US", "EN", "en_GB" all mean English to the pipeline.
    return re.split(r"[-_]", value.lower())[0] if value else None


def _hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _iso_date(value: str | None) -> str | None:
    """yyyy-mm-dd from an ISO date or datetime, or from any date string dateparser reads."""
    value = _clean_field(value)
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    return _parse_date(value[:100])


def _parse_date(text: str) -> str | None:
    try:
        found = _date_parser().get_date_data(text)
    except (ValueError, TypeError, OverflowError) as exc:  # dateparser on odd strings
        log.debug("date %r not parsed: %s", text, exc)
        return None
    return found.date_obj.date().isoformat() if found and found.date_obj else None


@functools.lru_cache(maxsize=1)
def _date_parser() -> DateDataParser:
    from dateparser.date import DateDataParser

    # A page's own date line is a full date; partial ones ("February 2024") are not it.
    return DateDataParser(
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]},
    )


@functools.lru_cache(maxsize=1)
def _language_identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


def _parse_credit(line: str) -> tuple[str, ...] | None:
    """("Reuters", "AFP") from an agency credit line such as "mk/rc (Reuters, AFP)"."""
    m = _CREDIT.match(line.strip())
    if not m:
        return None
    items = [i.strip() for i in _CREDIT_SPLIT.split(m[1]) if i.strip()]
    ok = items and all(
        len(i.split()) <= 4 and i[0].isalpha() and not _CAPTION_ONLY.match(i + ":") for i in items
    )
    return tuple(items) if ok else None


def _dateline_credit(text: str) -> tuple[str, ...]:
    """("AP",) from a wire-story opening such as "KYIV, Ukraine (AP) — ..."."""
    for paragraph in text.split("\n\n", 3)[:3]:  # a repeated headline may come first
        m = _DATELINE_CREDIT.match(paragraph[:120])
        if m:
            return tuple(i for i in _CREDIT_SPLIT.split(m[1]) if i)
    return ()


def _merge_credits(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for g in groups for c in g))


# --------------------------------------------------------------------------- HTML route


def _from_html(html: str, *, url: str | None) -> _Parts | None:
    """trafilatura, then trafilatura favouring recall, then the page's bare <p> texts."""
    meta = _trafilatura(html, url=url, favor_recall=False)
    text = meta.get("text") or ""
    if not text.strip():
        recall = _trafilatura(html, url=url, favor_recall=True)
        meta = {**recall, **{k: v for k, v in meta.items() if v}}
        text = recall.get("text") or ""
    if not text.strip():
        title, paragraphs = _lxml_paragraphs(html)
        meta["title"] = meta.get("title") or title
        text = "\n".join(paragraphs)
    if not text.strip():
        if not _HTML_TAG.search(html) and not _HTML_STRONG.search(html):
            return _from_scraped_text(html)  # "html" that is prose after all
        return None
    paragraphs = [_squash(p).strip() for p in text.split("\n")]
    paragraphs = [p for p in paragraphs if p]
    credits: tuple[str, ...] = ()
    if len(paragraphs) > 1 and (found := _parse_credit(paragraphs[-1])):
        credits, paragraphs = found, paragraphs[:-1]
    title = _clean_field(meta.get("title"))
    if title and title in paragraphs[:3] and len(paragraphs) > 1:
        paragraphs.remove(title)  # the headline is metadata, not body
    return _Parts(
        text="\n\n".join(paragraphs),
        title=title,
        published=_iso_date(meta.get("date")),
        author=_clean_field(meta.get("author")),
        credits=credits,
        source=_clean_field(meta.get("sitename")) or _hostname_or_none(meta.get("hostname")),
        url=_clean_field(meta.get("url")),
    )


def _hostname_or_none(host: str | None) -> str | None:
    host = _clean_field(host)
    return host.removeprefix("www.") if host else None


def _trafilatura(html: str, *, url: str | None, favor_recall: bool) -> dict[str, Any]:
    from trafilatura import bare_extraction

    # trafilatura returns None on fragments: give it a document to hold on to.
    if not _HTML_STRONG.search(html[:5000]):
        html = f"<html><body>{html}</body></html>"
    try:
        doc = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            favor_recall=favor_recall,
        )
    # trafilatura, lxml and htmldate raise assorted errors on pathological pages (depth,
    # encodings, broken dates); such a page must fall back, not stop the batch.
    except Exception as exc:  # noqa: BLE001
        log.debug("trafilatura failed on %s: %r", url, exc)
        return {}
    if doc is None:
        return {}
    found = doc if isinstance(doc, dict) else doc.as_dict()
    return {k: found.get(k) for k in ("text", "title", "date", "author", "sitename", "hostname", "url")}


def _lxml_paragraphs(html: str) -> tuple[str | None, list[str]]:
    from lxml import etree
    from lxml import html as lxml_html

    # huge_tree lifts libxml2's depth and 10 MB text-node limits that made trafilatura give up.
    parser = lxml_html.HTMLParser(huge_tree=True, remove_comments=True)
    try:
        # lxml refuses str input that carries an encoding declaration.
        tree = lxml_html.document_fromstring(_XML_DECL.sub("", html), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        log.debug("lxml could not parse page: %s", exc)
        return None, []
    for bad in tree.xpath("//script|//style|//nav|//footer|//header|//aside|//form"):
        bad.drop_tree()
    texts = [_squash(p.text_content()).strip() for p in tree.iter("p")]
    title = tree.findtext(".//title") or tree.findtext(".//h1")
    if not any(texts):
        texts = _regex_paragraphs(html)  # nested deeper than libxml2 will go
    return _clean_field(title), [t for t in texts if t]


def _regex_paragraphs(html: str) -> list[str]:
    """The <p> texts of markup no parser can hold; split, not a backtracking regex."""
    out = []
    for piece in _P_OPEN.split(html)[1:]:
        body = _P_END.split(piece, maxsplit=1)[0]
        out.append(_squash(unescape(_ANY_TAG.sub(" ", body))).strip())
    return out


# --------------------------------------------------------------------------- scraped text route

_BODY, _DROP, _TITLE, _MEDIA = "body", "drop", "title", "media"


@dataclass
class _Line:
    text: str
    block: int  # lines of one block were not separated by a blank line
    kind: str = _BODY


def _from_scraped_text(text: str) -> _Parts:
    """Take a scraped page apart line by line: header, media, body, tail."""
    lines = _split_lines(text)
    _mark_junk(lines)
    parts = _Parts(text="")
    header_end = _mark_header(lines, parts)
    if header_end:
        _mark_standfirst(lines, header_end)
    # Short unpunctuated closing lines are teasers on a scraped page, but may be the last
    # words of a plain text someone typed: only a page with page furniture loses them.
    scraped = header_end > 0 or any(line.kind != _BODY for line in lines)
    parts.credits = _mark_tail(lines, teasers=scraped)
    parts.text = _join_paragraphs(lines)
    return parts


def _split_lines(text: str) -> list[_Line]:
    lines, block = [], 0
    for raw in text.split("\n"):
        line = _squash(raw).strip()
        if not line:
            block += 1
            continue
        lines.append(_Line(line, block))
    return lines


def _words(line: str) -> int:
    return len(line[:WORDS_PREFIX].split())


def _mark_junk(lines: list[_Line]) -> None:
    """Navigation, short links, boilerplate words, captions with their alt text."""
    for i, line in enumerate(lines):
        t = line.text
        if len(t) <= 120 and (_NAV.search(t) or _URL_LINE.match(t)):
            line.kind = _MEDIA if _URL_LINE.match(t) else _DROP
        elif _READ_MORE.match(t):
            line.kind = _DROP
        elif len(t) <= 400 and _CAPTION.search(t):
            line.kind = _MEDIA
            _mark_alt_text(lines, i, credit_only=bool(_CAPTION_ONLY.match(t)))


def _mark_alt_text(lines: list[_Line], i: int, *, credit_only: bool) -> None:
    """Lines just before a caption in its block are the image's alt text and caption."""
    j = i - 1
    while j >= 0 and lines[j].block == lines[i].block and lines[j].kind == _BODY:
        t = lines[j].text
        # a bare "Image: AFP" line credits the sentence above it, punctuated or not
        if len(t) > ALT_TEXT_MAX_CHARS or (_ends_sentence(t) and not (credit_only and j == i - 1)):
            break
        lines[j].kind = _MEDIA
        j -= 1


def _is_date_line(t: str) -> bool:
    if len(t) > 80:
        return False
    m = _DATE_IN_LINE.search(t)
    return m is not None and _words(_DATE_FILLER.sub(" ", t.replace(m[0], " "))) <= 2


def _is_title_candidate(t: str) -> bool:
    return (
        TITLE_MIN_WORDS <= _words(t) <= TITLE_MAX_WORDS
        and not t.endswith(".")
        and not _BYLINE.match(t)
        and not _is_date_line(t)
    )


def _mark_header(lines: list[_Line], parts: _Parts) -> int:
    """Title, date and byline from the top of the page; returns where the body starts."""
    scan: list[int] = []  # indexes of the first body-like lines, menus already dropped
    for idx, line in enumerate(lines):
        if line.kind != _BODY:
            continue
        if _words(line.text) >= HEADER_STOP_WORDS or len(scan) >= HEADER_SCAN:
            break
        scan.append(idx)
    date_at = next((i for i in scan if _is_date_line(lines[i].text)), None)
    if date_at is not None:
        found = _DATE_IN_LINE.search(lines[date_at].text)
        published = _parse_date(found[0]) if found else None
        if published:
            parts.published = published
            lines[date_at].kind = _DROP
            zone = [i for i in scan if i < date_at]
            end = date_at + 1
        else:
            date_at = None
    if date_at is None:
        # No date line: a short run of unpunctuated lines ahead of the first sentence.
        first_sentence = next(
            (i for i in scan if _ends_sentence(lines[i].text) and _words(lines[i].text) >= 8), None
        )
        if first_sentence is None:
            return 0
        zone = [i for i in scan if i < first_sentence]
        if not zone or len(zone) > 6 or any(_ends_sentence(lines[i].text) for i in zone):
            return 0
        end = zone[-1] + 1
    title_at = next((i for i in reversed(zone) if _is_title_candidate(lines[i].text)), None)
    if title_at is None and date_at is None:
        return 0
    for i in zone:
        if _BYLINE.match(lines[i].text) and _words(lines[i].text) <= 8:
            parts.author = parts.author or _byline_name(lines[i].text)
        lines[i].kind = _DROP  # section labels, kickers, menus left over
    if title_at is None and end < len(lines) and _is_headline_after_date(lines, end):
        title_at, end = end, end + 1  # the date came first, the headline right after it
    if title_at is not None:
        parts.title = lines[title_at].text
        lines[title_at].kind = _TITLE
    while (
        end < len(lines)
        and lines[end].kind == _BODY
        and _BYLINE.match(lines[end].text)
        and _words(lines[end].text) <= 8
    ):
        parts.author = parts.author or _byline_name(lines[end].text)
        lines[end].kind = _DROP
        end += 1
    return end


def _is_headline_after_date(lines: list[_Line], i: int) -> bool:
    line, nxt = lines[i], lines[i + 1] if i + 1 < len(lines) else None
    return (
        line.kind == _BODY
        and _is_title_candidate(line.text)
        and not _ends_sentence(line.text)
        and nxt is not None
        and nxt.block != line.block
    )


def _byline_name(t: str) -> str:
    return re.sub(r"^(?:By|Von|Par|Por|Author:?|Written by)\s+", "", t, flags=re.IGNORECASE).strip()


def _mark_standfirst(lines: list[_Line], start: int) -> None:
    """A teaser paragraph between the header and the lead image is not body text."""
    blocks: list[int] = []
    candidates: list[_Line] = []
    for line in lines[start:]:
        if line.kind == _MEDIA:
            if candidates and sum(len(c.text) for c in candidates) <= STANDFIRST_MAX_CHARS:
                for c in candidates:
                    c.kind = _DROP
            return
        if line.kind != _BODY:
            continue
        if line.block not in blocks:
            blocks.append(line.block)
            if len(blocks) > 2:
                return
        candidates.append(line)


def _mark_tail(lines: list[_Line], *, teasers: bool) -> tuple[str, ...]:
    """Agency credit line, "Reporting by" lines and (if asked) related-story teasers at the end."""
    credits: tuple[str, ...] = ()
    body = [line for line in lines if line.kind == _BODY]
    if len(body) < 2:
        return credits  # a one-line text is all body, whatever it looks like
    for line in reversed(body[-TAIL_SCAN:]):
        t = line.text
        found = _parse_credit(t)
        if found:
            credits = _merge_credits(found, credits)
        elif not (_REPORTING.match(t) or (teasers and _is_teaser(t))):
            break
        line.kind = _DROP
    return credits


def _is_teaser(t: str) -> bool:
    return _words(t) < TEASER_MAX_WORDS and not _ends_sentence(t)


def _join_paragraphs(lines: list[_Line]) -> str:
    """Body lines into paragraphs: a blank line or a finished sentence ends one."""
    paragraphs: list[str] = []
    current: list[str] = []
    prev: _Line | None = None
    for line in lines:
        if line.kind != _BODY:
            continue
        if current and prev is not None and _paragraph_break(prev, line):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line.text)
        prev = line
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def _paragraph_break(prev: _Line, line: _Line) -> bool:
    if prev.block != line.block or _ends_sentence(prev.text):
        return True
    # a hard-wrapped line runs on; a short unpunctuated line before a capital is a heading
    return len(prev.text) < 50 and not line.text[:1].islower()
