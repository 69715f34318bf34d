"""The API's routes: events (list, one, GeoJSON), stats, export, article ingest, health."""

from __future__ import annotations

import csv
import hmac
import io
import json
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Security
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from conflictwatch import __version__
from conflictwatch.api.schemas import (
    ArticleIn,
    ErrorOut,
    EventDetail,
    EventPage,
    FeatureCollection,
    HealthOut,
    IngestOut,
    StatsOut,
)
from conflictwatch.api.storage import StoreUnavailable
from conflictwatch.export import ACLED_COLUMNS, OWN_COLUMNS, acled_row, write_geojson, write_parquet
from conflictwatch.records import SUB_EVENT_TYPES, Article, EventType, Skipped
from conflictwatch.store.duckdb import STATS_BY, DuckDBStore

router = APIRouter()

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100
# The map draws every matching event in one pass; 10,000 points load in well under a second,
# and the cap keeps one request from serialising a whole large store.
DEFAULT_POINTS = 10_000
MAX_POINTS = 50_000
# POST /articles codes each record before answering; more than this belongs in `conflictwatch ingest`.
MAX_RECORDS = 100
EXPORT_CHUNK_CHARS = 64 * 1024
_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)"
BBOX_PATTERN = rf"^{_NUM},{_NUM},{_NUM},{_NUM}$"
# Dates are compared as text with the stored ISO dates, so only YYYY-MM-DD is accepted.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

SubEventType = Enum("SubEventType", {name: name for name in SUB_EVENT_TYPES}, type=str)  # type: ignore[misc]
StatsBy = Enum("StatsBy", {name: name for name in STATS_BY}, type=str)  # type: ignore[misc]
Sort = Literal["date", "-date", "fatalities"]


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    jsonl = "jsonl"
    geojson = "geojson"
    parquet = "parquet"


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {c: {"model": ErrorOut} for c in (*codes, 422, 503)}


class SafeJSON(JSONResponse):
    """JSON that never fails on a stray NaN or infinity in stored data: they become null."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except ValueError:
            return super().render(_finite(content))


def _finite(x: Any) -> Any:
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_finite(v) for v in x]
    return x


def _ctx(request: Request) -> Any:
    return request.app.state.ctx


@contextmanager
def _reading(request: Request) -> Iterator[DuckDBStore | None]:
    try:
        with _ctx(request).store.read() as store:
            yield store
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "2"}) from exc


# -- filters ---------------------------------------------------------------------------------
def _bbox(value: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(422, "bbox: four numbers west,south,east,north, e.g. 44,38,47,42") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise HTTPException(422, "bbox: numbers must be finite")
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(
            422,
            "bbox: need -180 <= west <= east <= 180 and -90 <= south <= north <= 90 "
            "(a box across the antimeridian is two requests)",
        )
    return west, south, east, north


def _date(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(422, f"{name}: not a date: {value!r}; use YYYY-MM-DD") from None


def event_filters(
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Events on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Events on or before this date (YYYY-MM-DD).")] = None,
    country: Annotated[str | None, Query(max_length=100, description="Country name, any case.")] = None,
    iso3: Annotated[str | None, Query(max_length=3, description="ISO 3166-1 alpha-3 code.")] = None,
    admin1: Annotated[str | None, Query(max_length=100, description="First-level region, any case.")] = None,
    event_type: Annotated[EventType | None, Query(description="ACLED event type.")] = None,
    sub_event_type: Annotated[SubEventType | None, Query(description="ACLED sub-event type.")] = None,  # type: ignore[valid-type]
    actor: Annotated[str | None, Query(max_length=200, description="Part of an actor's name.")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=1_000_000_000, description="ACLED fatalities at least.")] = None,
    contested: Annotated[bool | None, Query(description="Only contested (true) or uncontested (false) events.")] = None,
    bbox: Annotated[str | None, Query(
        max_length=200, pattern=BBOX_PATTERN,
        description="west,south,east,north in degrees, west <= east, south <= north.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Free text anywhere in the event record.")] = None,
    background: Annotated[bool, Query(description="Include events the text tells as history.")] = False,
) -> dict[str, Any]:
    """The store's filters (store.duckdb.FILTERS) plus include_background."""
    flt: dict[str, Any] = {
        "since": _date("since", since),
        "until": _date("until", until),
        "country": country,
        "iso3": iso3,
        "admin1": admin1,
        "event_type": event_type.value if event_type else None,
        "sub_event_type": sub_event_type.value if sub_event_type else None,
        "actor": actor,
        "min_fatalities": min_fatalities,
        "contested": contested,
        "bbox": _bbox(bbox) if bbox else None,
        "q": q,
    }
    out = {k: v for k, v in flt.items() if v is not None}
    out["include_background"] = background
    return out


