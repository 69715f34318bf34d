"""`evaluate ged`: UCDP GED source headlines -> fatalities range and country."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from conflictwatch.evaluate.common import (
    Coding,
    Progress,
    error_record,
    event_summary,
    live_events,
    read_csv,
    require_columns,
    same_country,
    top_event,
    worst,
)
from conflictwatch.evaluate.metrics import in_range, safe_div
from conflictwatch.records import Event

REQUIRED = ("source_headline", "best", "country", "date_start")

# GED joins the headlines of an event's several sources with ";".
HEADLINE_SEPARATOR = ";"


def headline_text(field: str) -> str:
    """The headlines of one GED row as one text, one sentence per source headline."""
    parts = [p.strip() for p in field.split(HEADLINE_SEPARATOR) if p.strip()]
    return "\n".join(p if p[-1] in ".!?" else p + "." for p in parts)


def fatal_event(events: list[Event]) -> Event | None:
    """The highest-confidence event that reports fatalities (the one GED's count is compared to)."""
    with_toll = [e for e in events if e.fatalities is not None]
    return max(with_toll, key=lambda e: e.confidence) if with_toll else None


def evaluate_ged(
    gold: Path,
    *,
    pipeline: Coding,
    limit: int | None = None,
    errors: int = 0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """GED `best` inside the produced [low, high], exact best, country match, share with events.

    Rows without a headline are skipped and counted. Fatalities come from the highest-confidence
    non-background event that reports any; the country from the top event.
    """
    rows = []
    no_headline = 0
    for row in read_csv(gold):
        require_columns(gold, row, REQUIRED)
        if not (row["source_headline"] or "").strip():
            no_headline += 1
            continue
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break

    inside: list[bool] = []  # every row; no produced toll counts as a miss
    inside_produced: list[bool] = []  # rows where a toll was produced
    exact: list[bool] = []
    country_ok: list[bool] = []
    any_event: list[bool] = []
    errs: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        text = headline_text(row["source_headline"])
        best = int(float(row["best"]))
        res = pipeline.code_text(text, published=row["date_start"] or None, id=str(row.get("id")))
        live = live_events(res)
        any_event.append(bool(live))
        fev = fatal_event(live)
        rng = fev.fatalities if fev else None
        ok_in = rng is not None and in_range(best, rng.low, rng.high)
        inside.append(ok_in)
        if rng is not None:
            inside_produced.append(ok_in)
        exact.append(rng is not None and rng.best == best)
        ev = top_event(res)
        loc = ev.location if ev else None
        country_ok.append(loc is not None and same_country(row["country"], loc.iso3, loc.country))
        if not ok_in and errors:
            # Rank by how far off the toll is, on a log scale (5 vs 50 is as bad as 50 vs 500).
            if rng is None:
                score = 1.0 + math.log1p(best)
            else:
                near = min(max(best, rng.low), rng.high)
                score = 1.0 + abs(math.log1p(best) - math.log1p(near))
            expected = {
                "best": best,
                "low": int(float(row.get("low") or best)),
                "high": int(float(row.get("high") or best)),
                "country": row["country"],
            }
            errs.append(
                error_record(text, expected, event_summary(fev or ev), id=row.get("id"), score=score)
            )
        if progress:
            progress(i + 1, len(rows))

    metrics = {
        "best_in_range": safe_div(sum(inside), len(inside)),
        "best_in_range_when_produced": safe_div(sum(inside_produced), len(inside_produced)),
        "best_exact": safe_div(sum(exact), len(exact)),
        "country_match": safe_div(sum(country_ok), len(country_ok)),
        "any_event": safe_div(sum(any_event), len(any_event)),
        "toll_produced": safe_div(len(inside_produced), len(inside)),
        "n_skipped_no_headline": no_headline,
    }
    return {"n": len(rows), "metrics": metrics, "errors": worst(errs, errors)}
