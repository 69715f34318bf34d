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
