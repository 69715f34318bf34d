"""`conflictwatch evaluate KIND GOLD`: score the pipeline against labelled data.

Every kind returns the same JSON-able shape:
`{"kind", "gold", "n", "seconds", "metrics": {...}, "errors": [{text, expected, produced, id}]}`.
Submodules are imported when their kind runs, so importing this package loads nothing heavy.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from conflictwatch.errors import InputError
from conflictwatch.evaluate.common import Progress
from conflictwatch.evaluate.render import render_metrics

KINDS = ("acled", "case", "ged", "geoparse", "extraction", "ipe")
GEOPARSE_MODES = ("resolution", "end_to_end")


def _geoparse(
    gold: Path, *, pipeline: Any, limit: int | None, errors: int, mode: str | None
) -> dict[str, Any]:
    from conflictwatch.evaluate.geoparse import evaluate_geoparse

    mode = mode or "resolution"
    if mode not in GEOPARSE_MODES:
        raise InputError(f"--mode must be one of {', '.join(GEOPARSE_MODES)}, not {mode!r}")
    # Resolution mode is given the gold spans: spaCy is only loaded when spans must be found.
    nlp = pipeline.nlp if mode == "end_to_end" else None
    out = evaluate_geoparse(gold, geocoder=pipeline.geocoder, nlp=nlp, mode=mode, limit=limit)
    # The geoparse evaluator may return bare metrics or the full shape; normalise to the full one.
    metrics = dict(out.get("metrics", out))
    errs: list[dict[str, Any]] = list(out.get("errors") or metrics.pop("errors", None) or [])
    n = out.get("n", metrics.get("n", 0))
    metrics["mode"] = mode
    return {"n": n, "metrics": metrics, "errors": errs[: max(errors, 0)]}


def run_evaluation(
    kind: str,
    gold: Path,
    *,
    pipeline: Any,
    limit: int | None = None,
    errors: int = 0,
    mode: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run one evaluation; `pipeline` needs `.code_text` (and `.nlp`/`.geocoder` for geoparse).

    `limit` scores only the first N items; `errors` keeps the N worst cases; `progress(done,
    total)` is called after each item (the CLI draws a bar with it).
    """
    kind = kind.strip().lower()
    gold = Path(gold)
    if kind not in KINDS:
        raise InputError(f"unknown evaluation {kind!r}; choose one of {', '.join(KINDS)}")
    if not gold.exists():
        raise InputError(f"{gold}: no such file or folder")
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    t0 = time.perf_counter()
    if kind == "geoparse":
        out = _geoparse(gold, pipeline=pipeline, limit=limit, errors=errors, mode=mode)
    elif kind == "extraction":
        from conflictwatch.evaluate.extraction import evaluate_extraction

        out = evaluate_extraction(gold, limit=limit, errors=errors, progress=progress)
    else:
        if kind == "acled":
            from conflictwatch.evaluate.acled import evaluate_acled as fn
        elif kind == "case":
            from conflictwatch.evaluate.case import evaluate_case as fn
        elif kind == "ged":
            from conflictwatch.evaluate.ged import evaluate_ged as fn
        else:
            from conflictwatch.evaluate.ipe import evaluate_ipe as fn
        out = fn(gold, pipeline=pipeline, limit=limit, errors=errors, progress=progress)
    return {
        "kind": kind,
        "gold": str(gold),
        "n": out["n"],
        "seconds": round(time.perf_counter() - t0, 2),
        "metrics": out["metrics"],
        "errors": out["errors"],
    }


__all__ = ["KINDS", "render_metrics", "run_evaluation"]
