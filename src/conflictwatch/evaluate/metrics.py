"""Pure scoring functions shared by the evaluations: no I/O, no models, checked by hand in tests."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

# Mean Earth radius (IUGG), the usual constant for haversine distances in geoparsing papers.
EARTH_RADIUS_KM = 6371.0088

# Shingle length for extraction scoring: scrapinghub's article-extraction-benchmark uses
# 4-token shingles, so our numbers are comparable with theirs.
SHINGLE_SIZE = 4

# The "no event produced" label in classification metrics.
NONE_LABEL = "none"


def safe_div(num: float, den: float) -> float:
    """num / den, 0.0 when the denominator is 0 (an undefined score counts as a miss)."""
    return num / den if den else 0.0


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts."""
    p = safe_div(tp, tp + fp)
    r = safe_div(tp, tp + fn)
    return {"precision": p, "recall": r, "f1": safe_div(2 * p * r, p + r)}


def per_label_prf(
    gold: Sequence[Hashable], pred: Sequence[Hashable], labels: Iterable[Hashable]
) -> dict[Hashable, dict[str, float]]:
    """Per-label precision, recall, F1 and support (gold count) for single-label classification.

    A prediction outside `labels` (e.g. "none") is a false negative of the gold label only.
    """
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    out: dict[Hashable, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        out[lab] = {**prf(tp, fp, fn), "support": tp + fn}
    return out


def weighted_macro_f1(per_label: dict[Hashable, dict[str, float]]) -> tuple[float, float]:
    """(weighted F1, macro F1) over the labels that have gold support.

    Weighted = sum(support * F1) / sum(support), as sklearn's average="weighted"; macro = the plain
    mean over labels with support > 0 (labels absent from gold would only add zeros or noise).
    """
    supported = [v for v in per_label.values() if v["support"] > 0]
    total = sum(v["support"] for v in supported)
    weighted = safe_div(sum(v["support"] * v["f1"] for v in supported), total)
    macro = safe_div(sum(v["f1"] for v in supported), len(supported))
    return weighted, macro


def accuracy(gold: Sequence[Any], pred: Sequence[Any]) -> float:
    return safe_div(sum(1 for g, p in zip(gold, pred) if g == p), len(gold))


def confusion_matrix(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None
) -> dict[str, Any]:
    """{"labels": [...], "matrix": rows = gold, columns = predicted}; JSON-able."""
    if labels is None:
        labels = sorted(set(gold) | set(pred), key=lambda s: (s == NONE_LABEL, s))
    index = {lab: i for i, lab in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred):
        if g in index and p in index:
            matrix[index[g]][index[p]] += 1
    return {"labels": list(labels), "matrix": matrix}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def in_range(value: float, low: float, high: float) -> bool:
    """Whether value lies in [low, high] (inclusive; a reversed range is read in order)."""
    lo, hi = min(low, high), max(low, high)
    return lo <= value <= hi


def shingles(text: str, k: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """Set of lower-cased whitespace-token k-shingles; a text shorter than k gives one shingle."""
    toks = text.lower().split()
    if not toks:
        return set()
    if len(toks) < k:
        return {tuple(toks)}
    return {tuple(toks[i : i + k]) for i in range(len(toks) - k + 1)}


def shingle_counts(pred: str, gold: str, k: int = SHINGLE_SIZE) -> tuple[int, int, int]:
    """(true positives, |pred shingles|, |gold shingles|) for micro averaging."""
    ps, gs = shingles(pred, k), shingles(gold, k)
    return len(ps & gs), len(ps), len(gs)


def shingle_prf(pred: str, gold: str, k: int = SHINGLE_SIZE) -> dict[str, float]:
    """Precision/recall/F1 of pred's shingles against gold's; two empty texts score 1.0."""
    tp, np_, ng = shingle_counts(pred, gold, k)
    if np_ == 0 and ng == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    return prf(tp, np_ - tp, ng - tp)


def counter_share(values: Iterable[bool]) -> float:
    c = Counter(bool(v) for v in values)
    return safe_div(c[True], c[True] + c[False])
