"""Stored events -> ACLED-compatible CSV, GeoJSON, Parquet or JSONL."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from conflictwatch.errors import InputError

ACLED_COLUMNS = (
    "event_id_cnty event_date year time_precision event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities timestamp"
).split()
OWN_COLUMNS = (
    "injured_low injured_high fatalities_low fatalities_high contested sources evidence_url"
).split()
FORMATS = ("acled-csv", "geojson", "parquet", "jsonl")


def _get(d: dict[str, Any] | None, key: str) -> Any:
    return d.get(key) if d else None


def acled_row(ev: dict[str, Any]) -> dict[str, Any]:
    """One stored event as an ACLED CSV row plus this project's own columns."""
    loc, a1, a2 = ev.get("location"), ev.get("actor1"), ev.get("actor2")
    fat, inj = ev.get("fatalities"), ev.get("injured")
    reports = ev.get("reports") or []
    sources = sorted({r.get("source") for r in reports if r.get("source")})
    notes = " ".join(c.get("statement", "") for c in ev.get("claims", [])[:2])
    date = ev.get("event_date") or ""
    return {
        "event_id_cnty": ev.get("event_id"),
        "event_date": date,
        "year": date[:4] if date else "",
        "time_precision": ev.get("time_precision"),
        "event_type": ev.get("event_type"),
        "sub_event_type": ev.get("sub_event_type"),
        "actor1": _get(a1, "name"),
        "assoc_actor_1": "",
        "inter1": _get(a1, "inter"),
        "actor2": _get(a2, "name"),
        "assoc_actor_2": "",
        "inter2": _get(a2, "inter"),
        "interaction": ev.get("interaction"),
        "iso": _get(loc, "iso3"),
        "region": "",
        "country": _get(loc, "country"),
        "admin1": _get(loc, "admin1"),
        "admin2": _get(loc, "admin2"),
        "admin3": "",
        "location": _get(loc, "name"),
        "latitude": _get(loc, "latitude"),
        "longitude": _get(loc, "longitude"),
        "geo_precision": _get(loc, "geo_precision"),
        "source": "; ".join(sources),
        "source_scale": "",
        "notes": notes,
        "fatalities": ev.get("acled_fatalities", 0),
        "timestamp": ev.get("last_updated"),
        "injured_low": _get(inj, "low"),
        "injured_high": _get(inj, "high"),
        "fatalities_low": _get(fat, "low"),
        "fatalities_high": _get(fat, "high"),
        "contested": ev.get("contested"),
        "sources": len(reports),
        "evidence_url": next((r.get("url") for r in reports if r.get("url")), None),
    }


def write_acled_csv(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS + OWN_COLUMNS)
    w.writeheader()
    n = 0
    for ev in events:
        w.writerow(acled_row(ev))
        n += 1
    return n


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for ev in events:
        out.write(json.dumps(ev, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_geojson(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A FeatureCollection; events without coordinates are kept with a null geometry."""
    feats = []
    for ev in events:
        loc = ev.get("location") or {}
        lat, lon = loc.get("latitude"), loc.get("longitude")
        geom = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        feats.append({"type": "Feature", "id": ev.get("event_id"), "geometry": geom, "properties": ev})
    json.dump({"type": "FeatureCollection", "features": feats}, out, ensure_ascii=False)
    return len(feats)


def write_parquet(events: Iterable[dict[str, Any]], path: Path) -> int:
    """Flat ACLED columns plus the whole event as JSON, one row per event."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = []
    for ev in events:
        row = acled_row(ev)
        row["data"] = json.dumps(ev, ensure_ascii=False)
        rows.append({k: (None if v == "" else v) for k, v in row.items()})
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: [] for c in ACLED_COLUMNS + OWN_COLUMNS + ["data"]})
    pq.write_table(table, path)
    return len(rows)


def export(events: Iterable[dict[str, Any]], fmt: str, out: IO[str] | Path) -> int:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise InputError("parquet needs a file: pass --output FILE.parquet")
        return write_parquet(events, out)
    assert not isinstance(out, Path)
    writer = {"acled-csv": write_acled_csv, "jsonl": write_jsonl, "geojson": write_geojson}[fmt]
    return writer(events, out)
