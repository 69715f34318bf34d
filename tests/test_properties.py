"""Property tests: any text or HTML gives a record or a skip, never an exception, and every span
(places, claims, evidence) lies inside document.text.

Inputs mix news sentences (so events, claims and evidence are coded) with hostile material:
control and zero-width characters, bidi controls, right-to-left scripts, lone surrogates, deeply
nested or broken markup, mixed encodings, and one 10 MB single line. The real extract() and the
real Pipeline run (loaded once per session by conftest's ``pipeline`` fixture).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictwatch.extract import extract
from conflictwatch.ingest.inputs import decode_bytes
from conflictwatch.records import Article, Document, Result, Skipped

NEWS = [
    "Gunmen killed 12 villagers in an attack near Kano on Monday, police said.",
    "KYIV, March 4 (Reuters) - Russian drones struck Kharkiv overnight, killing at least three people.",
    "Azerbaijan's defence ministry said four Armenian soldiers were killed; Armenia denied the claim.",
    "Protesters clashed with police in Dhaka on Tuesday; dozens were injured.",
    "Al-Shabaab militants attacked a military base in Mogadishu, officials said, and 20 were killed.",
    "Police in Lagos arrested 40 people after a protest over fuel prices turned violent.",
]
HOSTILE = [
    "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
    "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffd", "\u00ad", "\u2028", "\u2029", "\r", "\r\n", "\t", "\x0b",
    "\x0c", "\ud800", "\udfff", "\U0001f4a5", "e\u0301", "\u0627\u0644\u062e\u0631\u0637\u0648\u0645",
    "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd", "\u0645\u0642\u062a\u0644 12 \u0634\u062e\u0635\u0627",
    "&amp;", "&#0;", "&#x202e;", "&nbsp;", "<", ">", "]]>", "<!--", "-->",
]
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

hostile_bits = st.sampled_from(HOSTILE)
junk = st.text(st.characters(exclude_categories=("Cs",)), min_size=0, max_size=40)
pieces = st.lists(st.one_of(st.sampled_from(NEWS), hostile_bits, junk), min_size=0, max_size=12)


@st.composite
def texts(draw: Any) -> str:
    parts = draw(pieces)
    sep = draw(st.sampled_from([" ", "\n", "\n\n", "", "\u2028", "\t"]))
    return sep.join(parts)


TAGS = ["p", "div", "span", "article", "b", "i", "a", "table", "td", "script", "style", "h1", "li", "br", "bogus"]


@st.composite
def html_docs(draw: Any) -> str:
    def node(depth: int) -> str:
        if depth > 4 or draw(st.integers(0, 3)) == 0:
            return draw(texts())
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' class="x"', ' dir="rtl"', " onload='alert(1)'", ' href="javascript:x"',
                                      " a=\"\u202e\"", " broken=\"", " =="]))
        kids = "".join(node(depth + 1) for _ in range(draw(st.integers(0, 3))))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "</wrong>"]))
        return f"<{tag}{attrs}>{kids}{close}"

    head = draw(st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0"?>', "<html><head><title>T</title></head>",
                                 '<meta charset="windows-1251">']))
    return head + "<body>" + node(0) + draw(st.sampled_from(["</body></html>", "", "</html"]))


ENCODINGS = ["utf-8", "latin-1", "cp1251", "cp1252", "utf-16", "shift_jis", "koi8-r", "iso-8859-8"]


@st.composite
def mixed_bytes(draw: Any) -> bytes:
    chunks = draw(st.lists(st.tuples(st.sampled_from(NEWS + ["Москва", "Ürün", "日本語", "שלום", "مرحبا"]),
                                     st.sampled_from(ENCODINGS)), min_size=1, max_size=6))
    out = b""
    for text, enc in chunks:
        out += text.encode(enc, errors="replace") + b" "
    if draw(st.booleans()):
        out += draw(st.binary(max_size=30))
    return out


def check_spans(result: Result) -> None:
    """A record or a skip; every character offset inside document.text."""
    assert isinstance(result, Result)
    if result.skipped is not None:
        assert isinstance(result.skipped, Skipped) and result.skipped.reason
    if result.events or result.places:
        assert result.document is not None
    if result.document is None:
        return
    text = result.document.text
    assert isinstance(text, str)
    n = len(text)
    for p in result.places:
        assert 0 <= p.start <= p.end <= n, ("place", p)
        assert text[p.start:p.end] == p.text, ("place text", p)
    for ev in result.events:
        for c in ev.claims:
            assert 0 <= c.start <= c.end <= n, ("claim", c)
        for e in ev.evidence:
            assert 0 <= e.start <= e.end <= n, ("evidence", e)
            assert text[e.start:e.end] == e.text, ("evidence text", e)


def check_extract(article: Article) -> None:
    out = extract(article)
    assert isinstance(out, (Document, Skipped))
    if isinstance(out, Document):
        assert isinstance(out.text, str) and out.text


@SETTINGS
@given(texts())
def test_any_text_gives_a_record_or_a_skip(pipeline: Any, text: str) -> None:
    article = Article(id="t", text=text, published="2024-03-05")
    check_extract(article)
    check_spans(pipeline.process(article))


@SETTINGS
@given(html_docs())
def test_any_html_gives_a_record_or_a_skip(pipeline: Any, html: str) -> None:
    article = Article(id="h", html=html, published="2024-03-05", url="https://example.org/a")
    check_extract(article)
    check_spans(pipeline.process(article))


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mixed_bytes(), st.booleans())
def test_mixed_encodings_give_a_record_or_a_skip(pipeline: Any, data: bytes, as_html: bool) -> None:
    text = decode_bytes(data)
    if isinstance(text, Skipped):
        return
    article = Article(id="m", html=f"<html><body><p>{text}</p></body></html>" if as_html else None,
                      text=None if as_html else text, published="2024-03-05")
    check_extract(article)
    check_spans(pipeline.process(article))


@pytest.mark.parametrize("depth", [300, 5000])
def test_deeply_nested_markup(pipeline: Any, depth: int) -> None:
    html = "<div>" * depth + NEWS[0] + "</div>" * depth
    check_spans(pipeline.process(Article(id="deep", html=html)))
    unclosed = "<html><body>" + "<span><b><i>" * depth + NEWS[2]
    check_spans(pipeline.process(Article(id="deep2", html=unclosed)))


def _short_pipeline(pipeline: Any) -> Any:
    """The session's pipeline (same loaded models) cutting texts at 20,000 characters.

    With the default cut (200,000) a 10 MB line of news spends minutes in the coder, which grows
    faster than linearly on one long paragraph (25k chars 2.5 s, 50k 11 s, 100k 54 s on this
    machine): the watcher's time limit turns that into a "timeout" skip. Here the property is
    that such input never raises and keeps its spans inside the text, checked at a cut that fits
    the test budget.
    """
    from dataclasses import replace

    from conflictwatch.pipeline import Pipeline

    s = pipeline.settings
    short = Pipeline(replace(s, nlp=replace(s.nlp, max_chars=20_000)))
    short._nlp, short._geocoder, short._coder = pipeline.nlp, pipeline.geocoder, pipeline.coder
    return short


@pytest.mark.slow
def test_ten_megabyte_single_line(pipeline: Any) -> None:
    line = (" ".join(NEWS) + " \u200b\u202e ") * (10_000_000 // (len(" ".join(NEWS)) + 4))
    assert len(line) >= 9_900_000 and "\n" not in line
    short = _short_pipeline(pipeline)
    for article in (Article(id="big", text=line), Article(id="bightml", html="<html><body><p>" + line + "</p></body></html>")):
        check_extract(article)
        result = short.process(article)
        check_spans(result)
        assert result.document is not None and len(result.document.text) <= 20_000


def test_superscript_digits_are_not_numbers(pipeline: Any) -> None:
    # Found by the property tests: '¹'.isdigit() is True but int('¹') raises.
    check_spans(pipeline.process(Article(id="sup", text="Gunmen killed \u00b9 villagers near Kano on Monday.")))
