"""A soak run: hours of feed monitoring compressed into minutes with a fake clock.

A local site publishes ``items_per_hour`` items per feed on the fake clock (each feed lists its
newest WINDOW items, so old ones drop off as on a real feed, and answers If-None-Match with
304). Some items repeat another feed's URL or content, some pages are gone (the entry's own text
is coded instead), some are not news. The real Monitor polls it with the fake pipeline; the run
samples memory every simulated hour and accounts for every item published.

    from conflictwatch.watch.soak import run_soak
    report = run_soak(24, feeds=4, items_per_hour=10, db=Path("/tmp/soak.duckdb"))
"""

from __future__ import annotations

import gc
import resource
import time
import tracemalloc
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from conflictwatch.store.duckdb import DuckDBStore
from conflictwatch.watch.clock import FakeClock
from conflictwatch.watch.config import FeedConfig
from conflictwatch.watch.fake import TOWNS, FakePipeline
from conflictwatch.watch.localsite import LocalSite, rss, static
from conflictwatch.watch.monitor import Monitor, WatchOptions

# Items a feed lists at once. With the default 10-minute poll interval no item can drop off
# unseen below 120 items an hour per feed.
WINDOW = 20
POLL_INTERVAL = 600.0
_TOWNS = sorted(TOWNS)


class SoakSite:
    """Feeds whose items appear over fake time, and their pages, generated on request."""

    def __init__(self, clock: FakeClock, *, feeds: int, items_per_hour: int, start: float) -> None:
        self.clock, self.feeds, self.start = clock, feeds, start
        self.spacing = 3600.0 / items_per_hour
        self.site = LocalSite()
        self.site.default = self._handle

    def published_at(self, f: int, n: int) -> float:
        return self.start + (n + f / max(self.feeds, 1)) * self.spacing

    def published_by(self, f: int, t: float) -> int:
        """How many items feed f has published by time t."""
        return max(0, int((t - self.start) / self.spacing - f / max(self.feeds, 1)) + 1)

    def kind(self, f: int, n: int) -> str:
        if f > 0 and n % 10 == 3:
            return "same_url"  # links feed 0's page of the same number
        if f > 0 and n % 10 == 6:
            return "same_content"  # its own URL, feed 0's text
        if n % 20 == 9:
            return "gone"  # the page answers 404; the entry carries the text
        if n % 15 == 11:
            return "not_news"
        return "story"

    def link(self, f: int, n: int) -> str:
        if self.kind(f, n) == "same_url":
            return self.site.url(f"/page/0/{n}.html")
        return self.site.url(f"/page/{f}/{n}.html")

    def story(self, f: int, n: int) -> str:
        day = datetime.fromtimestamp(self.published_at(f, n), UTC).strftime("%A %d %B %Y")
        if self.kind(f, n) == "not_news":
            return f"The city council met on {day} to discuss the budget; this is not news of violence ({f}-{n})."
        town = _TOWNS[n % len(_TOWNS)]
        return f"Gunmen killed {n % 17 + 2} villagers near {town} on {day}, officials said. Report {f}-{n}."

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = h.path.split("?", 1)[0].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "feed" and parts[1].endswith(".xml"):
            f = int(parts[1][:-4])
            static(self.feed_xml(f), ctype="application/rss+xml")(h)
            return
        if len(parts) == 3 and parts[0] == "page" and parts[2].endswith(".html"):
            f, n = int(parts[1]), int(parts[2][:-5])
            if self.kind(f, n) == "gone":
                static("gone", ctype="text/plain", status=404, etag=False)(h)
                return
            src = 0 if self.kind(f, n) == "same_content" else f
            body = f"<html><head><title>Report</title></head><body><p>{self.story(src, n)}</p></body></html>"
            static(body, etag=False)(h)
            return
        static("not found", ctype="text/plain", status=404, etag=False)(h)

    def feed_xml(self, f: int) -> str:
        count = self.published_by(f, self.clock.now())
        items = []
        for n in range(max(0, count - WINDOW), count):
            items.append({
                "title": f"Report {f}-{n}",
                "link": self.link(f, n),
                "guid": f"soak-{f}-{n}",
                "description": self.story(f, n),
                "pubDate": datetime.fromtimestamp(self.published_at(f, n), UTC)
                .strftime("%a, %d %b %Y %H:%M:%S +0000"),
            })
        return rss(items, title=f"Soak outlet {f}")


