"""`evaluate extraction`: main-text extraction against human-annotated article bodies.

Scored as scrapinghub's article-extraction-benchmark does: P/R/F1 over sets of lower-cased
whitespace-token 4-shingles, averaged over pages (and micro-averaged over all shingles).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from conflictwatch.errors import InputError
from conflictwatch.evaluate.common import Progress, clip, error_record, worst
from conflictwatch.evaluate.metrics import prf, safe_div, shingle_counts, shingle_prf
from conflictwatch.records import Article, Skipped

GROUND_TRUTH = "ground-truth.json"
HTML_SUFFIXES = (".html.gz", ".html")


def _html_files(folder: Path) -> dict[str, Path]:
    """Page id -> HTML file, from folder/html/ or the folder itself."""
    base = folder / "html" if (folder / "html").is_dir() else folder
    out: dict[str, Path] = {}
    for p in sorted(base.iterdir()):
        for suf in HTML_SUFFIXES:
            if p.name.endswith(suf):
                out.setdefault(p.name[: -len(suf)], p)
    return out


def _read_html(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    return raw.decode("utf-8", errors="replace")


def evaluate_extraction(
    gold: Path,
    *,
    limit: int | None = None,
    errors: int = 0,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Shingle P/R/F1 of extract(Article(html=...)).text against ground-truth articleBody."""
    from conflictwatch.extract import extract

    folder = gold.parent if gold.is_file() else gold
    truth_path = gold if gold.is_file() else gold / GROUND_TRUTH
    if not truth_path.is_file():
        raise InputError(f"{truth_path} not found; give a folder with {GROUND_TRUTH} and html/")
    truth: dict[str, dict[str, Any]] = json.loads(truth_path.read_text(encoding="utf-8"))
    files = _html_files(folder)
    ids = [i for i in truth if i in files]
    if limit is not None:
        ids = ids[:limit]

    per_page: list[dict[str, float]] = []
    tp_sum = np_sum = ng_sum = 0
    skipped = 0
    errs: list[dict[str, Any]] = []
    for k, pid in enumerate(ids):
        body = truth[pid].get("articleBody") or ""
        art = Article(id=pid, html=_read_html(files[pid]), url=truth[pid].get("url"))
        out = extract(art)
        text = "" if isinstance(out, Skipped) else out.text
        skipped += isinstance(out, Skipped)
        scores = shingle_prf(text, body)
        per_page.append(scores)
        tp, np_, ng = shingle_counts(text, body)
        tp_sum, np_sum, ng_sum = tp_sum + tp, np_sum + np_, ng_sum + ng
        if errors and scores["f1"] < 1.0:
            # The page's address, then the start of what should and what did come out.
            produced = {**{m: round(v, 3) for m, v in scores.items()}, "text": clip(text, 200)}
            where = truth[pid].get("url") or str(files[pid])
            errs.append(error_record(where, {"articleBody": clip(body, 200)}, produced, id=pid,
                                     score=1 - scores["f1"]))
        if progress:
            progress(k + 1, len(ids))

    n = len(per_page)
    micro = prf(tp_sum, np_sum - tp_sum, ng_sum - tp_sum)
    metrics = {
        "precision": safe_div(sum(s["precision"] for s in per_page), n),
        "recall": safe_div(sum(s["recall"] for s in per_page), n),
        "f1": safe_div(sum(s["f1"] for s in per_page), n),
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
        "micro_f1": micro["f1"],
        "n_skipped": skipped,
        "n_missing_html": len(truth) - len([i for i in truth if i in files]),
    }
    return {"n": n, "metrics": metrics, "errors": worst(errs, errors)}