Filters = Annotated[dict[str, Any], Depends(event_filters)]
SortParam = Annotated[Sort, Query(description="date (newest first), -date (oldest first) or fatalities.")]


# -- events ----------------------------------------------------------------------------------
@router.get("/events", response_model=EventPage, responses=_errors(), tags=["events"])
def list_events(
    request: Request,
    flt: Filters,
    sort: SortParam = "date",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"At most {MAX_PAGE_SIZE}.")] = DEFAULT_PAGE_SIZE,
) -> Any:
    """Stored events matching the filters, one page at a time."""
    with _reading(request) as store:
        if store is None:
            total, events = 0, []
        else:
            total = store.count_events(**flt)
            events = list(store.events(limit=page_size, offset=(page - 1) * page_size, sort=sort, **flt))
    return SafeJSON({"total": total, "page": page, "page_size": page_size, "events": events})


@router.get(
    "/events.geojson",
    response_model=FeatureCollection,
    responses={**_errors(), 200: {"content": {"application/geo+json": {}}}},
    tags=["events"],
)
def events_geojson(
    request: Request,
    flt: Filters,
    sort: SortParam = "date",
    limit: Annotated[int, Query(ge=1, le=MAX_POINTS, description=f"At most {MAX_POINTS} features.")] = DEFAULT_POINTS,
) -> Any:
    """Matching events as GeoJSON points with flat summary properties (map layers, GIS tools).

    Events without coordinates are kept with a null geometry.
    """
    with _reading(request) as store:
        if store is None:
            total, rows = 0, []
        else:
            total = store.count_events(**flt)
            rows = store.event_points(limit=limit, sort=sort, **flt)
    features = []
    for r in rows:
        lat, lon = r.pop("latitude"), r.pop("longitude")
        r["fatalities"] = r.pop("acled_fatalities")
        geom = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "id": r["event_id"], "geometry": geom, "properties": r})
    return SafeJSON(
        {"type": "FeatureCollection", "total": total, "features": features},
        media_type="application/geo+json",
    )


@router.get("/events/{event_id}", response_model=EventDetail, responses=_errors(404), tags=["events"])
def get_event(
    request: Request,
    event_id: Annotated[str, PathParam(max_length=200)],
) -> Any:
    """One event with its reports, claims, evidence, revisions and the text of each report's article."""
    with _reading(request) as store:
        ev = store.get_event(event_id) if store is not None else None
        if ev is not None and store is not None:
            ids = [r.get("article_id") for r in ev.get("reports") or [] if r.get("article_id")]
            articles = store.articles_by_id(ids)
            for aid, spans in store.report_evidence(event_id).items():
                if aid in articles:
                    articles[aid]["evidence"] = spans
            ev["articles"] = articles
    if ev is None:
        raise HTTPException(404, f"no event with id {event_id!r}")
    return SafeJSON(ev)


