"""Helpers every evaluation shares: picking the predicted event, error records, country names."""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from conflictwatch.errors import InputError
from conflictwatch.records import Event, Result

# Error listings show this much of the input: enough to see the event, short enough for a terminal.
ERROR_TEXT_CHARS = 300

# Country spellings of UCDP/ACLED that pycountry cannot look up (GED's Gleditsch-Ward names and
# common short forms); found by running every GED 23.1 country name through pycountry.
COUNTRY_ALIASES: dict[str, str] = {
    "bosnia-herzegovina": "BIH",
    "dr congo": "COD",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "congo": "COG",
    "republic of congo": "COG",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "macedonia, fyr": "MKD",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "turkey": "TUR",
    "russia": "RUS",
    "vietnam": "VNM",
    "laos": "LAO",
    "kosovo": "XKX",
    "east timor": "TLS",
    "south korea": "KOR",
    "north korea": "PRK",
    "syria": "SYR",
    "iran": "IRN",
    "palestine": "PSE",
    "swaziland": "SWZ",
    "eswatini": "SWZ",
    "kingdom of eswatini": "SWZ",
    "gambia": "GMB",
    "czech republic": "CZE",
    "bolivia": "BOL",
    "tanzania": "TZA",
    "moldova": "MDA",
    "venezuela": "VEN",
    "burma": "MMR",
}


class Coding(Protocol):
    """What the evaluations need of a pipeline (duck-typed so tests can pass a fake)."""

    def code_text(
        self, text: str, *, published: str | None = ..., id: str = ..., title: str | None = ...
    ) -> Result: ...


Progress = Callable[[int, int], None]


def top_event(result: Result | None) -> Event | None:
    """The predicted event of a row: the highest-confidence non-background event, or None."""
    if result is None:
        return None
    live = [e for e in result.events if not e.background]
    if not live:
        return None
    # max() keeps the first of equal confidences, i.e. the coder's own order breaks ties.
    return max(live, key=lambda e: e.confidence)


def live_events(result: Result | None) -> list[Event]:
    return [] if result is None else [e for e in result.events if not e.background]


def clip(text: str, n: int = ERROR_TEXT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def error_record(
    text: str, expected: Any, produced: Any, *, id: str | None = None, score: float = 0.0
) -> dict[str, Any]:
    """One entry of the --errors list; `score` orders them (higher = worse) and is dropped later."""
    rec: dict[str, Any] = {"text": clip(text), "expected": expected, "produced": produced}
    if id is not None:
        rec["id"] = id
    rec["_score"] = score
    return rec


def worst(errors: Sequence[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The n worst errors (stable: ties keep file order), without their sort key."""
    if n <= 0:
        return []
    ranked = sorted(enumerate(errors), key=lambda p: (-p[1].get("_score", 0.0), p[0]))
    return [{k: v for k, v in e.items() if k != "_score"} for _, e in ranked[:n]]


def event_summary(ev: Event | None) -> dict[str, Any] | None:
    """A short JSON-able view of an event for error listings."""
    if ev is None:
        return None
    loc = ev.location
    return {
        "event_type": ev.event_type,
        "sub_event_type": ev.sub_event_type,
        "actor1": ev.actor1.name if ev.actor1 else None,
        "actor2": ev.actor2.name if ev.actor2 else None,
        "interaction": ev.interaction,
        "fatalities": (
            [ev.fatalities.low, ev.fatalities.best, ev.fatalities.high] if ev.fatalities else None
        ),
        "acled_fatalities": ev.acled_fatalities,
        "location": (
            {"name": loc.name, "admin1": loc.admin1, "country": loc.country} if loc else None
        ),
        "confidence": round(ev.confidence, 3),
    }


def read_csv(path: Path, *, delimiter: str = ",") -> Iterator[dict[str, str]]:
    """Rows of a CSV/TSV as dicts of strings; raises InputError when the file is missing."""
    if not path.is_file():
        raise InputError(f"{path} is not a file; give the path of the gold file")
    # Some gold files (GED headlines, IPE articles) have very long fields.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(newline="", encoding="utf-8-sig") as fh:
        yield from csv.DictReader(fh, delimiter=delimiter)


def require_columns(path: Path, row: dict[str, str], columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in row]
    if missing:
        raise InputError(f"{path} lacks the column(s) {', '.join(missing)}")


def fold(name: str | None) -> str:
    """Accent-, case- and space-insensitive form of a place name for comparisons."""
    if not name:
        return ""
    nfkd = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in nfkd if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("’", "'").split())


@lru_cache(maxsize=1024)
def country_iso3(name: str | None) -> str | None:
    """ISO 3166 alpha-3 of a country name as UCDP, ACLED or GeoNames spell it, or None."""
    key = fold(re.sub(r"\s*\(.*?\)", "", name or ""))
    if not key:
        return None
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    import pycountry

    try:
        return str(pycountry.countries.lookup(key).alpha_3)
    except LookupError:
        pass
    try:
        hits = pycountry.countries.search_fuzzy(key)
    except LookupError:
        return None
    return str(hits[0].alpha_3) if hits else None


def same_country(gold: str | None, iso3: str | None, name: str | None) -> bool:
    """Whether a produced country (its ISO3 or name) is the gold country name."""
    g = country_iso3(gold)
    p = iso3.upper() if iso3 else country_iso3(name)
    if g and p:
        return g == p
    return bool(gold) and fold(gold) == fold(name)


def same_admin1(gold: str | None, produced: str | None) -> bool:
    """Admin1 names match after folding, ignoring generic words ("governorate", "province")."""
    strip = re.compile(r"\b(governorate|province|state|region|district|department|oblast)\b")
    g = " ".join(strip.sub(" ", fold(gold)).split())
    p = " ".join(strip.sub(" ", fold(produced)).split())
    return bool(g) and g == p
