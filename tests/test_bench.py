"""bench on a 5-document generated corpus with a fake light pipeline: keys and markdown, no timings."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from rich.console import Console

from conflictwatch.bench import render_bench, run_bench
from conflictwatch.evaluate.synthetic import generate
from conflictwatch.records import Article, Document, Place, Result


class FakeNlp:
    def __call__(self, text: str) -> list[str]:
        return text.split()

    def pipe(self, texts: list[str], batch_size: int = 1) -> Any:
        for t in texts:
            yield self(t)


class FakeGeocoder:
    def resolve(self, text: str, mentions: list[tuple[int, int]]) -> list[Place]:
        return [Place(text=text[s:e], start=s, end=e) for s, e in mentions]


class FakePipeline:
    def __init__(self) -> None:
        self.nlp = FakeNlp()
        self.geocoder = FakeGeocoder()
        self.coder = object()
        self.stage_seconds = {"extract": 0.0, "parse": 0.0, "code": 0.0}

    def process(self, article: Article) -> Result:
        text = article.text or ""
        self.stage_seconds["extract"] += 0.001
        self.stage_seconds["parse"] += 0.002
        self.stage_seconds["code"] += 0.001
        places = (Place(text=text[:4], start=0, end=4),)
        return Result(id=article.id, document=Document(title=article.title, text=text),
                      places=places)


def test_generated_corpus_is_deterministic_and_prefix_stable() -> None:
    a, b = generate(5), generate(3)
    assert a[:3] == b and generate(5) == a
    assert len({x.text for x in a}) == 5
    assert all(x.published and x.title and len(x.text.split()) > 50 for x in a)
    assert generate(2, seed=1) != generate(2)


def test_run_bench_keys_and_markdown(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    report = run_bench(pipeline_factory=FakePipeline, corpus=None, sizes=[5, 2], write_docs=out,
                       cold_start=False)
    for key in ("date", "commit", "machine", "memory_method", "corpus", "load", "runs",
                "geocoder", "cold_start"):
        assert key in report
    assert [r["size"] for r in report["runs"]] == [2, 5]
    run = report["runs"][-1]
    for key in ("words", "seconds", "docs_per_s", "words_per_s", "peak_mb", "parse_seconds",
                "parse_docs_per_s", "parse_words_per_s", "coding_overhead", "stages", "events"):
        assert key in run
    assert set(run["stages"]) == {"extract", "parse", "code"}
    assert run["stages"]["parse"]["seconds"] == 0.01  # the deltas of this run only
    assert report["geocoder"]["mentions"] == 5
    assert set(report["machine"]) >= {"platform", "cpu", "cores", "ram_gb"}
    text = out.read_text()
    assert text.startswith("# Benchmarks")
    assert "| docs | words | end-to-end docs/s" in text and "| 5 |" in text
    assert "| parse |" in text
    run_bench(pipeline_factory=FakePipeline, corpus=None, sizes=[2], write_docs=out,
              cold_start=False)
    assert out.read_text().count("# Benchmarks") == 1  # appended, header once
    assert out.read_text().count("\n## ") == 2
    buf = io.StringIO()
    render_bench(report, Console(file=buf, width=150))
    assert "parse docs/s" in buf.getvalue()


def test_run_bench_on_a_given_corpus_and_store(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "one two three four"}\n{"id": "b", "text": "five six"}\n')
    report = run_bench(pipeline_factory=FakePipeline, corpus=corpus, sizes=[100],
                       write_docs=None, cold_start=False)
    assert report["corpus"] == str(corpus)
    assert [r["size"] for r in report["runs"]] == [2]  # capped at the corpus size
    assert report["runs"][0]["words"] == 6


def test_generated_store_is_one_the_merge_could_have_built(tmp_path: Path) -> None:
    """The store bench merges into a generated store: each of its keys is the one ingest stores for
    its report, and no two of its events are linked (else ingest would have merged them)."""
    import itertools
    import json

    from conflictwatch.merge import key_from_json, key_to_json, link, report_key
    from conflictwatch.store import open_store
    from conflictwatch.store.synthetic import fill, sample_report

    with open_store(tmp_path / "g.duckdb") as store:
        fill(store, 3000, days=40)  # 7 events a country a day
        rows = store.con.execute("SELECT report_id, article_id, data, merge_sig FROM reports").fetchall()
        assert len(rows) == store.count_events() == 3000
        by_country: dict[str, list[Any]] = {}
        for rid, aid, data, sig in rows:
            assert json.loads(sig) == key_to_json(report_key(rid, json.loads(data), aid))
            key = key_from_json(json.loads(sig))
            by_country.setdefault(key.iso3 or "", []).append(key)
        near = 0
        for keys in by_country.values():
            for a, b in itertools.combinations(keys, 2):
                if abs(int(a.event_date[8:]) - int(b.event_date[8:])) <= 1 and a.event_date[:7] == b.event_date[:7]:
                    near += 1
                    assert not link(a, b)[2], (a, b)
        assert near > 10_000  # the pairs a merge would compare were compared
        # A new report (placed only near the country's centre, so close to several regions)
        # joins at most one event: it never brings generated events together.
        art, res = sample_report(0, day="2015-01-20")
        store.add_result(art, res)
        assert store.count_events() in (3000, 3001)
