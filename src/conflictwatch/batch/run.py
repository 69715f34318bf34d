"""`conflictwatch batch`: plan the shards, skip the finished ones, code the rest, write them."""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictwatch.batch.engines import ENGINES, run_local, run_ray
from conflictwatch.batch.plan import SHARD_SIZE, make_plan, shard_name
from conflictwatch.batch.shards import code_version, write_shard
from conflictwatch.errors import InputError
from conflictwatch.settings import Settings

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1


@dataclass
class BatchReport:
    engine: str
    workers: int | None
    items: int = 0
    shards: int = 0
    already_done: int = 0
    computed: list[int] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0  # wall time of the coding phase (after planning)
    code_version: str = ""  # of this driver; the manifest keeps the first run's
    manifest_code_version: str = ""
    shard_summaries: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        worker_s = sum(s["seconds"] for s in self.shard_summaries)
        return {
            "engine": self.engine, "workers": self.workers, "items": self.items, "shards": self.shards,
            "already_done": self.already_done, "computed": len(self.computed), "counts": dict(self.counts),
            "seconds": round(self.seconds, 2),
            "docs_per_s": round(self.counts["articles"] / self.seconds, 2) if self.seconds else None,
            "words_per_s": round(self.counts["words"] / self.seconds, 1) if self.seconds else None,
            # per worker-second of coding, without pool start and model loading
            "docs_per_worker_s": round(self.counts["articles"] / worker_s, 2) if worker_s else None,
            "code_versions": sorted(self.code_versions()),
        }

    def code_versions(self) -> set[str]:
        """Versions of the code that wrote the shards: more than one means mixed results."""
        return {self.manifest_code_version, self.code_version} | {s["code_version"] for s in self.shard_summaries}


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def _check_manifest(out_dir: Path, *, shard_size: int, fingerprint: str, items: int, shards: int,
                    code_version: str) -> str:
    """The first run writes what it planned; a restart on other inputs or another shard size
    would put different articles under the same shard names, so it is refused."""
    path = out_dir / MANIFEST
    mine = {"format": MANIFEST_FORMAT, "shard_size": shard_size, "fingerprint": fingerprint,
            "items": items, "shards": shards, "code_version": code_version}
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: unreadable manifest ({exc}); use a new --output folder") from exc
        if old.get("shard_size") != shard_size:
            raise InputError(f"{out_dir} was written with --shard-size {old.get('shard_size')}; "
                             "rerun with that size or use a new --output folder")
        if old.get("fingerprint") != fingerprint:
            raise InputError(f"{out_dir} holds shards of other inputs ({old.get('items')} items); "
                             "use a new --output folder for these inputs")
        return str(old.get("code_version", ""))
    _write_json_atomic(path, mine)
    return code_version


def _ensure_gazetteer(settings: Settings) -> None:
    """Build the gazetteer index once here, so local workers do not all build it at once."""
    from conflictwatch.geo import build_index, index_path

    path = index_path(str(settings.geo.cache_dir))
    if not path.exists():
        build_index(path)


def run_batch(
    sources: list[str],
    *,
    out_dir: Path,
    engine: str = "local",
    workers: int | None = None,
    address: str | None = None,
    shard_size: int = SHARD_SIZE,
    settings: Settings | None = None,
    on_shard: Callable[[dict[str, Any]], None] | None = None,
) -> BatchReport:
    """Code every input into Parquet shards under out_dir; shards already there are kept."""
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise InputError("--workers must be at least 1")
    settings = settings or Settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob(".part-*.tmp-*"):  # a killed run's half-written shard
        stale.unlink()
    done = {p.name for p in out_dir.glob("part-*.parquet")}
    plan = make_plan(sources, shard_size=shard_size, timeout=settings.fetch.timeout,
                     max_bytes=settings.fetch.max_bytes, keep_records=lambda i: shard_name(i) not in done)
    if plan.items == 0:
        raise InputError(f"no inputs found in {' '.join(sources)}")
    version = code_version()
    first_version = _check_manifest(out_dir, shard_size=shard_size, fingerprint=plan.fingerprint,
                                    items=plan.items, shards=len(plan.shards), code_version=version)
    pending = [s for s in plan.shards if shard_name(s.index) not in done]
    if engine == "local" and workers is None:
        workers = os.cpu_count() or 1
    rep = BatchReport(engine=engine, workers=workers, items=plan.items, shards=len(plan.shards),
                      already_done=len(plan.shards) - len(pending), code_version=version,
                      manifest_code_version=first_version)
    if not pending:
        return rep
    if engine == "local" or not address:
        _ensure_gazetteer(settings)
    t0 = time.perf_counter()
    if engine == "local":
        outputs = run_local(pending, settings=settings, workers=workers or 1)
    else:
        outputs = run_ray(pending, settings=settings, workers=workers, address=address)
    for data, summary in outputs:
        write_shard(out_dir, summary["shard"], data)
        rep.computed.append(summary["shard"])
        rep.shard_summaries.append(summary)
        for k in ("articles", "coded", "skipped", "unreadable", "events", "words"):
            rep.counts[k] += summary[k]
        if on_shard:
            on_shard(summary)
    rep.seconds = time.perf_counter() - t0
    return rep
