"""`conflictwatch bench`: throughput and peak memory per stage and end to end, and cold start.

Memory is peak resident set size (RSS) read from the kernel: VmHWM in /proc/self/status, reset
before each phase by writing 5 to /proc/self/clear_refs (Linux), so each phase reports its own
peak. Where that reset is unavailable it falls back to resource.getrusage(RUSAGE_SELF).ru_maxrss,
the process-wide high-water mark, which only ever grows. tracemalloc is not used: it misses
memory that spaCy and numpy allocate outside Python's allocator and slows parsing severalfold.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conflictwatch.records import Article, Result, Skipped

DEFAULT_SIZES = (100, 1000)

# The geocoder-only measure resolves at most this many documents' mentions: enough for a stable
# rate (a few thousand resolutions), short next to the end-to-end runs.
GEOCODER_SAMPLE_DOCS = 500

# spaCy's nlp.pipe batch for the parse-only floor; spaCy's default (1000) would hold a thousand
# parsed documents at once, 64 keeps memory comparable with the one-at-a-time pipeline.
PARSE_BATCH = 64

# A cold start slower than this is reported as failed rather than waited for.
COLD_START_TIMEOUT_S = 600

COLD_START_TEXT = (
    "Armenia said on Tuesday that Azerbaijani forces had killed four of its soldiers near the "
    "village of Nerkin Hand in the Syunik province."
)

_COLD_START_CODE = """
import json, resource, time
t0 = time.perf_counter()
from conflictwatch.pipeline import Pipeline
t1 = time.perf_counter()
r = Pipeline().code_text({text!r}, published="2024-02-13")
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "first_doc_s": t2 - t0, "events": len(r.events),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

MEMORY_METHOD = (
    "peak RSS: VmHWM from /proc/self/status, reset per phase via /proc/self/clear_refs"
)
MEMORY_METHOD_FALLBACK = "peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss (never reset)"


# ---------------------------------------------------------------- memory


class Memory:
    """Peak-RSS probe; `resettable` says whether each phase gets its own peak."""

    def __init__(self) -> None:
        self.resettable = self._try_reset()

    @staticmethod
    def _try_reset() -> bool:
        try:
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
            return Memory._status("VmHWM") is not None
        except OSError:
            return False

    @staticmethod
    def _status(key: str) -> float | None:
        """A /proc/self/status field in MB, or None off Linux."""
        try:
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith(key + ":"):
                        return int(line.split()[1]) / 1024  # kB
        except OSError:
            return None
        return None

    def reset(self) -> None:
        if self.resettable:
            self._try_reset()

    def peak_mb(self) -> float:
        if self.resettable:
            return self._status("VmHWM") or 0.0
        # ru_maxrss is in kB on Linux, bytes on macOS.
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale

    def rss_mb(self) -> float:
        return self._status("VmRSS") or self.peak_mb()

    @property
    def method(self) -> str:
        return MEMORY_METHOD if self.resettable else MEMORY_METHOD_FALLBACK


# ---------------------------------------------------------------- machine, commit


def machine_info() -> dict[str, Any]:
    """Platform, CPU model, core count and RAM of this machine."""
    cpu = platform.processor() or platform.machine()
    ram_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    try:
        # Other jobs on the machine slow every number: the load average says how busy it was.
        load: list[float] | None = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        load = None
    return {
        "load_avg": load,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
    }


def git_commit(repo: Path | None = None) -> str:
    """HEAD's commit hash, "+dirty" when the tree has changes; "uncommitted" without git."""
    cwd = repo or Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, check=False,
                              text=True, timeout=10)
        if head.returncode != 0:
            return "uncommitted"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=cwd, capture_output=True, text=True, timeout=10, check=False)
        return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "uncommitted"


# ---------------------------------------------------------------- corpus


def load_corpus(path: Path) -> list[Article]:
    """Articles of a folder or JSONL, read by the ingest module (or a plain JSONL/text reader)."""
    try:
        from conflictwatch.ingest import iter_articles
    except ImportError:
        return list(_read_plain(path))
    return [a for a in iter_articles([str(path)]) if isinstance(a, Article)]