# -- stats and export ------------------------------------------------------------------------
@router.get("/stats", response_model=StatsOut, responses=_errors(), tags=["events"])
def stats(
    request: Request,
    flt: Filters,
    by: Annotated[StatsBy, Query(description="Group by day, week, type, sub_event_type or country.")] = "day",  # type: ignore[valid-type,assignment]
) -> Any:
    """Event counts and ACLED fatalities per group, over the events matching the filters."""
    key = by.value if isinstance(by, Enum) else str(by)
    with _reading(request) as store:
        groups = store.stats(key, **flt) if store is not None else []
    return SafeJSON({
        "by": key,
        "events": sum(g["events"] for g in groups),
        "fatalities": sum(g["fatalities"] for g in groups),
        "groups": groups,
    })


_EXPORT_TYPES = {
    ExportFormat.acled_csv: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.jsonl: ("application/x-ndjson", "jsonl"),
    ExportFormat.geojson: ("application/geo+json", "geojson"),
    ExportFormat.parquet: ("application/vnd.apache.parquet", "parquet"),
}


def _csv_chunks(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS + OWN_COLUMNS)
    w.writeheader()
    for ev in events:
        w.writerow(acled_row(ev))
        if buf.tell() > EXPORT_CHUNK_CHARS:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _jsonl_chunks(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    lines: list[str] = []
    size = 0
    for ev in events:
        line = json.dumps(_finite(ev), ensure_ascii=False) + "\n"
        lines.append(line)
        size += len(line)
        if size > EXPORT_CHUNK_CHARS:
            yield "".join(lines)
            lines, size = [], 0
    yield "".join(lines)


def _parquet_chunks(events: list[dict[str, Any]]) -> Iterator[bytes]:
    # pyarrow writes to a path, so the file goes to a temp file first; it is unlinked as soon as it
    # is open, so nothing is left behind even when the client goes away mid-download.
    fd, name = tempfile.mkstemp(prefix="conflictwatch-", suffix=".parquet")
    os.close(fd)
    path = Path(name)
    try:
        write_parquet(events, path)
        fh = path.open("rb")
    except BaseException:
        path.unlink(missing_ok=True)
        raise

    def chunks() -> Iterator[bytes]:
        try:
            while block := fh.read(1 << 16):
                yield block
        finally:
            fh.close()
            path.unlink(missing_ok=True)

    try:
        path.unlink()  # POSIX: the open handle still reads it
    except OSError:
        pass
    return chunks()


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        **_errors(),
        200: {
            "description": "The events as a file download.",
            "content": {t: {} for t, _ in _EXPORT_TYPES.values()},
        },
    },
    tags=["events"],
)
def export(
    request: Request,
    flt: Filters,
    format: Annotated[ExportFormat, Query(description="acled-csv, jsonl, geojson or parquet.")],
    sort: SortParam = "date",
) -> StreamingResponse:
    """All matching events as ACLED-compatible CSV, JSONL, GeoJSON or Parquet, streamed."""
    with _reading(request) as store:
        # Read in full while the store is open (a consistent snapshot; the lock is not held while
        # the client downloads), then serialise as the response streams.
        events = list(store.events(sort=sort, **flt)) if store is not None else []
    media_type, ext = _EXPORT_TYPES[format]
    body: Iterator[Any]
    if format is ExportFormat.parquet:
        body = _parquet_chunks(events)
    elif format is ExportFormat.acled_csv:
        body = _csv_chunks(events)
    elif format is ExportFormat.jsonl:
        body = _jsonl_chunks(events)
    else:
        out = io.StringIO()
        write_geojson((_finite(e) for e in events), out)
        body = iter([out.getvalue()])
    headers = {"Content-Disposition": f'attachment; filename="conflictwatch-events.{ext}"'}
    return StreamingResponse(body, media_type=media_type, headers=headers)


# -- writes ----------------------------------------------------------------------------------
_bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer TOKEN")
_x_token = APIKeyHeader(name="X-Token", auto_error=False, description="X-Token: TOKEN")


