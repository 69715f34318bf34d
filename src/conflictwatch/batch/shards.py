"""One shard coded by a worker, and the Parquet shard files of reports: writer and reader.

A shard file holds one row per input: the article as read (raw html/text, so `load` rebuilds
the same Article and content hash that `ingest` would), the Result as JSON
(records.result_to_json), and flat columns to query without parsing the JSON.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from conflictwatch.batch.plan import Segment, ShardSpec, shard_name
from conflictwatch.errors import InputError
from conflictwatch.records import Article, Skipped, result_to_json
from conflictwatch.settings import Settings

ARTICLE_COLUMNS = ("id", "html", "text", "published", "title", "url", "source", "language", "origin")
# Columns a Parquet input may have besides id/text/html (interfaces.md's input record).
PARQUET_INPUT_COLUMNS = ("id", "text", "html", "published", "title", "url", "source", "language")


def shard_schema() -> Any:
    import pyarrow as pa  # type: ignore[import-untyped]

    s = pa.string()
    return pa.schema([
        ("shard", pa.int32()), ("position", pa.int64()),
        *[(c, s) for c in ARTICLE_COLUMNS],
        ("content_hash", s),  # Article.content_hash; None for an unreadable input
        ("status", s),  # coded | skipped | unreadable
        ("skipped_reason", s), ("skipped_detail", s),
        ("n_events", pa.int32()), ("n_places", pa.int32()), ("n_words", pa.int32()),
        ("acled_fatalities", pa.int32()),
        ("code_version", s),  # of the worker's conflictwatch code: shards of two versions differ
        ("result_json", s),
    ])


# What a shard's content depends on; the store, API, web and CLI do not change it.
CODED_BY = frozenset({"pipeline.py", "records.py", "settings.py", "extract.py", "nlp.py", "coding", "geo",
                      "ingest", "data", "batch"})


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the conflictwatch code and data a shard's results depend on (CODED_BY): a
    restart after a code change, or a cluster node with another install, shows up as a second
    version rather than as silently different results."""
    import hashlib

    import conflictwatch

    root = Path(conflictwatch.__file__).parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and rel.parts[0] in CODED_BY and "__pycache__" not in rel.parts:
            h.update(str(rel).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def build_pipeline(settings: Settings | None = None) -> Any:
    """A Pipeline whose geocoder does not learn outlets' home regions from earlier articles, so a
    result depends on its article alone, not on which articles the same worker coded before."""
    from dataclasses import replace

    from conflictwatch.pipeline import Pipeline

    base = settings or Settings()
    pipe = Pipeline(replace(base, geo=replace(base.geo, learn_outlets=False)))
    pipe.nlp, pipe.coder  # noqa: B018 - load the model and coder now, once per worker
    return pipe


def _scalar(v: Any) -> Any:
    return v.isoformat() if hasattr(v, "isoformat") else v


def _parquet_items(seg: Segment) -> list[Article | tuple[str, Skipped]]:
    """Rows [start, stop) of a Parquet input, reading only the row groups that hold them."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    from conflictwatch.ingest.inputs import article_from_record

    assert seg.parquet
    pf = pq.ParquetFile(seg.parquet)
    cols = [c for c in PARQUET_INPUT_COLUMNS if c in pf.schema_arrow.names]
    groups, offset, first = [], 0, None
    for g in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        if offset + n > seg.start and offset < seg.stop:
            groups.append(g)
            first = offset if first is None else first
        offset += n
    table = pf.read_row_groups(groups, columns=cols) if groups else pa.table({})
    table = table.slice(seg.start - (first or 0), seg.stop - seg.start)
    out: list[Article | tuple[str, Skipped]] = []
    for n, rec in enumerate(table.to_pylist(), start=seg.start + 1):
        origin = f"{seg.parquet}#row {n}"
        art = article_from_record({k: _scalar(v) for k, v in rec.items()}, origin=origin)
        out.append((origin, art) if isinstance(art, Skipped) else art)
    return out


def _record_item(rec: dict[str, Any]) -> Article | tuple[str, Skipped]:
    if rec.get("unreadable"):
        return rec["origin"], Skipped(rec["reason"], rec.get("detail") or "")
    fields: dict[str, Any] = {k: rec.get(k) for k in ARTICLE_COLUMNS}
    return Article(**fields)


def shard_items(spec: ShardSpec) -> list[Article | tuple[str, Skipped]]:
    items: list[Article | tuple[str, Skipped]] = []
    for seg in spec.segments:
        items.extend(_parquet_items(seg) if seg.parquet else [_record_item(r) for r in seg.records])
    return items


def code_shard(spec: ShardSpec, pipeline: Any) -> tuple[bytes, dict[str, Any]]:
    """Code one shard: the Parquet file's bytes, and a summary with its counts and timing."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    t0 = time.perf_counter()
    items = shard_items(spec)
    articles = [x for x in items if isinstance(x, Article)]
    coded = iter(pipeline.process_many(articles))
    rows = []
    counts = {"articles": len(items), "coded": 0, "skipped": 0, "unreadable": 0, "events": 0, "words": 0}
    for pos, item in enumerate(items, start=spec.first):
        row: dict[str, Any] = {"shard": spec.index, "position": pos, "code_version": code_version()}
        if isinstance(item, tuple):
            origin, skipped = item
            row.update(origin=origin, status="unreadable", skipped_reason=skipped.reason,
                       skipped_detail=skipped.detail, n_events=0, n_places=0, n_words=0, acled_fatalities=0)
            counts["unreadable"] += 1
        else:
            res = next(coded)
            words = len(res.document.text.split()) if res.document else 0
            row.update({c: getattr(item, c) for c in ARTICLE_COLUMNS})
            row.update(
                content_hash=item.content_hash,
                status="skipped" if res.skipped else "coded",
                skipped_reason=res.skipped.reason if res.skipped else None,
                skipped_detail=res.skipped.detail if res.skipped else None,
                n_events=len(res.events), n_places=len(res.places), n_words=words,
                acled_fatalities=sum(e.acled_fatalities for e in res.events),
                result_json=json.dumps(result_to_json(res), ensure_ascii=False, sort_keys=True),
            )
            counts["skipped" if res.skipped else "coded"] += 1
            counts["events"] += len(res.events)
            counts["words"] += words
        rows.append(row)
    table = pa.Table.from_pylist(rows, schema=shard_schema())
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf, compression="zstd")
    import resource

    summary = {"shard": spec.index, **counts, "seconds": time.perf_counter() - t0, "worker": os.getpid(),
               "code_version": code_version(),
               "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}
    return buf.getvalue().to_pybytes(), summary


def write_shard(out_dir: Path, index: int, data: bytes) -> Path:
    """Write a shard atomically: a temp file, flushed to disk, then renamed to its final name."""
    final = out_dir / shard_name(index)
    tmp = out_dir / f".{final.name}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, final)
    return final


def shard_files(out_dir: Path) -> list[Path]:
    return sorted(out_dir.glob("part-*.parquet"))


def iter_shard_rows(out_dir: Path) -> Iterator[dict[str, Any]]:
    """Every row of every shard, in input order."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    for path in shard_files(out_dir):
        try:
            rows = pq.read_table(path).to_pylist()
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: not a readable shard ({exc}); delete it and rerun `batch`") from exc
        yield from sorted(rows, key=lambda r: r["position"])


def article_from_row(row: dict[str, Any]) -> Article:
    """The Article as `ingest` read it; its content hash is checked against the stored one."""
    fields: dict[str, Any] = {c: row.get(c) for c in ARTICLE_COLUMNS}
    art = Article(**fields)
    if art.content_hash != row["content_hash"]:
        raise InputError(f"shard row {row['position']} ({art.id}): content hash mismatch; the shard is "
                         "damaged, delete it and rerun `batch`")
    return art


