"""The `conflictwatch` command line: parse arguments, build Settings, call the pipeline; no logic."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.console import Console
from rich.table import Table

from conflictwatch.errors import ConflictwatchError, InputError
from conflictwatch.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn news about armed conflict and political violence into ACLED-style event data.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)

DB_HELP = "Store: a DuckDB file or a postgresql:// URL (default: $CONFLICTWATCH_DB or ./conflictwatch.duckdb)."


def _settings(db: Optional[Path]) -> Settings:
    return Settings().with_db(db)


@contextmanager
def _progress(total: int | None, label: str, *, quiet: bool) -> Iterator[Any]:
    """A rich progress bar on a terminal; nothing when quiet or piped."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    ) as prog:
        task = prog.add_task(label, total=total)
        yield lambda: prog.advance(task)


def _wide_console() -> Console:
    """A terminal's own width; 160 columns when piped, so tables stay readable in files and logs."""
    return Console() if sys.stdout.isatty() else Console(width=160)


def _open_input(path: str) -> Any:
    if path == "-":
        return sys.stdin
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    if p.suffix == ".gz":
        import gzip

        return gzip.open(p, "rt", encoding="utf-8", errors="replace")
    return p.open(encoding="utf-8", errors="replace")


def _open_output(path: str) -> Any:
    if path == "-":
        return sys.stdout
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Path(path).open("w", encoding="utf-8")


@app.command()
def ingest(
    sources: list[str] = typer.Argument(..., help="Files, folders, globs, .jsonl, URLs or feed URLs."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary table."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line per article on stderr."),
) -> None:
    """Read articles, extract, code, geocode and store them; the same article twice is stored once."""
    from conflictwatch.ingest import iter_articles
    from conflictwatch.pipeline import Pipeline
    from conflictwatch.runner import ingest_items
    from conflictwatch.store import open_store

    settings = _settings(db)
    pipe = Pipeline(settings)

    def stored(art: Any, result: Any) -> None:
        if verbose:
            what = result.skipped.reason if result.skipped else f"{len(result.events)} events"
            print(f"stored {art.id} {what}", file=sys.stderr, flush=True)

    with open_store(settings.store.db) as store, _progress(None, "ingesting", quiet=quiet) as tick:
        items = iter_articles(sources, timeout=settings.fetch.timeout, max_bytes=settings.fetch.max_bytes)
        rep = ingest_items(items, store=store, pipeline=pipe, on_stored=stored, on_item=tick)
        totals = store.counts()
        where = str(store.path)  # a server URL without its password
    counts, reasons = rep.counts, rep.reasons
    summary = {"run": dict(counts), "skip_reasons": dict(reasons), "store": totals, "db": where}
    if as_json:
        print(json.dumps(summary))
    elif not quiet:
        table = Table(title=f"ingest into {where}")
        table.add_column("what")
        table.add_column("count", justify="right")
        for k, v in sorted(counts.items()):
            table.add_row(k, str(v))
        for k, v in sorted(reasons.items()):
            table.add_row(f"  skip: {k}", str(v))
        table.add_row("events in store", str(totals["events"]))
        Console().print(table)