def require_token(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    x_token: Annotated[str | None, Security(_x_token)],
) -> None:
    """Writes need the configured token; with none configured, every write is refused."""
    expected = _ctx(request).token
    if not expected:
        raise HTTPException(
            403, "writes are disabled: start the server with --token or CONFLICTWATCH_TOKEN set"
        )
    given = bearer.credentials if bearer is not None else x_token
    if not given or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(
            401,
            "a valid token is required: send Authorization: Bearer TOKEN or X-Token: TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )


_RECORD_SCHEMA: dict[str, Any] = ArticleIn.model_json_schema()
# A record needs its text or its HTML as a string (article_from_record refuses it otherwise).
_RECORD_SCHEMA["anyOf"] = [
    {"required": ["text"], "properties": {"text": {"type": "string"}}},
    {"required": ["html"], "properties": {"html": {"type": "string"}}},
]
_BODY_SCHEMA = {
    "anyOf": [
        _RECORD_SCHEMA,
        {"type": "array", "items": _RECORD_SCHEMA, "minItems": 1, "maxItems": MAX_RECORDS},
    ]
}


def _parse_records(raw: bytes) -> list[Article]:
    from conflictwatch.pipeline import article_from_record

    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise HTTPException(422, f"the body must be JSON: {exc}".splitlines()[0]) from None
    records = body if isinstance(body, list) else [body]
    if not records:
        raise HTTPException(422, "no records: send one input record or a list of them")
    if len(records) > MAX_RECORDS:
        raise HTTPException(
            422, f"{len(records)} records; at most {MAX_RECORDS} a request (use `conflictwatch ingest` for more)"
        )
    articles = []
    for n, rec in enumerate(records, start=1):
        art = article_from_record(rec, fallback_id=f"record {n}")
        if isinstance(art, Skipped):
            where = f"record {n}: " if isinstance(body, list) else ""
            raise HTTPException(422, f"{where}{art.detail}")
        articles.append(art)
    return articles


def _ingest(ctx: Any, articles: list[Article]) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    stored = 0
    for art in articles:
        aid = art.content_hash
        with ctx.store.write() as store:
            seen = store.has_article(aid)
        if seen:
            items.append({"id": art.id, "article_id": aid, "status": "duplicate", "events": []})
            continue
        # Coding runs outside the store lock so reads go on meanwhile.
        with ctx.pipeline_lock:
            result = ctx.pipeline.process(art)
        with ctx.store.write() as store:
            added = store.add_result(art, result)
            events = store.event_ids_for_article(aid) if added else []
        if not added:
            status = "duplicate"
        elif result.skipped is not None:
            status = "skipped"
        else:
            status = "stored"
        stored += added
        items.append({
            "id": art.id,
            "article_id": aid,
            "status": status,
            "events": events,
            "skipped": {"reason": result.skipped.reason, "detail": result.skipped.detail} if result.skipped else None,
        })
    return {"stored": stored, "results": items}


@router.post(
    "/articles",
    response_model=IngestOut,
    status_code=201,
    responses={**_errors(401, 403, 413), 200: {"model": IngestOut, "description": "Nothing new: all duplicates."}},
    dependencies=[Depends(require_token)],
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _BODY_SCHEMA}}}
    },
    tags=["ingest"],
)
async def post_articles(request: Request) -> Any:
    """Code and store one input record or a list (at most 100); needs the token.

    Answers 201 when something new was stored, 200 when every record was already there.
    """
    articles = _parse_records(await request.body())
    ctx = _ctx(request)
    try:
        out = await run_in_threadpool(_ingest, ctx, articles)
    except StoreUnavailable as exc:
        raise HTTPException(503, str(exc), headers={"Retry-After": "2"}) from exc
    return SafeJSON(out, status_code=201 if out["stored"] else 200)


@router.get("/health", response_model=HealthOut, tags=["meta"])
def health(request: Request) -> Any:
    """Liveness, the store's state and row counts, and whether writes are open."""
    ctx = _ctx(request)
    counts: dict[str, int] = {}
    try:
        with ctx.store.read() as store:
            state = "missing" if store is None else "ok"
            if store is not None:
                counts = store.counts()
    except StoreUnavailable:
        state = "busy"
    return {"status": "ok", "version": __version__, "store": state, "counts": counts, "writes": bool(ctx.token)}