def _read_plain(path: Path) -> Iterable[Article]:
    from conflictwatch.pipeline import article_from_record

    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for f in files:
        if f.suffix == ".jsonl":
            for k, line in enumerate(f.read_text(encoding="utf-8").splitlines()):
                if line.strip():
                    a = article_from_record(json.loads(line), fallback_id=f"{f.stem}-{k}")
                    if isinstance(a, Article):
                        yield a
        elif f.suffix in (".txt", ".html", ".htm"):
            body = f.read_text(encoding="utf-8", errors="replace")
            kind = "html" if f.suffix != ".txt" else "text"
            yield Article(id=f.stem, origin=str(f), **{kind: body})


def _words(text: str | None) -> int:
    return len(text.split()) if text else 0


# ---------------------------------------------------------------- measures


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def _num(x: Any) -> str:
    """A rate or size for tables: thousands separated, decimals only where they say something."""
    if not isinstance(x, (int, float)) or isinstance(x, bool):
        return "" if x is None else str(x)
    if isinstance(x, int):
        return f"{x:,}"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.2f}"


def measure_cold_start(python: str = sys.executable) -> dict[str, Any]:
    """A fresh `python -c` that imports the project and codes one short text (the default Pipeline)."""
    src = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (src, os.environ.get("PYTHONPATH")) if p)}
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([python, "-c", _COLD_START_CODE.format(text=COLD_START_TEXT)],
                              capture_output=True, text=True, env=env, timeout=COLD_START_TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"no first document within {COLD_START_TIMEOUT_S} s"}
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": tail[:200], "wall_s": round(wall, 2)}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"wall_s": round(wall, 2), **{k: round(v, 2) if isinstance(v, float) else v
                                         for k, v in out.items()}}


def _load_resources(pipeline: Any, mem: Memory) -> dict[str, Any]:
    """Build each heavy resource in turn: seconds and RSS each adds (the stage's own memory)."""
    out: dict[str, Any] = {}
    for name in ("nlp", "geocoder", "coder"):
        mem.reset()
        before, t0 = mem.rss_mb(), time.perf_counter()
        try:
            getattr(pipeline, name)
        except AttributeError:
            continue
        out[name] = {"seconds": round(time.perf_counter() - t0, 2),
                     "rss_added_mb": round(mem.rss_mb() - before, 1),
                     "peak_mb": round(mem.peak_mb(), 1)}
    return out


def _geocoder_rate(pipeline: Any, results: list[Result], mem: Memory) -> dict[str, Any]:
    """Mentions resolved per second by the loaded geocoder, on the spans the run found."""
    geocoder = getattr(pipeline, "geocoder", None)
    if geocoder is None or not hasattr(geocoder, "resolve"):
        return {"error": "the geocoder has no resolve()"}
    jobs = [(r.document.text, [(p.start, p.end) for p in r.places])
            for r in results[:GEOCODER_SAMPLE_DOCS] if r.document is not None and r.places]
    mentions = sum(len(m) for _, m in jobs)
    mem.reset()
    t0 = time.perf_counter()
    for text, spans in jobs:
        geocoder.resolve(text, spans)
    secs = time.perf_counter() - t0
    return {"mentions": mentions, "seconds": round(secs, 3),
            "resolutions_per_s": _rate(mentions, secs), "peak_mb": round(mem.peak_mb(), 1)}


