"""`evaluate acled`: code each row's notes and compare with ACLED's own coding of that row."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from conflictwatch.evaluate.common import (
    Coding,
    Progress,
    error_record,
    event_summary,
    read_csv,
    require_columns,
    same_admin1,
    same_country,
    top_event,
    worst,
)
from conflictwatch.evaluate.metrics import (
    NONE_LABEL,
    accuracy,
    confusion_matrix,
    haversine_km,
    safe_div,
)
from conflictwatch.records import EventType, interaction_code

# A produced location this close to ACLED's counts as the same place: 25 km is about a town and
# its outskirts, the radius ACLED itself treats as "near" (geo_precision 2).
NEAR_KM = 25.0

REQUIRED = ("notes", "event_type", "sub_event_type", "fatalities", "country")

# ACLED exports since 2024 spell the actor types out instead of giving the digit.
INTER_NAMES: dict[str, int] = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
}

# Weights of each wrong field when ranking --errors: the type matters most, then the toll.
ERROR_WEIGHTS = {"event_type": 4.0, "sub_event_type": 2.0, "fatalities": 2.0, "country": 1.0}


def parse_inter(value: str | None) -> int | None:
    """ACLED inter code from a digit ("1") or a name ("State forces"); None when empty or 0."""
    v = (value or "").strip()
    if not v:
        return None
    if v.isdigit():
        return int(v) or None
    return INTER_NAMES.get(v.casefold())


def parse_date(value: str | None) -> str | None:
    """ISO date from ACLED's "2024-02-13" or the older "13 February 2024" / "13-February-2024"."""
    v = (value or "").strip()
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(v, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(float((value or "").strip()))
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float((value or "").strip())
    except ValueError:
        return None


def evaluate_acled(
    gold: Path,
    *,
    pipeline: Coding,
    limit: int | None = None,
    errors: int = 0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Score event type, sub-event type, fatalities, place and actor types against an ACLED CSV."""
    rows = []
    for row in read_csv(gold):
        require_columns(gold, row, REQUIRED)
        if not (row.get("notes") or "").strip():
            continue
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break

    g_type: list[str] = []
    p_type: list[str] = []
    g_sub: list[str] = []
    p_sub: list[str] = []
    fat_ok: list[bool] = []
    fat_pos_ok: list[bool] = []
    country_ok: list[bool] = []
    admin1_ok: list[bool] = []
    near_ok: list[bool] = []
    inter_ok: list[bool] = []
    errs: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        rid = row.get("event_id_cnty") or str(i)
        res = pipeline.code_text(row["notes"], published=parse_date(row.get("event_date")), id=rid)
        ev = top_event(res)
        g_type.append(row["event_type"].strip())
        g_sub.append(row["sub_event_type"].strip())
        p_type.append(ev.event_type if ev else NONE_LABEL)
        p_sub.append(ev.sub_event_type if ev else NONE_LABEL)

        gold_fat = _int(row.get("fatalities")) or 0
        ok_fat = ev is not None and ev.acled_fatalities == gold_fat
        fat_ok.append(ok_fat)
        if gold_fat > 0:
            fat_pos_ok.append(ok_fat)

        loc = ev.location if ev else None
        ok_country = loc is not None and same_country(row["country"], loc.iso3, loc.country)
        country_ok.append(ok_country)
        if (row.get("admin1") or "").strip():
            admin1_ok.append(loc is not None and same_admin1(row["admin1"], loc.admin1))
        lat, lon = _float(row.get("latitude")), _float(row.get("longitude"))
        if _int(row.get("geo_precision")) == 1 and lat is not None and lon is not None:
            near_ok.append(
                loc is not None
                and loc.latitude is not None
                and loc.longitude is not None
                and haversine_km(lat, lon, loc.latitude, loc.longitude) <= NEAR_KM
            )

        g_inter = interaction_code(parse_inter(row.get("inter1")), parse_inter(row.get("inter2")))
        p_inter = None
        if ev is not None:
            p_inter = interaction_code(
                ev.actor1.inter if ev.actor1 else None, ev.actor2.inter if ev.actor2 else None
            )
        # Order-free comparison of the two actor types: the interaction code is exactly that.
        inter_ok.append(g_inter is not None and g_inter == p_inter)

        wrong = {
            "event_type": g_type[-1] != p_type[-1],
            "sub_event_type": g_sub[-1] != p_sub[-1],
            "fatalities": not ok_fat,
            "country": not ok_country,
        }
        score = sum(ERROR_WEIGHTS[k] for k, bad in wrong.items() if bad)
        if score and errors:
            expected = {
                "event_type": g_type[-1],
                "sub_event_type": g_sub[-1],
                "fatalities": gold_fat,
                "country": row["country"],
                "admin1": row.get("admin1"),
                "interaction": g_inter,
            }
            errs.append(
                error_record(row["notes"], expected, event_summary(ev), id=rid, score=score)
            )
        if progress:
            progress(i + 1, len(rows))

    labels = [t.value for t in EventType] + [NONE_LABEL]
    metrics = {
        "event_type_accuracy": accuracy(g_type, p_type),
        "sub_event_type_accuracy": accuracy(g_sub, p_sub),
        "fatalities_exact": safe_div(sum(fat_ok), len(fat_ok)),
        "fatalities_exact_when_positive": safe_div(sum(fat_pos_ok), len(fat_pos_ok)),
        "country_match": safe_div(sum(country_ok), len(country_ok)),
        "admin1_match": safe_div(sum(admin1_ok), len(admin1_ok)),
        "within_25km_precision1": safe_div(sum(near_ok), len(near_ok)),
        "inter_match": safe_div(sum(inter_ok), len(inter_ok)),
        "no_event": safe_div(p_type.count(NONE_LABEL), len(p_type)),
        "n_fatal_rows": len(fat_pos_ok),
        "n_admin1_rows": len(admin1_ok),
        "n_precision1_rows": len(near_ok),
        "confusion": confusion_matrix(g_type, p_type, labels),
    }
    return {"n": len(rows), "metrics": metrics, "errors": worst(errs, errors)}
