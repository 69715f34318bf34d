"""The stage order in one literal table; the stages are built once and run over a stream.

`code` and `ingest` both run `Pipeline.process`, so what is stored is what `code` prints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from conflictwatch.records import Article, Document, Event, Place, Result, Skipped
from conflictwatch.settings import Settings


@dataclass
class State:
    """What one article has become so far; each stage fills one more field."""

    article: Article
    document: Document | None = None
    sdoc: Any = None  # spaCy Doc of document.text
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


StageFn = Callable[["Pipeline", State], "State | Skipped"]

# Articles parsed together by process_many. spaCy's throughput stops rising past a few dozen short
# documents, and a small batch keeps the memory of long pages bounded.
BATCH_SIZE = 32


def _extract(pipe: "Pipeline", st: State) -> State | Skipped:
    from conflictwatch.extract import extract

    out = extract(st.article)
    if isinstance(out, Skipped):
        return out
    st.document = out
    return st


def _language(pipe: "Pipeline", st: State) -> State | Skipped:
    assert st.document is not None
    lang = st.document.language
    if lang and lang not in pipe.settings.languages:
        return Skipped("unsupported_language", f"language {lang!r} is stored but not coded yet")
    return st


def _trim(pipe: "Pipeline", st: State) -> None:
    assert st.document is not None
    limit = pipe.settings.nlp.max_chars
    if len(st.document.text) > limit:
        # Very long pages are cut rather than refused; spans stay valid because we cut the tail.
        st.document = replace(st.document, text=st.document.text[:limit])


def _parse(pipe: "Pipeline", st: State) -> State | Skipped:
    _trim(pipe, st)
    assert st.document is not None
    st.sdoc = pipe.nlp(st.document.text)
    return st


def _geoparse(pipe: "Pipeline", st: State) -> State | Skipped:
    st.places = list(pipe.geocoder.find_places(st.sdoc, document=st.document))
    return st


def _code(pipe: "Pipeline", st: State) -> State | Skipped:
    assert st.document is not None
    st.events = list(pipe.coder.code(st.document, st.sdoc, st.places))
    return st


# The pipeline, in order. Each stage takes the state and returns it, or a Skipped that ends it.
STAGES: tuple[tuple[str, str, StageFn], ...] = (
    ("extract", "Article -> Document (main text, title, date, credits, language)", _extract),
    ("language", "skip languages the coder does not handle, with that reason", _language),
    ("parse", "Document -> spaCy Doc (tokens, sentences, dependencies, entities)", _parse),
    ("geoparse", "spaCy Doc -> place mentions resolved to GeoNames", _geoparse),
    ("code", "spaCy Doc + places -> ACLED-style events with claims and evidence", _code),
)


class Pipeline:
    """Holds the heavy resources (spaCy model, gazetteer, coder), each built on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._nlp: Any = None
        self._geocoder: Any = None
        self._coder: Any = None
        self.stage_seconds: dict[str, float] = {name: 0.0 for name, _, _ in STAGES}

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from conflictwatch.nlp import load_nlp

            self._nlp = load_nlp(self.settings.nlp.model)
        return self._nlp

    @property
    def geocoder(self) -> Any:
        if self._geocoder is None:
            from conflictwatch.geo import Geocoder

            self._geocoder = Geocoder.load(
                cache_dir=str(self.settings.geo.cache_dir), learn_outlets=self.settings.geo.learn_outlets
            )
        return self._geocoder

    @property
    def coder(self) -> Any:
        if self._coder is None:
            from conflictwatch.coding import Coder

            self._coder = Coder.load(geocoder=self.geocoder)
        return self._coder

    def process(self, article: Article) -> Result:
        """Run every stage on one article; a skip is a value in the result, never an exception."""
        return self._process_batch([article])[0]

    def process_many(self, articles: Iterable[Article], *, batch_size: int = BATCH_SIZE) -> Iterator[Result]:
        """Results in input order; the parse stage runs over a batch at once (spaCy's nlp.pipe is
        faster per word than one call per document), every other stage one article at a time."""
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) >= batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    def _run(self, name: str, fn: StageFn, st: State) -> State | Skipped:
        t0 = time.perf_counter()
        out = fn(self, st)
        self.stage_seconds[name] += time.perf_counter() - t0
        return out

    def _process_batch(self, articles: list[Article]) -> list[Result]:
        names = [name for name, _, _ in STAGES]
        cut = names.index("parse")
        states: list[State | Result] = []
        for a in articles:
            st: State | Result = State(article=a)
            for name, _, fn in STAGES[:cut]:
                assert isinstance(st, State)
                out = self._run(name, fn, st)
                if isinstance(out, Skipped):
                    st = Result(id=a.id, document=st.document, skipped=out)
                    break
                st = out
            states.append(st)
        live = [st for st in states if isinstance(st, State)]
        t0 = time.perf_counter()
        for st in live:
            _trim(self, st)
        texts = []
        for st in live:
            assert st.document is not None  # extract made it, or the article was skipped
            texts.append(st.document.text)
        for st, sdoc in zip(live, self.nlp.pipe(texts), strict=True):
            st.sdoc = sdoc
        self.stage_seconds["parse"] += time.perf_counter() - t0
        results = []
        for st in states:
            if isinstance(st, Result):
                results.append(st)
                continue
            skipped = None
            for name, _, fn in STAGES[cut + 1:]:
                out = self._run(name, fn, st)
                if isinstance(out, Skipped):
                    skipped = out
                    break
                st = out
            if skipped is not None:
                results.append(Result(id=st.article.id, document=st.document, skipped=skipped))
            else:
                results.append(Result(id=st.article.id, document=st.document, events=tuple(st.events),
                                      places=tuple(st.places)))
        return results

    def code_text(
        self, text: str, *, published: str | None = None, id: str = "text", title: str | None = None
    ) -> Result:
        """Code one plain text (evaluation and tests)."""
        return self.process(Article(id=id, text=text, published=published, title=title))


def article_from_record(rec: dict[str, Any], *, fallback_id: str) -> Article | Skipped:
    """An input record of interfaces.md -> Article, or a Skipped saying what is wrong with it."""
    if not isinstance(rec, dict):
        return Skipped("bad_record", "a record must be a JSON object")
    text, html = rec.get("text"), rec.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Skipped("bad_record", "a record needs a 'text' or an 'html' string")
    rid = rec.get("id")
    meta = {k: rec.get(k) for k in ("published", "title", "url", "source", "language")}
    meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
    return Article(
        id=str(rid) if rid is not None else fallback_id,
        text=text if isinstance(text, str) else None,
        html=html if isinstance(html, str) else None,
        **meta,
    )
