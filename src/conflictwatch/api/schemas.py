"""Response and request schemas of the HTTP API, as they appear in /openapi.json.

Stored events are JSON records (docs/interfaces.md) that grow as the coder grows, so the models
allow extra fields and most fields may be null. Routes return JSON directly rather than through
these models (no second validation pass over 10,000 events); tests check that the answers fit.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorOut(BaseModel):
    """The one error shape of every non-2xx answer."""

    error: str = Field(description="Short machine name, e.g. not_found, unauthorized.")
    detail: str = Field(description="What went wrong and what to do about it.")
    status: int = Field(description="The HTTP status code, repeated.")


class ActorOut(_Open):
    name: str | None = None
    inter: int | None = None
    country: str | None = None
    iso3: str | None = None


class RangeOut(_Open):
    low: int | None = None
    best: int | None = None
    high: int | None = None


class LocationOut(_Open):
    name: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None


class ClaimOut(_Open):
    source: str | None = None
    stance: str | None = Field(None, description="asserts, denies, acknowledges or disputes.")
    statement: str | None = None
    start: int | None = None
    end: int | None = None


class EvidenceOut(_Open):
    field: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


class ReportOut(_Open):
    article_id: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    title: str | None = None
    fatalities: RangeOut | None = None
    claims: list[ClaimOut] = []


class EventOut(_Open):
    """A stored event: an EVENT merged over its reports (docs/interfaces.md)."""

    event_id: str
    event_type: str | None = None
    sub_event_type: str | None = None
    event_date: str | None = None
    time_precision: int | None = None
    actor1: ActorOut | None = None
    actor2: ActorOut | None = None
    interaction: int | None = None
    fatalities: RangeOut | None = None
    acled_fatalities: int | None = None
    injured: RangeOut | None = None
    location: LocationOut | None = None
    claims: list[ClaimOut] = []
    contested: bool | None = None
    background: bool | None = None
    confidence: float | None = None
    evidence: list[EvidenceOut] = []
    reports: list[ReportOut] = []
    first_reported: str | None = None
    last_updated: str | None = None
    revisions: list[dict[str, Any]] = []


class EventPage(BaseModel):
    total: int = Field(description="Events matching the filters, on all pages.")
    page: int
    page_size: int
    events: list[EventOut]


class ArticleOut(BaseModel):
    title: str | None = None
    text: str | None = Field(None, description="The main text; evidence and claim spans index into it.")
    source: str | None = None
    url: str | None = None
    published: str | None = None
    evidence: list[EvidenceOut] = Field(
        default_factory=list, description="Evidence spans of this article's report, into `text`."
    )


class EventDetail(EventOut):
    articles: dict[str, ArticleOut] = Field(
        default_factory=dict, description="The article of each report, by article_id."
    )


class PointProperties(_Open):
    event_id: str
    event_date: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    location: str | None = None
    geo_precision: int | None = None
    fatalities: int | None = Field(None, description="ACLED's conservative figure.")
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    contested: bool | None = None
    background: bool | None = None
    sources: str | None = Field(None, description="Outlets that reported it, '; '-separated.")
    n_reports: int | None = None


class PointGeometry(BaseModel):
    type: Literal["Point"] = "Point"
    coordinates: list[float] = Field(description="[longitude, latitude]")


class Feature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: PointGeometry | None
    properties: PointProperties


class FeatureCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    total: int = Field(description="Events matching the filters (may exceed the features returned).")
    features: list[Feature]


class StatsGroup(BaseModel):
    key: str | None
    events: int
    fatalities: int


class StatsOut(BaseModel):
    by: str
    events: int = Field(description="Events in all groups.")
    fatalities: int = Field(description="ACLED fatalities in all groups.")
    groups: list[StatsGroup]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    store: Literal["ok", "missing", "busy"]
    counts: dict[str, int] = {}
    writes: bool = Field(description="True when a token is configured and POST /articles is open.")


class ArticleIn(BaseModel):
    """One input record (docs/interfaces.md): `text` or `html`, plus optional metadata."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None
    text: str | None = None
    html: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or datetime.")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None


class IngestItem(BaseModel):
    id: str = Field(description="The record's id (or its position when it had none).")
    article_id: str = Field(description="The stored article's content hash.")
    status: Literal["stored", "duplicate", "skipped"]
    events: list[str] = Field(default_factory=list, description="Ids of the stored events it reports.")
    skipped: dict[str, str] | None = None


class IngestOut(BaseModel):
    stored: int
    results: list[IngestItem]
