"""`conflictwatch feeds status`: each feed's health, last success and error, and its item counts."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conflictwatch.errors import StoreError
from conflictwatch.watch.monitor import open_store_waiting

# How long `feeds status` waits for a running watcher to close the store between two visits.
STATUS_LOCK_WAIT = 10.0


def read_status(db: Path, *, wait: float = STATUS_LOCK_WAIT) -> list[dict[str, Any]]:
    """Every feed the store knows, as feed_status() gives it plus ``health``; [] before any watch."""
    if not Path(db).is_file():
        raise StoreError(f"no store at {db}; run `conflictwatch watch FEEDS.toml --db {db}` first")
    with open_store_waiting(Path(db), wait=wait, read_only=True) as store:
        if not store.has_feed_tables():
            return []
        rows = store.feed_status()
    now = time.time()
    for row in rows:
        row["health"] = health(row, now=now)
    return rows


def health(row: dict[str, Any], *, now: float) -> str:
    """new (never polled), ok, failing (last poll failed; backing off), or removed (not in the file)."""
    if not row.get("active"):
        return "removed"
    if not row.get("polls"):
        return "new"
    if row.get("consecutive_errors"):
        return "failing"
    return "ok"


def iso(t: float | None) -> str | None:
    if t is None:
        return None
    return datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def status_json(row: dict[str, Any]) -> dict[str, Any]:
    """One feed as JSON for machines: times as ISO 8601 UTC."""
    times = ("next_poll", "last_poll", "last_success", "last_error_at", "last_page_error_at")
    out = {k: (iso(v) if k in times else v) for k, v in row.items() if k != "recent_faults"}
    out["recent_faults"] = [{**f, "at": iso(f["at"])} for f in row.get("recent_faults", [])]
    return out


def render_status(rows: list[dict[str, Any]], console: Any) -> None:
    from rich.table import Table

    if not rows:
        console.print("no feeds yet: run `conflictwatch watch FEEDS.toml` first")
        return
    table = Table(title=f"{len(rows)} feeds")
    table.add_column("feed")
    table.add_column("health", no_wrap=True, min_width=7)
    for col in ("last success", "last error", "polls", "items", "events"):
        table.add_column(col)
    for r in rows:
        items = r["items"]
        error = ""
        if r.get("last_error") and (r.get("consecutive_errors") or 0) > 0:
            error = f"{iso(r['last_error_at'])} {r['last_error']} ({r['consecutive_errors']} in a row)"
        elif r.get("last_page_error"):
            error = f"page {iso(r['last_page_error_at'])} {r['last_page_error']}"
        counts = (f"{items['seen']} seen: {items['stored']} stored, {items['skipped']} skipped, "
                  f"{items['duplicates']} dup, {items['failed']} failed, {items['pending']} queued, "
                  f"{items['fallbacks']} from the entry")
        table.add_row(
            r["name"], r["health"], iso(r.get("last_success")) or "never", error[:160],
            f"{r['polls']} ({r['not_modified']} unchanged, {r['errors']} failed)", counts, str(items["events"]),
        )
    console.print(table)
