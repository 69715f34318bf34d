"""The merge, end to end on the merge corpus: real articles through the real coder into a store.

tests/golden/merge/reports.jsonl holds short news reports of real 2022-2024 events, several
reports an event, written in our own words, each labelled with its gold event; the corpus also
holds distractors (the same place on another day, another place on the same day). Each article is
ingested through the real pipeline, and the merge is scored pairwise over articles:

- an article's *main report* is its coded event with the highest confidence that is not
  background (ties: the first coded); an article with none has no main report;
- two articles are *predicted same* when their main reports ended in the same canonical event;
  an article without a main report is predicted same with no other article;
- two articles are *gold same* when they carry the same gold label;
- precision = TP / (TP + FP), recall = TP / (TP + FN) over all unordered article pairs.

A missed pair is a product failure whatever its cause (the coder's date, place or type, or the
merge score): the floors are the issue's (#6) and are not lowered to hide either.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from conflictwatch.records import Article, Result
from conflictwatch.runner import ingest_items
from conflictwatch.store.duckdb import DuckDBStore

CORPUS = Path(__file__).parent / "golden" / "merge" / "reports.jsonl"
# Issue #6: pairwise precision and recall of the merge of at least 0.95 each.
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.95
# ... and what the whole pipeline reaches today, so a change that makes it worse fails. History:
# first measured P 0.859 R 0.508; P 0.900 R 0.450 after components stopped chaining two towns'
# events through a country-level report. The coder then learnt follow-up reports (dated or counted
# nominal attacks, strikes), event dates tied to the trigger rather than to "said on Monday", and
# the event's own place (towns the tagger misreads, areas the text puts them in); the merge stopped
# linking two places told apart. Measured then: P 1.000 R 0.967 (116 of 120 same-event pairs, no
# false pair); with crowds that "broke into" a building read as looting, R 0.983 (118 of 120).
# Raise, never lower silently.
PRECISION_NOW = 0.98
RECALL_NOW = 0.98


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def to_article(r: dict[str, Any]) -> Article:
    return Article(id=r["id"], text=r["text"], published=r["published"], source=r["source"], url=r["url"])


class ReplayPipeline:
    """Gives back results already coded, so a second ingest order costs no second coding run."""

    def __init__(self, results: dict[str, Result]) -> None:
        self.results = results

    def process_many(self, articles: Iterable[Article], *, batch_size: int = 0) -> Iterator[Result]:
        for a in articles:
            yield self.results[a.content_hash]


def ingest(rows: list[dict[str, Any]], db: Path, pipeline: Any) -> dict[str, Result]:
    """Ingest rows in the given order; the coded results by article content hash."""
    coded: dict[str, Result] = {}

    def keep(art: Article, result: Result) -> None:
        coded[art.content_hash] = result

    with DuckDBStore(db) as store:
        ingest_items([to_article(r) for r in rows], store=store, pipeline=pipeline, on_stored=keep)
    return coded


def grouping(rows: list[dict[str, Any]], db: Path) -> dict[str, Any]:
    """Per article (caller id): its main report's canonical event, and the partition of reports."""
    by_hash = {to_article(r).content_hash: r["id"] for r in rows}
    with DuckDBStore(db, read_only=True) as store:
        found = store.con.execute("SELECT article_id, report_id, event_id, data FROM reports").fetchall()
    main: dict[str, tuple[float, str, str]] = {}
    parts: dict[str, set[str]] = {}
    for aid, rid, eid, data in found:
        ev = json.loads(data)
        parts.setdefault(eid, set()).add(rid)
        if ev.get("background"):
            continue
        art = by_hash[aid]
        # Highest confidence; among equals the smallest report id, so the choice is order-free.
        cand = (-float(ev.get("confidence") or 0), rid, eid)
        if art not in main or cand < main[art]:
            main[art] = cand
    return {
        "main": {r["id"]: (main[r["id"]][2] if r["id"] in main else None) for r in rows},
        "partition": sorted(sorted(p) for p in parts.values()),
    }


def pairwise(rows: list[dict[str, Any]], main: dict[str, str | None]) -> dict[str, Any]:
    tp = fp = fn = 0
    false_pos, false_neg = [], []
    for a, b in combinations(rows, 2):
        gold = a["event"] == b["event"]
        ea, eb = main[a["id"]], main[b["id"]]
        pred = ea is not None and ea == eb
        if gold and pred:
            tp += 1
        elif pred:
            fp += 1
            false_pos.append((a["id"], b["id"]))
        elif gold:
            fn += 1
            false_neg.append((a["id"], b["id"]))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn,
            "false_pos": false_pos, "false_neg": false_neg,
            "no_main_report": sorted(k for k, v in main.items() if v is None)}


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return load_corpus()


@pytest.fixture(scope="module")
def forward(corpus, pipeline, tmp_path_factory) -> tuple[dict[str, Any], dict[str, Result]]:
    db = tmp_path_factory.mktemp("merge-forward") / "f.duckdb"
    coded = ingest(corpus, db, pipeline)
    return grouping(corpus, db), coded


def test_corpus_is_what_the_issue_asks_for(corpus) -> None:
    labels = [r["event"] for r in corpus]
    per_event = {e: labels.count(e) for e in set(labels)}
    multi = [e for e, n in per_event.items() if n >= 2]
    assert len(multi) >= 40
    assert all(n <= 4 for n in per_event.values())
    assert len({r["id"] for r in corpus}) == len(corpus)
    for e in multi:
        assert len({r["source"] for r in corpus if r["event"] == e}) == per_event[e], e


def _scores(corpus, forward) -> tuple[dict[str, Any], str]:
    s = pairwise(corpus, forward[0]["main"])
    print(f"\nmerge corpus (forward): P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
          f"tp={s['tp']} fp={s['fp']} fn={s['fn']}")
    return s, json.dumps({k: s[k] for k in ("false_pos", "false_neg", "no_main_report")}, indent=1)


def test_merge_does_not_get_worse_on_the_corpus(corpus, forward) -> None:
    s, why = _scores(corpus, forward)
    assert s["precision"] >= PRECISION_NOW, why
    assert s["recall"] >= RECALL_NOW, why


def test_merge_meets_the_issue_floor_on_the_corpus(corpus, forward) -> None:
    s, why = _scores(corpus, forward)
    assert s["precision"] >= PRECISION_FLOOR, why
    assert s["recall"] >= RECALL_FLOOR, why


def test_reverse_order_gives_the_same_grouping(corpus, forward, tmp_path) -> None:
    g, coded = forward
    back = list(reversed(corpus))
    ingest(back, tmp_path / "r.duckdb", ReplayPipeline(coded))
    r = grouping(corpus, tmp_path / "r.duckdb")
    assert r["partition"] == g["partition"]
    assert r["main"] == g["main"]