def _run_size(pipeline: Any, articles: list[Article], mem: Memory, db: Path | None) -> tuple[dict[str, Any], list[Result]]:
    stages_before = dict(getattr(pipeline, "stage_seconds", {}))
    mem.reset()
    t0 = time.perf_counter()
    # The way ingest and code run it: the parse batched, every other stage per document.
    if hasattr(pipeline, "process_many"):
        results = list(pipeline.process_many(articles))
    else:
        results = [pipeline.process(a) for a in articles]
    e2e = time.perf_counter() - t0
    e2e_peak = mem.peak_mb()
    texts = [r.document.text for r in results if r.document is not None and r.skipped is None]
    words = sum(_words(r.document.text) for r in results if r.document is not None)
    n = len(articles)

    stages: dict[str, Any] = {}
    for name, total in getattr(pipeline, "stage_seconds", {}).items():
        secs = total - stages_before.get(name, 0.0)
        stages[name] = {"seconds": round(secs, 3), "docs_per_s": _rate(n, secs),
                        "words_per_s": _rate(words, secs), "share": round(secs / e2e, 3) if e2e else 0}
    if db is not None:
        stages["store"] = _store_results(db, articles, results, n, words)

    # The floor: spaCy alone over the very texts the pipeline parsed, batched as spaCy likes it.
    mem.reset()
    t0 = time.perf_counter()
    for _ in pipeline.nlp.pipe(texts, batch_size=PARSE_BATCH):
        pass
    parse = time.perf_counter() - t0
    row = {
        "size": n, "words": words,
        "events": sum(len(r.events) for r in results),
        "places": sum(len(r.places) for r in results),
        "skipped": sum(1 for r in results if r.skipped is not None),
        "seconds": round(e2e, 3), "docs_per_s": _rate(n, e2e), "words_per_s": _rate(words, e2e),
        "peak_mb": round(e2e_peak, 1),
        "parse_seconds": round(parse, 3), "parse_docs_per_s": _rate(len(texts), parse),
        "parse_words_per_s": _rate(words, parse), "parse_peak_mb": round(mem.peak_mb(), 1),
        "coding_overhead": round((e2e - parse) / parse, 2) if parse > 0 else None,
        "stages": stages,
    }
    return row, results


def _store_results(db: Path, articles: list[Article], results: list[Result], n: int, words: int) -> dict[str, Any]:
    from conflictwatch.store import open_store

    t0 = time.perf_counter()
    with open_store(db) as store:
        for a, r in zip(articles, results):
            if isinstance(r.skipped, Skipped):
                store.add_skip(a.origin, r.skipped, article_id=a.id)
            else:
                store.add_result(a, r)
    secs = time.perf_counter() - t0
    return {"seconds": round(secs, 3), "docs_per_s": _rate(n, secs), "words_per_s": _rate(words, secs)}


def run_bench(
    *,
    pipeline_factory: Callable[[], Any],
    corpus: Path | None,
    sizes: list[int],
    db: Path | None = None,
    write_docs: Path | None = Path("docs/benchmarks.md"),
    cold_start: bool = True,
    seed: int | None = None,
) -> dict[str, Any]:
    """Measure the pipeline at each corpus size; append a markdown section to `write_docs`.

    `corpus` None generates `max(sizes)` articles (deterministic, `seed`); a given corpus is cut
    to each size (capped at its length). `db` adds a store stage. `cold_start` runs a fresh
    process with the default Pipeline (not `pipeline_factory`) to time the first document out.
    Report keys: date, commit, machine, memory_method, corpus, load, runs, geocoder, cold_start.
    """
    from conflictwatch.evaluate.synthetic import DEFAULT_SEED, generate

    sizes = sorted({int(s) for s in sizes if int(s) > 0}) or list(DEFAULT_SIZES)
    mem = Memory()
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": machine_info(),
        "memory_method": mem.method,
        "baseline_rss_mb": round(mem.rss_mb(), 1),
    }
    if corpus is None:
        seed = DEFAULT_SEED if seed is None else seed
        articles = generate(max(sizes), seed=seed)
        report["corpus"] = f"generated (seed {seed})"
    else:
        articles = load_corpus(Path(corpus))
        report["corpus"] = str(corpus)
        sizes = sorted({min(s, len(articles)) for s in sizes if articles})

    pipeline = pipeline_factory()
    report["load"] = _load_resources(pipeline, mem)
    # One warm-up document outside the timings: first calls fill caches and lazy tables.
    pipeline.process(Article(id="warmup", text=COLD_START_TEXT, published="2024-02-13"))

    runs: list[dict[str, Any]] = []
    last_results: list[Result] = []
    for size in sizes:
        row, last_results = _run_size(pipeline, articles[:size], mem, db)
        runs.append(row)
    report["runs"] = runs
    report["geocoder"] = _geocoder_rate(pipeline, last_results, mem)
    if "geocoder" in report["load"]:
        report["geocoder"]["rss_added_mb"] = report["load"]["geocoder"]["rss_added_mb"]
    report["cold_start"] = measure_cold_start() if cold_start else None
    if write_docs is not None:
        write_docs = Path(write_docs)
        write_docs.parent.mkdir(parents=True, exist_ok=True)
        new = not write_docs.exists()
        with write_docs.open("a", encoding="utf-8") as fh:
            if new:
                fh.write(DOC_HEADER)
            fh.write(to_markdown(report))
        report["written_to"] = str(write_docs)
    return report


