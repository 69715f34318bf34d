"""The coder: a parsed document -> ACLED-style Event records.

`Coder.load()` reads the lexicons once; `Coder.code()` runs the event classifier (classify.py),
then groups its cues into events and fills actors, counts, dates, claims and places.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from conflictwatch.records import Document, Event, Place

__all__ = ["Coder"]


class Coder:
    """Holds the lexicons and readers; one instance serves every document."""

    def __init__(self, *, geocoder: Any, lexicon: Any, numbers: Any, claims: Any, markers: list[str],
                 detector: Callable[[Any], list[Any]] | None) -> None:
        self.geocoder = geocoder
        self.lexicon = lexicon
        self.numbers = numbers
        self.claims = claims
        self.markers = markers
        self._detector = detector

    @classmethod
    def load(cls, *, geocoder: Any = None, detector: Callable[[Any], list[Any]] | None = None) -> Coder:
        """Build the coder; `detector` replaces classify.detect_events (tests, experiments)."""
        from conflictwatch.coding.actors import data_rows, load_lexicon
        from conflictwatch.coding.claims import ClaimReader
        from conflictwatch.coding.numbers import NumberReader

        lexicon = load_lexicon()
        # counted people: the agent nouns and demonyms used as nouns ("two Palestinians")
        person_nouns = {p for p, e in lexicon.agents.items() if " " not in p and e.role != "weapon"} | set(
            lexicon.countries.demonyms) | {r[0] for r in data_rows("counted_people.tsv")}
        return cls(
            geocoder=geocoder,
            lexicon=lexicon,
            numbers=NumberReader(person_nouns),
            claims=ClaimReader(),
            markers=[r[0] for r in data_rows("background_markers.tsv")],
            detector=detector,
        )

    @property
    def detector(self) -> Callable[[Any], list[Any]]:
        if self._detector is None:
            from conflictwatch.coding.classify import detect_events

            self._detector = detect_events
        return self._detector

    def code(self, document: Document, sdoc: Any, places: list[Place]) -> list[Event]:
        """The events one document reports, in text order."""
        from conflictwatch.coding.assemble import (
            DocumentContext,
            attach_claims,
            attach_elaborations,
            build_drafts,
            name_unknown_sides,
        )
        from conflictwatch.coding.consolidate import consolidate
        from conflictwatch.coding.dates import DateReader, parse_published
        from conflictwatch.coding.events import finish, implausible
        from conflictwatch.coding.places import local_places

        cues = list(self.detector(sdoc))
        if not cues:
            return []
        stated = parse_published(document.published)
        published = stated or dt.date.today()
        ctx = DocumentContext(sdoc, list(places), lexicon=self.lexicon, numbers=self.numbers,
                              claims=self.claims, dates=DateReader(published), markers=self.markers)
        # Without a publication date, an event's age says nothing about whether it is news.
        ctx.published_known = stated is not None
        drafts, negated = build_drafts(cues, ctx, published)
        attach_elaborations(drafts, ctx)
        attach_claims(drafts, negated, ctx)
        name_unknown_sides(drafts, ctx)
        drafts = [d for d in drafts if not implausible(d)]
        return consolidate([(d, finish(d, ctx, document.text, published, self.geocoder)) for d in drafts],
                           places_of=lambda d: local_places(d, ctx))
