"""Inputs -> a fixed list of shards: every input in sorted order, `shard_size` to a shard.

A shard is described by a ShardSpec: segments that either carry input records (read by the
driver from folders, globs and JSONL, as `ingest` reads them) or point at a row range of a
Parquet file (read by the worker, so a Parquet archive never passes through the driver).
The same inputs and shard size always give the same specs, so a restart maps the same
articles to the same shard files.
"""

from __future__ import annotations

import glob
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictwatch.errors import InputError
from conflictwatch.records import Article, Skipped, content_id

# 500 articles of ~300 words take ~20-40 s on one worker here: long enough that per-shard
# overhead (a Parquet file, a Ray task) is noise, short enough that a kill loses little.
SHARD_SIZE = 500
PARQUET_SUFFIX = ".parquet"
_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Segment:
    """Part of a shard: input records carried inline, or rows [start, stop) of a Parquet file."""

    records: tuple[dict[str, Any], ...] = ()
    parquet: str | None = None
    start: int = 0
    stop: int = 0

    def __len__(self) -> int:
        return self.stop - self.start if self.parquet else len(self.records)


@dataclass(frozen=True)
class ShardSpec:
    index: int
    first: int  # global position of the shard's first input
    segments: tuple[Segment, ...] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        return sum(len(s) for s in self.segments)

    def to_json(self) -> str:
        return json.dumps({"index": self.index, "first": self.first, "segments": [
            {"records": list(s.records), "parquet": s.parquet, "start": s.start, "stop": s.stop}
            for s in self.segments]}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ShardSpec:
        d = json.loads(text)
        return cls(index=d["index"], first=d["first"], segments=tuple(
            Segment(records=tuple(s["records"]), parquet=s["parquet"], start=s["start"], stop=s["stop"])
            for s in d["segments"]))


@dataclass(frozen=True)
class Plan:
    shards: tuple[ShardSpec, ...]
    items: int
    fingerprint: str  # of the ordered inputs: a restart on other inputs is refused


def shard_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def article_record(art: Article) -> dict[str, Any]:
    """An Article as an inline record; the id is kept as given (it may be the content hash)."""
    return {"id": art.id, "html": art.html, "text": art.text, "published": art.published,
            "title": art.title, "url": art.url, "source": art.source, "language": art.language,
            "origin": art.origin}


def unreadable_record(origin: str, skipped: Skipped) -> dict[str, Any]:
    return {"unreadable": True, "origin": origin, "reason": skipped.reason, "detail": skipped.detail}


def _expand(source: str) -> list[tuple[str, str]]:
    """One source -> ("parquet", file) and ("ingest", source) parts, in order.

    `ingest` does not know Parquet (a .parquet path would be read as text), so Parquet files
    are taken out here; everything else goes to iter_articles unchanged."""
    path = Path(source)
    if path.is_file():
        return [("parquet", str(path))] if path.suffix.lower() == PARQUET_SUFFIX else [("ingest", source)]
    if path.is_dir():
        files = sorted(str(p) for p in path.rglob(f"*{PARQUET_SUFFIX}")
                       if not any(part.startswith(".") for part in p.relative_to(path).parts))
        return [("parquet", f) for f in files] + [("ingest", source)] if files else [("ingest", source)]
    if _GLOB_CHARS.search(source):
        matches = sorted(glob.glob(source, recursive=True))
        if any(m.lower().endswith(PARQUET_SUFFIX) for m in matches):
            out: list[tuple[str, str]] = []
            for m in matches:
                out.extend(_expand(m) if not os.path.isdir(m) else [])
            return out
    return [("ingest", source)]


def _parquet_rows(path: str) -> int:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) on non-Parquet
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc


def _units(sources: list[str], *, timeout: float, max_bytes: int) -> Iterator[tuple[Segment, str]]:
    """Each input as a one-record segment, or a whole Parquet file as one segment, with a key
    for the fingerprint."""
    from conflictwatch.ingest import iter_articles

    for source in sources:
        for kind, what in _expand(source):
            if kind == "parquet":
                n = _parquet_rows(what)
                st = os.stat(what)
                yield Segment(parquet=what, start=0, stop=n), f"pq:{what}:{n}:{st.st_size}"
                continue
            for item in iter_articles([what], timeout=timeout, max_bytes=max_bytes):
                if isinstance(item, tuple):
                    origin, skipped = item
                    yield Segment(records=(unreadable_record(origin, skipped),)), f"skip:{origin}:{skipped.reason}"
                else:
                    yield Segment(records=(article_record(item),)), f"art:{item.id}:{item.content_hash}"


def make_plan(sources: list[str], *, shard_size: int = SHARD_SIZE, timeout: float = 20.0,
              max_bytes: int = 20_000_000, keep_records: Any = None) -> Plan:
    """Cut the inputs into shards of `shard_size`, in input order.

    `keep_records(index) -> bool` says which shards need their inputs; the others (done already)
    get no segments, so a restart on a large folder holds only what is left."""
    if shard_size < 1:
        raise InputError("--shard-size must be at least 1")
    shards: list[ShardSpec] = []
    current: list[Segment] = []
    fill = 0
    pos = 0
    keys = []

    def close() -> None:
        nonlocal current, fill
        idx = len(shards)
        keep = keep_records is None or keep_records(idx)
        segs = _merge(current) if keep else []
        shards.append(ShardSpec(index=idx, first=idx * shard_size, segments=tuple(segs)))
        current, fill = [], 0

    for seg, key in _units(sources, timeout=timeout, max_bytes=max_bytes):
        keys.append(key)
        if seg.parquet:
            start = seg.start
            while start < seg.stop:
                take = min(seg.stop - start, shard_size - fill)
                current.append(Segment(parquet=seg.parquet, start=start, stop=start + take))
                start += take
                fill += take
                pos += take
                if fill == shard_size:
                    close()
        else:
            current.append(seg)
            fill += 1
            pos += 1
            if fill == shard_size:
                close()
    if fill:
        close()
    return Plan(shards=tuple(shards), items=pos, fingerprint=content_id(str(shard_size), *keys))


def _merge(segs: list[Segment]) -> list[Segment]:
    """Adjacent inline segments as one (a shard from a folder is one segment of records)."""
    out: list[Segment] = []
    for s in segs:
        if out and not s.parquet and not out[-1].parquet:
            out[-1] = Segment(records=out[-1].records + s.records)
        else:
            out.append(s)
    return out
