"""Evaluation results as rich tables: scalars, per-label tables, a confusion matrix, errors."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console
from rich.table import Table

# Metric names that are counts, not shares: printed as integers, never as percentages.
COUNT_PREFIXES = ("n_", "n", "tp", "fp", "fn", "tn", "support")


def _is_count(name: str) -> bool:
    return name in COUNT_PREFIXES or name.startswith("n_")


def _fmt(name: str, value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int) or _is_count(name):
        return f"{int(value):,}" if isinstance(value, (int, float)) else str(value)
    if isinstance(value, float):
        # Shares and F1 scores are in [0, 1]; anything else (km, seconds) prints as a number.
        return f"{value:.3f}" if 0.0 <= value <= 1.0 else f"{value:,.1f}"
    return str(value)


def _is_table(value: Any) -> bool:
    """A dict of dicts of scalars (per-type scores, per-label counts)."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(v, dict) for v in value.values())
        and all(not isinstance(x, (dict, list)) for v in value.values() for x in v.values())
    )


def _is_confusion(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"labels", "matrix"}


def _label_table(title: str, value: dict[str, dict[str, Any]]) -> Table:
    cols: list[str] = []
    for row in value.values():
        cols += [c for c in row if c not in cols]
    table = Table(title=title, title_justify="left")
    table.add_column("label")
    for c in cols:
        table.add_column(c, justify="right")
    for label, row in value.items():
        table.add_row(str(label), *[_fmt(c, row.get(c, "")) for c in cols])
    return table


def _confusion_table(title: str, value: dict[str, Any]) -> Table:
    labels: list[str] = value["labels"]
    # Column heads are cut short: six event types side by side must fit an 80-column terminal.
    table = Table(title=f"{title} (rows gold, columns produced)", title_justify="left")
    table.add_column("gold \\ produced")
    for lab in labels:
        table.add_column(lab[:10], justify="right")
    for lab, row in zip(labels, value["matrix"]):
        table.add_row(lab, *[str(x) if x else "." for x in row])
    return table


def render_metrics(metrics: dict[str, Any], console: Console) -> None:
    """Print the result of run_evaluation: a summary table, detail tables, then the errors."""
    m = metrics.get("metrics", {})
    head = f"{metrics.get('kind', '?')} on {metrics.get('gold', '?')}: n = {metrics.get('n', 0):,}"
    if metrics.get("seconds") is not None:
        head += f" in {metrics['seconds']} s"
    summary = Table()
    summary.add_column("metric")
    summary.add_column("value", justify="right")
    details: list[Table] = []
    singles: dict[str, dict[str, Any]] = {}
    for name, value in m.items():
        if _is_confusion(value):
            details.append(_confusion_table(name, value))
        elif _is_table(value):
            details.append(_label_table(name, value))
        elif isinstance(value, dict) and all(not isinstance(v, (dict, list)) for v in value.values()):
            # One label's scores (e.g. IPE's KILL and ARREST): rows of one shared table.
            singles[name] = value
        elif isinstance(value, (dict, list)):
            summary.add_row(name, json.dumps(value, default=str)[:60])
        else:
            summary.add_row(name, _fmt(name, value))
    if singles:
        details.insert(0, _label_table("per label", singles))
    console.print(head, markup=False, highlight=False)
    console.print(summary)
    for t in details:
        console.print(t)
    errs = metrics.get("errors") or []
    if errs:
        # One block per case rather than a table: long texts and nested values stay readable
        # at any terminal width (and in a pipe, where rich assumes 80 columns).
        console.print(f"{len(errs)} worst cases", style="bold")
        for k, e in enumerate(errs, 1):
            console.print(f"#{k} {e.get('id', '')}", style="bold", markup=False, highlight=False)
            console.print(f"  text:     {e.get('text', '')}", markup=False, highlight=False)
            console.print(f"  expected: {_compact(e.get('expected'))}", markup=False, highlight=False)
            console.print(f"  produced: {_compact(e.get('produced'))}", markup=False, highlight=False)


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}={_compact(v) if isinstance(v, dict) else v}"
                         for k, v in value.items() if v is not None)
    return "none" if value is None else str(value)
