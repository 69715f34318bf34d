"""`evaluate case`: CASE 2021 task 2 snippets -> ACLED sub-event type, and false alarms."""

from __future__ import annotations

from collections.abc import Collection, Mapping
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
    top_event,
    worst,
)
from conflictwatch.evaluate.metrics import (
    NONE_LABEL,
    accuracy,
    per_label_prf,
    safe_div,
    weighted_macro_f1,
)

REQUIRED = ("id", "EventSnippet", "SubType")


def _default_labels() -> tuple[Mapping[str, str], Collection[str]]:
    # The mapping lives with the coder (one source of truth); imported late so that evaluating
    # other kinds does not need the coding package.
    from conflictwatch.coding.classify_case import CASE_TO_ACLED, NON_ACLED

    return CASE_TO_ACLED, NON_ACLED


def evaluate_case(
    gold: Path,
    *,
    pipeline: Coding,
    limit: int | None = None,
    errors: int = 0,
    progress: Progress | None = None,
    case_to_acled: Mapping[str, str] | None = None,
    non_acled: Collection[str] | None = None,
) -> dict[str, Any]:
    """Weighted/macro F1 over the 25 ACLED types, accuracy, per-type P/R/F1, false-alarm rate.

    Gold = the rows labelled with one of the 25 ACLED codes (mapped to ACLED names); predicted =
    the top event's sub_event_type, or "none". Rows with a non-ACLED label (natural and man-made
    disasters, organised crime, diplomacy, attribution) expect no event: a false alarm is such a
    row with any non-background event. Rows with an unknown label are counted and skipped.
    """
    all_rows = list(read_csv(gold, delimiter="\t"))
    if all_rows:
        require_columns(gold, all_rows[0], REQUIRED)
    if case_to_acled is None or non_acled is None:
        default_map, default_non = _default_labels()
        case_to_acled = case_to_acled if case_to_acled is not None else default_map
        non_acled = non_acled if non_acled is not None else default_non

    rows = []
    unknown = 0
    for row in all_rows:
        label = (row["SubType"] or "").strip()
        if label not in case_to_acled and label not in non_acled:
            unknown += 1
            continue
        rows.append(row)
        if limit is not None and len(rows) >= limit:
            break

    gold_labels: list[str] = []
    pred_labels: list[str] = []
    alarms: list[bool] = []
    errs: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        label = row["SubType"].strip()
        text = row["EventSnippet"]
        res = pipeline.code_text(text, id=str(row["id"]))
        ev = top_event(res)
        if label in case_to_acled:
            expected = case_to_acled[label]
            produced = ev.sub_event_type if ev else NONE_LABEL
            gold_labels.append(expected)
            pred_labels.append(produced)
            if produced != expected and errors:
                # A confident wrong type is worse than a miss.
                score = 1.0 + (ev.confidence if ev else 0.0)
                errs.append(
                    error_record(text, expected, event_summary(ev), id=row["id"], score=score)
                )
        else:
            alarm = bool(live_events(res))
            alarms.append(alarm)
            if alarm and errors:
                score = 1.0 + (ev.confidence if ev else 0.0)
                errs.append(
                    error_record(
                        text, f"no event ({label})", event_summary(ev), id=row["id"], score=score
                    )
                )
        if progress:
            progress(i + 1, len(rows))

    types = sorted(set(case_to_acled.values()))
    per_type = per_label_prf(gold_labels, pred_labels, types)
    weighted, macro = weighted_macro_f1(per_type)
    metrics = {
        "weighted_f1": weighted,
        "macro_f1": macro,
        "accuracy": accuracy(gold_labels, pred_labels),
        "no_event": safe_div(pred_labels.count(NONE_LABEL), len(pred_labels)),
        "false_alarm_rate": safe_div(sum(alarms), len(alarms)),
        "n_acled": len(gold_labels),
        "n_non_acled": len(alarms),
        "n_unknown_label": unknown,
        "per_type": {t: per_type[t] for t in types},
    }
    return {"n": len(rows), "metrics": metrics, "errors": worst(errs, errors)}
