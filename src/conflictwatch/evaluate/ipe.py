"""`evaluate ipe`: IndiaPoliceEvents, document-level detection of police killings and arrests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conflictwatch.errors import InputError
from conflictwatch.evaluate.common import (
    Coding,
    Progress,
    error_record,
    live_events,
    read_csv,
    require_columns,
    worst,
)
from conflictwatch.evaluate.metrics import prf, safe_div
from conflictwatch.records import Event, Inter, Result

DOCS = "docs.csv"
DATES = "doc_dates.csv"
LABELS = ("KILL", "ARREST")
REQUIRED = ("doc_id", "doc_text", *LABELS)

# The project's actor name for police of any country starts so ("Police Forces of India").
POLICE_PREFIX = "Police Forces"


def _is_police(ev: Event) -> bool:
    return any(
        a is not None and a.inter == Inter.STATE_FORCES and a.name.startswith(POLICE_PREFIX)
        for a in (ev.actor1, ev.actor2)
    )


def predict_labels(result: Result | None) -> dict[str, bool]:
    """The document-level answers the coder's events give to IPE's questions.

    KILL ("did police kill someone?"): some non-background event has actor1 or actor2 with inter 1
    (state forces) and a name starting "Police Forces", and a fatalities range with best > 0.
    This also fires when police are the side that suffered the deaths; IPE's question does not
    count that, so precision is a lower bound on how well the coder finds police killings.
    ARREST ("did police arrest someone?"): any event (background included: a report of earlier
    arrests still answers yes in IPE) has sub_event_type "Arrests", whoever the arresting side.
    """
    events = list(result.events) if result is not None else []
    kill = any(
        _is_police(e) and e.fatalities is not None and e.fatalities.best > 0
        for e in live_events(result)
    )
    arrest = any(e.sub_event_type == "Arrests" for e in events)
    return {"KILL": kill, "ARREST": arrest}


def _truth(value: str) -> bool:
    return value.strip().casefold() in {"1", "true", "yes", "1.0"}


def evaluate_ipe(
    gold: Path,
    *,
    pipeline: Coding,
    limit: int | None = None,
    errors: int = 0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Document-level precision, recall and F1 for KILL and ARREST (see predict_labels)."""
    folder = gold.parent if gold.is_file() else gold
    docs_path = gold if gold.is_file() else folder / DOCS
    if not docs_path.is_file():
        raise InputError(f"{docs_path} not found; give the IndiaPoliceEvents folder")
    dates: dict[str, str] = {}
    if (folder / DATES).is_file():
        dates = {r["doc_id"]: r["date"] for r in read_csv(folder / DATES)}

    rows = []
    for row in read_csv(docs_path):
        require_columns(docs_path, row, REQUIRED)
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break

    counts = {lab: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for lab in LABELS}
    errs: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        did = str(row["doc_id"])
        res = pipeline.code_text(row["doc_text"], published=dates.get(did) or None, id=did)
        pred = predict_labels(res)
        for lab in LABELS:
            g, p = _truth(row[lab]), pred[lab]
            key = "tp" if g and p else "fp" if p else "fn" if g else "tn"
            counts[lab][key] += 1
        gold_labels = {lab: _truth(row[lab]) for lab in LABELS}
        if errors and gold_labels != pred:
            # A missed police killing is the costliest error, then a missed arrest, then alarms.
            score = sum(
                (2.0 if lab == "KILL" else 1.0) * (1.5 if gold_labels[lab] else 1.0)
                for lab in LABELS
                if gold_labels[lab] != pred[lab]
            )
            errs.append(error_record(row["doc_text"], gold_labels, pred, id=did, score=score))
        if progress:
            progress(i + 1, len(rows))

    metrics: dict[str, Any] = {}
    for lab in LABELS:
        c = counts[lab]
        metrics[lab] = {**prf(c["tp"], c["fp"], c["fn"]), "support": c["tp"] + c["fn"], **c}
    metrics["macro_f1"] = safe_div(sum(metrics[lab]["f1"] for lab in LABELS), len(LABELS))
    return {"n": len(rows), "metrics": metrics, "errors": worst(errs, errors)}
