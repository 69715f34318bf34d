"""`conflictwatch load`: shards -> store, in input order, as `ingest` would have stored them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conflictwatch.batch.plan import shard_name
from conflictwatch.batch.shards import article_from_row, iter_shard_rows, shard_files
from conflictwatch.errors import InputError
from conflictwatch.records import Skipped, result_from_json


def missing_shards(out_dir: Path) -> list[str]:
    """Shards the manifest planned that are not (yet) written."""
    path = out_dir / "manifest.json"
    if not path.exists():
        return []
    planned = json.loads(path.read_text(encoding="utf-8")).get("shards", 0)
    return [shard_name(i) for i in range(planned) if not (out_dir / shard_name(i)).exists()]


def load_shards(out_dir: Path, *, store: Any, on_row: Callable[[], None] | None = None) -> Counter[str]:
    """Store every result of every shard; articles already stored are passed over, so loading
    twice changes nothing. Counts use `ingest`'s names."""
    if not out_dir.is_dir():
        raise InputError(f"{out_dir}: no such folder")
    if not shard_files(out_dir):
        raise InputError(f"{out_dir}: no part-*.parquet shards; run `conflictwatch batch` first")
    counts: Counter[str] = Counter()
    for row in iter_shard_rows(out_dir):
        if row["status"] == "unreadable":
            store.add_skip(row["origin"], Skipped(row["skipped_reason"], row["skipped_detail"] or ""))
            counts["unreadable"] += 1
        else:
            art = article_from_row(row)
            if store.has_article(art.content_hash):
                counts["already stored"] += 1
            else:
                result = result_from_json(json.loads(row["result_json"]))
                store.add_result(art, result)
                if result.skipped:
                    counts["skipped"] += 1
                else:
                    counts["coded"] += 1
                    counts["events"] += len(result.events)
        if on_row:
            on_row()
    return counts
