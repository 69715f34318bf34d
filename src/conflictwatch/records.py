"""The typed, immutable records every stage shares, and their JSON form (interfaces.md)."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from enum import Enum
from typing import Any


class EventType(str, Enum):
    BATTLES = "Battles"
    EXPLOSIONS = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC = "Strategic developments"


# ACLED's sub-event types, spelled as ACLED spells them, each with its event type.
SUB_EVENT_TYPES: dict[str, EventType] = {
    "Armed clash": EventType.BATTLES,
    "Government regains territory": EventType.BATTLES,
    "Non-state actor overtakes territory": EventType.BATTLES,
    "Chemical weapon": EventType.EXPLOSIONS,
    "Air/drone strike": EventType.EXPLOSIONS,
    "Suicide bomb": EventType.EXPLOSIONS,
    "Shelling/artillery/missile attack": EventType.EXPLOSIONS,
    "Remote explosive/landmine/IED": EventType.EXPLOSIONS,
    "Grenade": EventType.EXPLOSIONS,
    "Sexual violence": EventType.VIOLENCE_AGAINST_CIVILIANS,
    "Attack": EventType.VIOLENCE_AGAINST_CIVILIANS,
    "Abduction/forced disappearance": EventType.VIOLENCE_AGAINST_CIVILIANS,
    "Peaceful protest": EventType.PROTESTS,
    "Protest with intervention": EventType.PROTESTS,
    "Excessive force against protesters": EventType.PROTESTS,
    "Violent demonstration": EventType.RIOTS,
    "Mob violence": EventType.RIOTS,
    "Agreement": EventType.STRATEGIC,
    "Arrests": EventType.STRATEGIC,
    "Change to group/activity": EventType.STRATEGIC,
    "Disrupted weapons use": EventType.STRATEGIC,
    "Headquarters or base established": EventType.STRATEGIC,
    "Looting/property destruction": EventType.STRATEGIC,
    "Non-violent transfer of territory": EventType.STRATEGIC,
    "Other": EventType.STRATEGIC,
}


class Stance(str, Enum):
    ASSERTS = "asserts"
    DENIES = "denies"
    ACKNOWLEDGES = "acknowledges"
    DISPUTES = "disputes"


class Inter(int, Enum):
    """ACLED actor types."""

    STATE_FORCES = 1
    REBEL_GROUPS = 2
    POLITICAL_MILITIAS = 3
    IDENTITY_MILITIAS = 4
    RIOTERS = 5
    PROTESTERS = 6
    CIVILIANS = 7
    EXTERNAL_OTHER = 8


def content_id(*parts: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the parts."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One input as read: raw HTML or text plus whatever metadata came with it."""

    id: str  # the caller's id, or the content hash
    html: str | None = None
    text: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    origin: str | None = None  # file path or URL it was read from

    @property
    def content_hash(self) -> str:
        return content_id(self.html or "", self.text or "")


@dataclass(frozen=True)
class Document:
    """Clean main text plus metadata, the input of NLP, geocoding and coding."""

    title: str | None
    text: str
    published: str | None = None  # ISO date
    url: str | None = None
    source: str | None = None
    credits: tuple[str, ...] = ()
    language: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A rejection as a value: stored and counted, never raised."""

    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Place:
    """A place mention in the text, resolved where possible."""

    text: str
    start: int
    end: int
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    feature_code: str | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    geo_precision: int | None = None  # 1 town, 2 near/part of, 3 region/country


@dataclass(frozen=True)
class Actor:
    name: str
    inter: int
    country: str | None = None
    iso3: str | None = None


@dataclass(frozen=True)
class Range:
    low: int
    best: int
    high: int


@dataclass(frozen=True)
class Location:
    name: str | None
    admin1: str | None
    admin2: str | None
    country: str | None
    iso3: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    geonameid: int | None = None


@dataclass(frozen=True)
class Claim:
    source: str
    stance: str  # a Stance value
    statement: str
    start: int
    end: int


@dataclass(frozen=True)
class Evidence:
    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Event:
    event_id: str
    event_type: str
    sub_event_type: str
    event_date: str | None
    time_precision: int
    actor1: Actor | None
    actor2: Actor | None
    interaction: int | None
    fatalities: Range | None
    acled_fatalities: int
    injured: Range | None
    location: Location | None
    claims: tuple[Claim, ...] = ()
    contested: bool = False
    background: bool = False
    confidence: float = 0.5
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Result:
    """The output record of `code` for one input."""

    id: str
    document: Document | None
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    skipped: Skipped | None = None


def interaction_code(a: int | None, b: int | None) -> int | None:
    """ACLED's interaction: the two inter codes, lower first; a lone actor gives 10 times its code."""
    if a is None and b is None:
        return None
    if a is None or b is None:
        return 10 * int(a if a is not None else b)  # type: ignore[arg-type]
    lo, hi = sorted((int(a), int(b)))
    return lo * 10 + hi


def to_json(obj: Any) -> Any:
    """The JSON form of any record (the one place where records become dicts)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        out = {}
        for f in fields(obj):
            out[f.name] = to_json(getattr(obj, f.name))
        return out
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (list, tuple)):
        return [to_json(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    return obj


def place_to_json(p: Place) -> dict[str, Any]:
    d = to_json(p)
    d.pop("geo_precision", None)
    return d


def result_to_json(r: Result) -> dict[str, Any]:
    return {
        "id": r.id,
        "document": to_json(r.document) if r.document else None,
        "events": [to_json(e) for e in r.events],
        "places": [place_to_json(p) for p in r.places],
        "skipped": to_json(r.skipped) if r.skipped else None,
    }


def _build(cls: type, d: dict[str, Any] | None) -> Any:
    return None if d is None else cls(**d)


def event_from_json(d: dict[str, Any]) -> Event:
    """Rebuild an Event from its JSON form (stored rows, golden files)."""
    return Event(
        event_id=d["event_id"],
        event_type=d["event_type"],
        sub_event_type=d["sub_event_type"],
        event_date=d.get("event_date"),
        time_precision=d.get("time_precision", 1),
        actor1=_build(Actor, d.get("actor1")),
        actor2=_build(Actor, d.get("actor2")),
        interaction=d.get("interaction"),
        fatalities=_build(Range, d.get("fatalities")),
        acled_fatalities=d.get("acled_fatalities", 0),
        injured=_build(Range, d.get("injured")),
        location=_build(Location, d.get("location")),
        claims=tuple(Claim(**c) for c in d.get("claims", [])),
        contested=d.get("contested", False),
        background=d.get("background", False),
        confidence=d.get("confidence", 0.5),
        evidence=tuple(Evidence(**e) for e in d.get("evidence", [])),
    )


def result_from_json(d: dict[str, Any]) -> Result:
    """The inverse of result_to_json (places lose geo_precision, which JSON leaves out)."""
    doc = d.get("document")
    document = None
    if doc is not None:
        document = Document(**{**doc, "credits": tuple(doc.get("credits") or ())})
    skipped = d.get("skipped")
    return Result(
        id=d["id"],
        document=document,
        events=tuple(event_from_json(e) for e in d.get("events") or ()),
        places=tuple(Place(**p) for p in d.get("places") or ()),
        skipped=Skipped(**skipped) if skipped else None,
    )

__all__ = [n for n in dir() if not n.startswith("_")] + ["asdict", "field"]