# Filtered queries the store benchmark times against the API, as a dashboard user would send them.
API_QUERIES = (
    "/events?country=Sudan&page_size=50",
    "/events?event_type=Battles&since=2020-01-01&until=2020-12-31&page_size=50",
    "/events?min_fatalities=20&sort=fatalities&page_size=50",
    "/events?bbox=20,5,40,25&page_size=50",
    "/events?country=Ukraine&sub_event_type=Air%2Fdrone%20strike&page=3&page_size=50",
)


def run_store_bench(n_events: int, db: Path, *, merges: int = 30, requests: int = 60) -> dict[str, Any]:
    """A generated store of n_events: time merging new reports into it and filtered GET /events."""
    from fastapi.testclient import TestClient

    from conflictwatch.api import create_app
    from conflictwatch.settings import Settings
    from conflictwatch.store import open_store
    from conflictwatch.store.synthetic import fill, time_merges

    db = Path(db)
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with open_store(db) as store:
        fill_s = fill(store, n_events)
        merge = time_merges(store, merges)
    client = TestClient(create_app(Settings().with_db(db)))
    times: list[float] = []
    for i in range(requests):
        t0 = time.perf_counter()
        resp = client.get(API_QUERIES[i % len(API_QUERIES)])
        times.append(time.perf_counter() - t0)
        if resp.status_code != 200:
            raise RuntimeError(f"{API_QUERIES[i % len(API_QUERIES)]} answered {resp.status_code}")
    times.sort()
    return {
        "events": n_events, "fill_seconds": round(fill_s, 1), "merge": merge,
        "api": {"requests": requests, "median_ms": round(1000 * times[len(times) // 2], 1),
                "p95_ms": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                "queries": list(API_QUERIES)},
    }


def store_bench_markdown(rep: dict[str, Any]) -> str:
    m, a = rep["merge"], rep["api"]
    # What each merge had to do: the stored reports the new one linked to, the component it read.
    work = (f" (each new report linked to {m['linked_mean']:.1f} stored reports, in a component of "
            f"{m['component_mean']:.1f} reports, on average)") if "linked_mean" in m else ""
    split = (f"; the first report of each country (candidates read from disk) median "
             f"{m['first_median_ms']:.1f} ms, the later ones {m['later_median_ms']:.1f} ms"
             ) if m.get("later_median_ms") is not None else ""
    split += f"; the first merge {m['opening_ms']:.1f} ms" if "opening_ms" in m else ""
    return (
        f"\n### Store of {rep['events']:,} generated events\n\n"
        f"- generated in {rep['fill_seconds']} s (bulk SQL)\n"
        f"- merging a new report (add_result: candidates, links, canonical event rebuilt): "
        f"median {m['median_ms']:.1f} ms, p95 {m['p95_ms']:.1f} ms over {m['reports']} reports{work}{split}\n"
        f"- filtered `GET /events` (in-process client, {a['requests']} requests over {len(a['queries'])} "
        f"filter sets): median {a['median_ms']} ms, p95 {a['p95_ms']} ms\n"
    )


DOC_HEADER = """# Benchmarks

Appended by `conflictwatch bench` (newest last). Throughput counts input documents and the
words of their extracted text; the parse floor is spaCy's `nlp.pipe` alone on the same texts,
and coding overhead = (end to end - parse floor) / parse floor. Memory is peak resident set size
of the process (models included) per phase; see each section's method line.
"""


def to_markdown(report: dict[str, Any]) -> str:
    """One dated section: machine, corpus, a table per size, stage timings, load, cold start."""
    m = report["machine"]
    lines = [
        "", f"## {report['date']} (commit {report['commit']})", "",
        (f"- machine: {m['platform']}; {m['cpu']}; {m['cores']} cores; {m['ram_gb']} GB RAM; "
        f"Python {m['python']}; load average at start {m.get('load_avg')}"),
        f"- corpus: {report['corpus']}",
        f"- memory: {report['memory_method']}", "",
        ("| docs | words | end-to-end docs/s | words/s | peak MB | parse-only docs/s | words/s "
        "| coding overhead | events | skipped |"),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["runs"]:
        cells = [r["size"], r["words"], r["docs_per_s"], r["words_per_s"], r["peak_mb"],
                 r["parse_docs_per_s"], r["parse_words_per_s"], r["coding_overhead"], r["events"],
                 r["skipped"]]
        lines.append("| " + " | ".join(_num(c) for c in cells) + " |")
    if report["runs"]:
        last = report["runs"][-1]
        lines += ["", f"Stages at {last['size']:,} docs:", "",
                  "| stage | seconds | docs/s | words/s | share |", "|---|---:|---:|---:|---:|"]
        for name, s in last["stages"].items():
            lines.append(f"| {name} | {_num(s['seconds'])} | {_num(s['docs_per_s'])} "
                         f"| {_num(s['words_per_s'])} | {_num(s.get('share'))} |")
    if report.get("load"):
        lines += ["", "| load | seconds | RSS added MB | peak MB |", "|---|---:|---:|---:|"]
        for name, s in report["load"].items():
            lines.append(f"| {name} | {_num(s['seconds'])} | {_num(s['rss_added_mb'])} "
                         f"| {_num(s['peak_mb'])} |")
    g = report.get("geocoder") or {}
    if "resolutions_per_s" in g:
        lines += ["", (f"- geocoder after load: {_num(g['resolutions_per_s'])} resolutions/s "
                      f"({g['mentions']:,} mentions), {g.get('rss_added_mb', '?')} MB loaded")]
    c = report.get("cold_start")
    if c:
        if "error" in c:
            lines.append(f"- cold start: failed ({c['error']})")
        else:
            lines.append(f"- cold start (fresh process to first document coded): {c['wall_s']} s "
                         f"(imports {c['import_s']} s), peak {c['peak_rss_mb']} MB")
    return "\n".join(lines) + "\n"


def render_bench(report: dict[str, Any], console: Any) -> None:
    """The report as rich tables."""
    from rich.table import Table

    m = report["machine"]
    console.print(f"{report['corpus']} on {m['cpu']} ({m['cores']} cores), commit "
                  f"{report['commit']}", markup=False, highlight=False)
    t = Table(title="end to end vs parse floor", title_justify="left")
    for col in ("docs", "words", "docs/s", "words/s", "peak MB", "parse docs/s",
                "parse words/s", "coding overhead"):
        t.add_column(col, justify="right")
    for r in report["runs"]:
        t.add_row(*(_num(r[k]) for k in ("size", "words", "docs_per_s", "words_per_s", "peak_mb",
                                          "parse_docs_per_s", "parse_words_per_s",
                                          "coding_overhead")))
    console.print(t)
    if report["runs"]:
        last = report["runs"][-1]
        st = Table(title=f"stages at {last['size']:,} docs", title_justify="left")
        for col in ("stage", "seconds", "docs/s", "words/s", "share"):
            st.add_column(col, justify="right" if col != "stage" else "left")
        for name, s in last["stages"].items():
            st.add_row(name, _num(s["seconds"]), _num(s["docs_per_s"]), _num(s["words_per_s"]),
                       _num(s.get("share")))
        console.print(st)
    for name, s in (report.get("load") or {}).items():
        console.print(f"load {name}: {s['seconds']} s, +{s['rss_added_mb']} MB RSS")
    g = report.get("geocoder") or {}
    if "resolutions_per_s" in g:
        console.print(f"geocoder: {_num(g['resolutions_per_s'])} resolutions/s, "
                      f"{g.get('rss_added_mb', '?')} MB loaded")
    c = report.get("cold_start")
    if c:
        console.print(f"cold start: {c.get('wall_s', '?')} s" + (f" ({c['error']})" if "error" in c else ""))
    console.print(f"memory: {report['memory_method']}", markup=False)
    if report.get("written_to"):
        console.print(f"appended to {report['written_to']}", markup=False)