@app.command()
def code(
    input: str = typer.Argument("-", help="JSONL of input records, or - for stdin."),
    output: str = typer.Option("-", "--output", "-o", help="JSONL out, or - for stdout."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Stateless coding: one JSON record in, one out, same order; no database."""
    from conflictwatch.pipeline import BATCH_SIZE, Pipeline, article_from_record
    from conflictwatch.records import Result, Skipped, result_to_json

    pipe = Pipeline(_settings(None))
    fin, fout = _open_input(input), _open_output(output)

    def records() -> Iterator[Any]:
        """Each input line as an Article to code, or as the Result that says why it cannot be."""
        for n, line in enumerate(fin, start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Result(id=f"line {n}", document=None, skipped=Skipped("bad_json", f"line {n}: {exc.msg}"))
                continue
            art = article_from_record(rec, fallback_id=f"line {n}")
            if isinstance(art, Skipped):
                rid = rec.get("id") if isinstance(rec, dict) else None
                yield Result(id=str(rid or f"line {n}"), document=None, skipped=art)
            else:
                yield art

    def write(res: Any) -> None:
        fout.write(json.dumps(result_to_json(res), ensure_ascii=False) + "\n")
        fout.flush()

    with _progress(None, "coding", quiet=quiet) as tick:
        batch: list[Any] = []

        def flush() -> None:
            arts = [x for x in batch if not isinstance(x, Result)]
            coded = iter(pipe.process_many(arts))
            for x in batch:
                write(x if isinstance(x, Result) else next(coded))
                if tick:
                    tick()
            batch.clear()

        for item in records():
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                flush()
        flush()
    if fout is not sys.stdout:
        fout.close()


@app.command()
def geocode(
    input: str = typer.Argument("-", help='JSONL of {"id", "text", "mentions": [{"start", "end"}]}.'),
    output: str = typer.Option("-", "--output", "-o", help="JSONL out, or - for stdout."),
) -> None:
    """Resolve place mentions whose character spans are given."""
    from conflictwatch.geo import Geocoder
    from conflictwatch.records import place_to_json

    geocoder = Geocoder.load(cache_dir=str(Settings().geo.cache_dir))
    fin, fout = _open_input(input), _open_output(output)
    for n, line in enumerate(fin, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            text = rec["text"]
            spans = [(int(m["start"]), int(m["end"])) for m in rec.get("mentions", [])]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            out: dict[str, Any] = {"id": f"line {n}", "mentions": [], "skipped": {"reason": "bad_record", "detail": f"line {n}: {exc}"}}
        else:
            bad = [s for s in spans if not (0 <= s[0] < s[1] <= len(text))]
            if bad:
                out = {"id": rec.get("id"), "mentions": [], "skipped": {"reason": "bad_span", "detail": f"spans outside the text: {bad[:3]}"}}
            else:
                places = geocoder.resolve(text, spans)
                out = {"id": rec.get("id"), "mentions": [place_to_json(p) for p in places]}
        fout.write(json.dumps(out, ensure_ascii=False) + "\n")
    if fout is not sys.stdout:
        fout.close()


def _filters(**kw: Any) -> dict[str, Any]:
    return {k: v for k, v in kw.items() if v is not None}


events_app = typer.Typer(help="Query the store's events; `events show ID`, `events split`, `events join`.")
app.add_typer(events_app, name="events")


@events_app.callback(invoke_without_command=True)
def events(
    ctx: typer.Context,
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, help="Events on or after this date (YYYY-MM-DD)."),
    until: Optional[str] = typer.Option(None, help="Events on or before this date."),
    country: Optional[str] = typer.Option(None, help="Country name."),
    event_type: Optional[str] = typer.Option(None, "--event-type", help="ACLED event type."),
    sub_event_type: Optional[str] = typer.Option(None, "--sub-event-type", help="ACLED sub-event type."),
    actor: Optional[str] = typer.Option(None, help="Part of an actor's name."),
    min_fatalities: Optional[int] = typer.Option(None, "--min-fatalities", help="ACLED fatalities at least."),
    contested: Optional[bool] = typer.Option(None, "--contested/--uncontested", help="Only contested (or uncontested) events."),
    background: bool = typer.Option(False, "--background", help="Include events told as history."),
    limit: int = typer.Option(100, help="At most this many events."),
    as_json: bool = typer.Option(False, "--json", help="JSONL for machines."),
) -> None:
    """Query the store's events: a table in the terminal, --json for machines."""
    from conflictwatch.store import open_store

    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    settings = _settings(db)
    flt = _filters(since=since, until=until, country=country, event_type=event_type,
                   sub_event_type=sub_event_type, actor=actor, min_fatalities=min_fatalities, contested=contested)
    with open_store(settings.store.db, read_only=True) as store:
        rows = list(store.events(include_background=background, limit=limit, **flt))
    if as_json:
        for ev in rows:
            print(json.dumps(ev, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} events")
    for col in ("date", "type", "actor1", "actor2", "where", "killed", "sources", "contested"):
        table.add_column(col)
    for ev in rows:
        loc = ev.get("location") or {}
        fat = ev.get("fatalities")
        killed = "" if not fat else (str(fat["best"]) if fat["low"] == fat["high"] else f"{fat['low']}-{fat['high']}")
        table.add_row(
            ev.get("event_date") or "",
            ev.get("sub_event_type") or "",
            (ev.get("actor1") or {}).get("name", ""),
            (ev.get("actor2") or {}).get("name", ""),
            ", ".join(x for x in (loc.get("name"), loc.get("country")) if x and x != loc.get("country")) or (loc.get("country") or ""),
            killed,
            ", ".join(sorted({r.get("source") for r in ev.get("reports", []) if r.get("source")})),
            "yes" if ev.get("contested") else "",
        )
    _wide_console().print(table)


def _db_of(ctx: typer.Context, db: Optional[Path]) -> Settings:
    parent = (ctx.obj or {}).get("db") if ctx.obj else None
    return _settings(db or parent)


@events_app.command("show")
def events_show(
    ctx: typer.Context,
    event_id: str = typer.Argument(..., help="The event's id (see `conflictwatch events`)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="The stored record as JSON."),
) -> None:
    """Print one event, its reports side by side, its claims and why the reports were merged."""
    from conflictwatch.store import open_store

    settings = _db_of(ctx, db)
    with open_store(settings.store.db, read_only=True) as store:
        ev = store.get_event(event_id)
        if ev is None:
            raise InputError(f"no event {event_id}; `conflictwatch events --json` lists the ids")
        why = store.merge_evidence(event_id)
    if as_json:
        print(json.dumps({**ev, "merge": why}, ensure_ascii=False))
        return
    con = Console()
    loc = ev.get("location") or {}
    con.print(f"[bold]{ev['event_id']}[/bold]  {ev.get('event_date')}  {ev['event_type']} / {ev['sub_event_type']}"
              f"{'  [red]CONTESTED[/red]' if ev.get('contested') else ''}")
    con.print(f"{(ev.get('actor1') or {}).get('name', '?')}  vs  {(ev.get('actor2') or {}).get('name', '-')}"
              f"   at {loc.get('name')}, {loc.get('country')} (geo precision {loc.get('geo_precision')})")
    fat = ev.get("fatalities")
    con.print(f"killed: {fat if fat else 'not reported'}; ACLED fatalities {ev.get('acled_fatalities')}")
    table = Table(title="reports")
    for col in ("report", "source", "published", "killed", "title"):
        table.add_column(col)
    for r in ev.get("reports", []):
        f = r.get("fatalities")
        table.add_row(r.get("report_id", ""), r.get("source") or "", r.get("published") or "",
                      "" if not f else f"{f['low']}-{f['high']}", r.get("title") or "")
    con.print(table)
    claims = Table(title="claims")
    for col in ("source", "stance", "statement"):
        claims.add_column(col)
    for c in ev.get("claims", []):
        claims.add_row(c.get("source") or "", c.get("stance") or "", c.get("statement") or "")
    con.print(claims)
    if why:
        merged = Table(title="why merged")
        for col in ("pair", "score", "components", "decision"):
            merged.add_column(col)
        for w in why:
            merged.add_row(f"{w['report_a']} ~ {w['report_b']}", f"{w['score']:.2f}",
                           ", ".join(f"{k} {v:.2f}" for k, v in w["parts"].items()), w["decision"] or ("linked" if w["linked"] else "via others"))
        con.print(merged)
    for r in ev.get("revisions", []):
        con.print(f"revision {r.get('at')}: {r.get('changes')} (article {r.get('article_id')})")


@events_app.command("split")
def events_split(
    ctx: typer.Context,
    report_id: str = typer.Argument(..., help="The report to split off its event (see `events show`)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Split a report off its event; the decision is recorded and survives re-ingest."""
    from conflictwatch.store import open_store

    with open_store(_db_of(ctx, db).store.db) as store:
        ids = store.split_report(report_id)
    print(" ".join(ids))


@events_app.command("join")
def events_join(
    ctx: typer.Context,
    event_a: str = typer.Argument(..., help="One event id."),
    event_b: str = typer.Argument(..., help="The other event id."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
) -> None:
    """Join two events into one; the decision is recorded and survives re-ingest."""
    from conflictwatch.store import open_store

    with open_store(_db_of(ctx, db).store.db) as store:
        print(store.join_events(event_a, event_b))


@app.command()
def export(
    format: str = typer.Option(..., "--format", "-f", help="acled-csv, geojson, parquet or jsonl."),
    output: str = typer.Option("-", "--output", "-o", help="File, or - for stdout (not parquet)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    since: Optional[str] = typer.Option(None, help="Events on or after this date."),
    until: Optional[str] = typer.Option(None, help="Events on or before this date."),
    country: Optional[str] = typer.Option(None, help="Country name."),
    event_type: Optional[str] = typer.Option(None, "--event-type", help="ACLED event type."),
    background: bool = typer.Option(False, "--background", help="Include events told as history."),
) -> None:
    """Write the store's events as ACLED-compatible CSV, GeoJSON, Parquet or JSONL."""
    from conflictwatch.export import FORMATS
    from conflictwatch.export import export as do_export
    from conflictwatch.store import open_store

    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
    settings = _settings(db)
    flt = _filters(since=since, until=until, country=country, event_type=event_type)
    with open_store(settings.store.db, read_only=True) as store:
        rows = store.events(include_background=background, **flt)
        if format == "parquet":
            if output == "-":
                raise InputError("parquet needs a file: pass --output FILE.parquet")
            n = do_export(rows, format, Path(output))
        else:
            fout = _open_output(output)
            n = do_export(rows, format, fout)
            if fout is not sys.stdout:
                fout.close()
    if output != "-":
        err.print(f"wrote {n} events to {output}")


@app.command()
def evaluate(
    kind: str = typer.Argument(..., help="acled, case, ged, geoparse, extraction or ipe."),
    gold: Path = typer.Argument(..., help="The labelled file or folder."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N items."),
    errors: int = typer.Option(0, "--errors", help="List the N worst cases."),
    mode: Optional[str] = typer.Option(None, help="geoparse: resolution (gold spans given) or end_to_end."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Score the pipeline against labelled data."""
    from conflictwatch.evaluate import render_metrics, run_evaluation
    from conflictwatch.pipeline import Pipeline

    if not gold.exists():
        raise InputError(f"{gold}: no such file or folder")
    metrics = run_evaluation(kind, gold, pipeline=Pipeline(_settings(None)), limit=limit, errors=errors, mode=mode)
    if as_json:
        print(json.dumps(metrics, ensure_ascii=False, default=str))
    else:
        render_metrics(metrics, Console())


@app.command()
def bench(
    corpus: Optional[Path] = typer.Option(None, help="A folder or JSONL to measure on (default: generated)."),
    sizes: str = typer.Option("100,1000", help="Generated corpus sizes, comma-separated."),
    write: Optional[Path] = typer.Option(Path("docs/benchmarks.md"), help="Markdown file to append results to."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    store_events: int = typer.Option(0, "--store-events", help="Also time merges and API queries on a generated store of N events (e.g. 1000000)."),
    store_db: Path = typer.Option(Path("bench-store.duckdb"), "--store-db", help="Where --store-events builds its store (replaced)."),
) -> None:
    """Measure speed and memory per stage and end to end."""
    from conflictwatch.bench import render_bench, run_bench
    from conflictwatch.pipeline import Pipeline

    try:
        size_list = [int(s) for s in sizes.split(",") if s.strip()]
    except ValueError as exc:
        raise InputError(f"--sizes must be comma-separated integers: {sizes!r}") from exc
    report = run_bench(pipeline_factory=lambda: Pipeline(_settings(None)), corpus=corpus, sizes=size_list, write_docs=write)
    if store_events > 0:
        from conflictwatch.bench import run_store_bench, store_bench_markdown

        report["store"] = run_store_bench(store_events, store_db)
        if write is not None:
            with Path(write).open("a", encoding="utf-8") as fh:
                fh.write(store_bench_markdown(report["store"]))
        err.print(store_bench_markdown(report["store"]), markup=False)
    if as_json:
        print(json.dumps(report, default=str))
    else:
        render_bench(report, Console())


@app.command()
def serve(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", help="Address to bind. Keep 127.0.0.1 unless a proxy with TLS is in front."),
    port: int = typer.Option(8000, help="TCP port."),
    token: Optional[str] = typer.Option(
        None, help="Token for POST /articles (default: $CONFLICTWATCH_TOKEN); without one, writes are refused."
    ),
) -> None:
    """HTTP API and web dashboard (http://127.0.0.1:8000/, API docs at /docs)."""
    from dataclasses import replace

    import uvicorn

    from conflictwatch.api import create_app

    settings = _settings(db)
    settings = replace(settings, api=replace(settings.api, host=host, port=port, token=token or settings.api.token))
    from conflictwatch.store.postgres import redact

    err.print(f"conflictwatch: serving {redact(str(settings.store.db))} on http://{host}:{port}/ "
              f"(writes {'need the token' if settings.api.token else 'disabled: no token'})", soft_wrap=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


@app.command()
def watch(
    feeds_file: Path = typer.Argument(..., metavar="FEEDS", help="TOML feeds file (see examples/feeds.toml)."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    once: bool = typer.Option(False, "--once", help="Poll every feed now, ingest what is new, exit."),
    max_cycles: Optional[int] = typer.Option(None, "--max-cycles", min=1, help="Stop after N polling cycles."),
    time_limit: float = typer.Option(60.0, "--time-limit", min=0.01, help="Seconds of processing per article before it is skipped as 'timeout'."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="One line per poll and per article on stderr."),
    as_json: bool = typer.Option(False, "--json", help="Print this run's counts as JSON when it ends."),
) -> None:
    """Poll feeds continuously and ingest what is new; restartable, stops cleanly on SIGTERM."""
    from conflictwatch.watch import run_watch

    stats = run_watch(feeds_file, settings=_settings(db), once=once, max_cycles=max_cycles,
                      time_limit=time_limit, verbose=verbose)
    if as_json:
        print(json.dumps(stats))
    elif verbose:
        err.print("watch: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())), markup=False)


feeds_app = typer.Typer(help="The feeds `conflictwatch watch` polls: `feeds status`.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("status")
def feeds_status(
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per feed, one a line."),
) -> None:
    """Each watched feed's health, last success, last error and counts."""
    from conflictwatch.watch.status import read_status, render_status, status_json

    rows = read_status(_settings(db).store.db)
    if as_json:
        for row in rows:
            print(json.dumps(status_json(row), ensure_ascii=False))
    else:
        render_status(rows, Console())


@app.command()
def batch(
    sources: list[str] = typer.Argument(..., metavar="INPUT", help="Folders, globs, JSONL or Parquet shards (columns id, text or html, published, title, url, source, language)."),
    engine: str = typer.Option("local", "--engine", help="local (this machine's cores) or ray (a Ray cluster)."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the Parquet shards of reports (part-00000.parquet, ...)."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray: address of an existing cluster (default: start a local Ray)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker processes or Ray actors (default: all cores; all cluster CPUs with --address)."),
    shard_size: int = typer.Option(500, "--shard-size", min=1, help="Inputs per shard; keep it when restarting into the same folder."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No per-shard lines, no summary table."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Code an archive into Parquet shards of reports, on all cores or a Ray cluster; restartable."""
    from conflictwatch.batch import run_batch

    def shard_done(s: dict[str, Any]) -> None:
        if not quiet and not as_json:
            err.print(f"shard {s['shard']:5d}: {s['articles']} articles, {s['events']} events, "
                      f"{s['seconds']:.1f} s", markup=False, highlight=False)

    rep = run_batch(sources, out_dir=output, engine=engine, workers=workers, address=address,
                    shard_size=shard_size, settings=_settings(None), on_shard=shard_done)
    summary = {**rep.to_json(), "output": str(output)}
    if len(rep.code_versions()) > 1:
        err.print(f"warning: shards in {output} were coded by {len(rep.code_versions())} versions of the code "
                  "(changed since the first run, or cluster nodes with other installs); results may differ "
                  "between shards: use a new --output folder for one version", markup=False)
    if as_json:
        print(json.dumps(summary))
    elif not quiet:
        table = Table(title=f"batch ({engine}) into {output}")
        table.add_column("what")
        table.add_column("value", justify="right")
        for k in ("items", "shards", "already_done", "computed", "seconds", "docs_per_s", "words_per_s"):
            table.add_row(k.replace("_", " "), str(summary[k]))
        for k, v in sorted(rep.counts.items()):
            table.add_row(f"  {k}", str(v))
        Console().print(table)


@app.command()
def load(
    shards_dir: Path = typer.Argument(..., metavar="DIR", help="A `batch --output` folder of part-*.parquet shards."),
    db: Optional[Path] = typer.Option(None, "--db", help=DB_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary table."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Store the reports of `batch` shards and merge them into canonical events; loading twice changes nothing."""
    from conflictwatch.batch import load_shards, missing_shards
    from conflictwatch.store import open_store

    settings = _settings(db)
    missing = missing_shards(shards_dir)
    with open_store(settings.store.db) as store, _progress(None, "loading", quiet=quiet) as tick:
        counts = load_shards(shards_dir, store=store, on_row=tick)
        totals = store.counts()
    from conflictwatch.store.postgres import redact

    summary = {"run": dict(counts), "store": totals, "db": redact(str(settings.store.db)), "missing_shards": missing}
    if as_json:
        print(json.dumps(summary))
    elif not quiet:
        if missing:
            err.print(f"warning: {len(missing)} planned shards are not written yet (first: {missing[0]}); "
                      "rerun `batch`, then `load` again", markup=False)
        table = Table(title=f"load into {summary['db']}")
        table.add_column("what")
        table.add_column("count", justify="right")
        for k, v in sorted(counts.items()):
            table.add_row(k, str(v))
        table.add_row("events in store", str(totals["events"]))
        Console().print(table)


@app.command()
def stages() -> None:
    """List the pipeline's stages in order."""
    from conflictwatch.pipeline import STAGES

    for name, doc, _ in STAGES:
        print(f"{name:10} {doc}")


def main() -> None:
    """Entry point: one-line errors, non-zero exit status on failure."""
    try:
        app()
    except ConflictwatchError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