def _rss_now_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return float("nan")
    return pages * resource.getpagesize() / 2**20


def run_soak(
    hours: float,
    *,
    feeds: int,
    items_per_hour: int,
    db: Path,
    interval: float = POLL_INTERVAL,
    trace: bool = True,
) -> dict[str, Any]:
    """Simulate ``hours`` of watching; memory samples each simulated hour and a full accounting."""
    clock = FakeClock()
    start = clock.now()
    end = start + hours * 3600.0
    soak = SoakSite(clock, feeds=feeds, items_per_hour=items_per_hour, start=start)
    configs = [FeedConfig(f"soak{f}", soak.site.url(f"/feed/{f}.xml"), interval) for f in range(feeds)]
    monitor = Monitor(configs, db=db, pipeline=FakePipeline(), clock=clock,
                      options=WatchOptions(timeout=10.0, item_retry=60.0))
    samples: list[dict[str, float]] = []
    if trace:
        tracemalloc.start()
    wall = time.perf_counter()
    next_sample = start
    try:
        with soak.site:
            while clock.now() < end:
                monitor.cycle()
                if clock.now() >= next_sample:
                    gc.collect()
                    samples.append({
                        "hour": round((clock.now() - start) / 3600.0, 2),
                        "rss_mb": round(_rss_now_mb(), 1),
                        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                        "traced_mb": round(tracemalloc.get_traced_memory()[0] / 2**20, 2) if trace else 0.0,
                    })
                    next_sample += 3600.0
                monitor.sleep_until_due()
            clock.advance(max(0.0, end - clock.now()))
            monitor.cycle(force=True)  # the last items published before the end
            monitor.close()
    finally:
        if trace:
            tracemalloc.stop()
    wall = time.perf_counter() - wall
    return _accounting(soak, monitor, db, hours=hours, feeds=feeds, items_per_hour=items_per_hour,
                       end=end, wall=wall, samples=samples)


def _accounting(soak: SoakSite, monitor: Monitor, db: Path, *, hours: float, feeds: int, items_per_hour: int,
                end: float, wall: float, samples: list[dict[str, float]]) -> dict[str, Any]:
    published = {f"soak-{f}-{n}": soak.kind(f, n) for f in range(feeds) for n in range(soak.published_by(f, end))}
    with DuckDBStore(db) as store:
        rows = store.feed_item_rows()
        counts = store.counts()
    by_key = {r["item_key"]: r for r in rows}
    status: dict[str, int] = {}
    for r in rows:
        status[r["status"]] = status.get(r["status"], 0) + 1
    missing = sorted(k for k in published if k not in by_key)
    expected_dups = sum(1 for kind in published.values() if kind in ("same_url", "same_content"))
    traced = [s["traced_mb"] for s in samples[1:]] or [0.0]
    return {
        "hours": hours, "feeds": feeds, "items_per_hour": items_per_hour, "wall_seconds": round(wall, 1),
        "cycles": monitor.stats["cycles"],
        "polls": monitor.stats["polls"], "not_modified": monitor.stats["not_modified"],
        "feed_errors": monitor.stats["feed_errors"],
        "published": len(published), "seen": len(rows), "missing": len(missing),
        "stored": status.get("stored", 0), "skipped": status.get("skipped", 0),
        "duplicates": status.get("duplicate", 0), "expected_duplicates": expected_dups,
        "failed": status.get("failed", 0), "pending": status.get("pending", 0),
        "fallbacks": sum(1 for r in rows if r["fallback"]),
        "articles": counts["articles"], "events": counts["events"], "reports": counts["reports"],
        "accounted": not missing and status.get("pending", 0) == 0
        and len(rows) == status.get("stored", 0) + status.get("skipped", 0) + status.get("duplicate", 0)
        + status.get("failed", 0),
        "memory": samples,
        "traced_growth_mb": round(max(traced) - traced[0], 2),
        "maxrss_mb": max((s["maxrss_mb"] for s in samples), default=0.0),
    }


if __name__ == "__main__":  # python -m conflictwatch.watch.soak HOURS FEEDS ITEMS_PER_HOUR DB
    import json
    import sys

    h, nf, iph, path = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
    print(json.dumps(run_soak(h, feeds=nf, items_per_hour=iph, db=path), indent=1))
