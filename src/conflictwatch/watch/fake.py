"""A tiny stand-in for Pipeline: deterministic events from plain text, no spaCy (tests, the soak).

It codes one event per article that contains "killed"; a text with "not news" is skipped, one
with "HANG" sleeps (the time-limit tests) and one with "CRASH" raises. Events of articles naming
the same town on the same day merge into one canonical event, so the merge runs too.
"""

from __future__ import annotations

import re
import time
from html import unescape

from conflictwatch.records import (
    Actor,
    Article,
    Document,
    Event,
    Evidence,
    Location,
    Place,
    Range,
    Result,
    Skipped,
    content_id,
)

_TAG = re.compile(r"<[^>]*>")
_KILLED = re.compile(r"(\d+) (?:people|villagers|soldiers) (?:were )?killed|killed (\d+)")
TOWNS = {
    "Goma": ("Democratic Republic of Congo", "COD", -1.68, 29.22),
    "Kano": ("Nigeria", "NGA", 12.0, 8.52),
    "Mosul": ("Iraq", "IRQ", 36.34, 43.13),
    "Bamako": ("Mali", "MLI", 12.65, -8.0),
}


class FakePipeline:
    """Pipeline.process's contract: an Article in, a Result out, spans inside document.text."""

    def __init__(self, *, delay: float = 0.0, hang_seconds: float = 3600.0) -> None:
        self.delay = delay
        self.hang_seconds = hang_seconds
        self.processed = 0

    def process(self, article: Article) -> Result:
        self.processed += 1
        if self.delay:
            time.sleep(self.delay)
        raw = article.text if article.text is not None else unescape(_TAG.sub(" ", article.html or ""))
        text = " ".join(raw.split())
        if "HANG" in text:
            time.sleep(self.hang_seconds)
        if "CRASH" in text:
            raise RuntimeError("fake pipeline crashed on purpose")
        doc = Document(title=article.title, text=text, published=article.published or "2024-03-05",
                       url=article.url, source=article.source, language=article.language or "en")
        if not text:
            return Result(id=article.id, document=doc, skipped=Skipped("empty", "no text"))
        if "not news" in text:
            return Result(id=article.id, document=doc, skipped=Skipped("not_news", "fake: no event words"))
        places = tuple(
            Place(text=m.group(), start=m.start(), end=m.end(), name=m.group(), country=TOWNS[m.group()][0],
                  iso3=TOWNS[m.group()][1], latitude=TOWNS[m.group()][2], longitude=TOWNS[m.group()][3])
            for m in re.finditer("|".join(TOWNS), text)
        )
        m = _KILLED.search(text)
        if not m:
            return Result(id=article.id, document=doc, places=places)
        n = int(m.group(1) or m.group(2))
        town = places[0] if places else None
        loc = Location(name=town.name, admin1=None, admin2=None, country=town.country, iso3=town.iso3,
                       latitude=town.latitude, longitude=town.longitude, geo_precision=1) if town else None
        event = Event(
            event_id=content_id(article.content_hash, "0"),
            event_type="Violence against civilians", sub_event_type="Attack",
            event_date=doc.published, time_precision=1,
            actor1=Actor(name="Unidentified Armed Group", inter=3), actor2=Actor(name="Civilians", inter=7),
            interaction=37, fatalities=Range(n, n, n), acled_fatalities=n, injured=None, location=loc,
            evidence=(Evidence(field="fatalities", start=m.start(), end=m.end(), text=m.group()),),
        )
        return Result(id=article.id, document=doc, events=(event,), places=places)
