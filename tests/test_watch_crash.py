"""`conflictwatch watch` killed with SIGKILL at random points, restarted, ends with exactly the
articles and events of an uninterrupted run: nothing lost, nothing stored twice.

The watcher runs as a real CLI subprocess with the fake pipeline (CONFLICTWATCH_FAKE_PIPELINE=1,
honoured only under pytest: see conflictwatch.watch). The feeds grow between restarts, so each
run has new work to be killed in; kill points are seeded.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conflictwatch.store import open_store
from conflictwatch.watch import FakeClock, FeedConfig, Monitor, WatchOptions
from conflictwatch.watch.fake import FakePipeline
from conflictwatch.watch.localsite import LocalSite, rss, static

SEED = 20240305
CHAINS = 2
KILLS_PER_CHAIN = 10  # 20 kills in all
NEW_ITEMS_PER_RUN = 2  # per feed
TOWNS = ["Goma", "Kano", "Mosul", "Bamako"]


class GrowingSite:
    """Two feeds that gain items; among them a shared URL, a shared text, a gone page, a non-story."""

    def __init__(self, site: LocalSite, prefix: str) -> None:
        self.site, self.prefix = site, prefix
        self.count = 0

    def feed_url(self, f: int) -> str:
        return self.site.url(f"{self.prefix}/feed{f}.xml")

    def page(self, f: int, n: int) -> str:
        town = TOWNS[n % 4]
        if n % 7 == 5:
            return f"<html><body><p>The council of {town} met about roads; not news ({f}-{n}).</p></body></html>"
        return (f"<html><body><p>Gunmen killed {n % 9 + 2} villagers near {town} on Monday, "
                f"officials said. Report {f}-{n}.</p></body></html>")

    def grow(self, by: int) -> None:
        for n in range(self.count, self.count + by):
            for f in (0, 1):
                if f == 1 and n % 5 == 2:
                    continue  # links feed 0's page (URL duplicate)
                if n % 6 == 4 and f == 0:
                    continue  # a page that is gone: the entry's text is used
                body = self.page(0 if (f == 1 and n % 5 == 3) else f, n)  # feed 1 repeats feed 0's text
                self.site.route(f"{self.prefix}/p/{f}/{n}.html", static(body))
        self.count += by
        for f in (0, 1):
            items = []
            for n in range(self.count):
                link = f"{self.prefix}/p/{0 if (f == 1 and n % 5 == 2) else f}/{n}.html"
                items.append({"title": f"Item {f}-{n}", "link": self.site.url(link), "guid": f"{f}-{n}",
                              "description": f"Gunmen killed {n % 9 + 2} villagers near {TOWNS[n % 4]} "
                                             f"(entry {f}-{n})."})
            self.site.route(f"{self.prefix}/feed{f}.xml", static(rss(items), ctype="application/rss+xml"))


def _snapshot(db: Path) -> tuple[set[str], dict[str, int], dict[str, str]]:
    with open_store(db) as s:
        articles = {r[0] for r in s.con.execute("SELECT id FROM articles").fetchall()}
        events = dict(s.con.execute("SELECT event_id, count(*) FROM reports GROUP BY event_id").fetchall())
        items = {f"{r['feed']}/{r['item_key']}": r["status"] for r in s.feed_item_rows()}
    return articles, events, items


def _invariants(db: Path) -> None:
    with open_store(db) as s:
        dup_reports = s.con.execute("SELECT count(*) - count(DISTINCT report_id) FROM reports").fetchone()
        orphan = s.con.execute("SELECT count(*) FROM reports r WHERE NOT EXISTS "
                               "(SELECT 1 FROM events e WHERE e.event_id = r.event_id)").fetchone()
        claims = s.con.execute("SELECT content_hash, count(*) FROM feed_items WHERE status IN ('stored', 'skipped') "
                               "GROUP BY content_hash HAVING count(*) > 1").fetchall()
    assert dup_reports == (0,) and orphan == (0,) and claims == []


def _cmd(feeds: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "conflictwatch", "watch", str(feeds), "--db", str(db), "--once", "-v"]


def _env() -> dict[str, str]:
    # read at run time: pytest sets PYTEST_CURRENT_TEST (which the fake-pipeline hook requires) per test
    assert "PYTEST_CURRENT_TEST" in os.environ
    return {**os.environ, "PYTHONUNBUFFERED": "1", "CONFLICTWATCH_FAKE_PIPELINE": "1"}


def _run_and_kill(cmd: list[str], rng: random.Random) -> bool:
    """Start the watcher, SIGKILL it at a random point; False when it finished first."""
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=_env())
    assert proc.stderr is not None
    lines = rng.randint(0, 5)
    if lines == 0:  # during start-up: imports, store migration, the first poll
        time.sleep(rng.uniform(0.0, 1.5))
    else:
        for line in proc.stderr:
            if line.startswith("watch: ") and (lines := lines - 1) == 0:
                break
        time.sleep(rng.uniform(0.0, 0.05))
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    return not finished


def _chain(site: LocalSite, chain: int, tmp_path: Path) -> int:
    """Kill, restart, kill ... KILLS_PER_CHAIN times, finish, and compare with an uninterrupted run."""
    rng = random.Random(SEED + chain)
    db = tmp_path / f"crash{chain}.duckdb"
    grower = GrowingSite(site, f"/c{chain}")
    feeds = tmp_path / f"feeds{chain}.toml"
    feeds.write_text("".join(f'[[feed]]\nname = "f{f}"\nurl = "{grower.feed_url(f)}"\ninterval = 5\n' for f in (0, 1)))
    kills = 0
    for _ in range(3 * KILLS_PER_CHAIN):
        if kills == KILLS_PER_CHAIN:
            break
        grower.grow(NEW_ITEMS_PER_RUN)
        if _run_and_kill(_cmd(feeds, db), rng):
            kills += 1
            if db.exists():
                _invariants(db)
    done = subprocess.run(_cmd(feeds, db), check=False, capture_output=True, text=True, env=_env(), timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    _invariants(db)

    # The same final feeds, watched once without interruption.
    ref = tmp_path / f"ref{chain}.duckdb"
    configs = [FeedConfig(f"f{f}", grower.feed_url(f), 5) for f in (0, 1)]
    Monitor(configs, db=ref, pipeline=FakePipeline(), clock=FakeClock(), options=WatchOptions(timeout=5.0)).run(once=True)
    got, want = _snapshot(db), _snapshot(ref)
    assert got[0] == want[0], "articles differ"
    assert got[1] == want[1], "events (and their report counts) differ"
    assert got[2] == want[2], "feed items differ"
    assert len(want[0]) >= 2 * grower.count - grower.count // 2
    return kills


@pytest.mark.slow
def test_sigkill_at_random_points_then_restart_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    with LocalSite() as site, ThreadPoolExecutor(CHAINS) as pool:
        # chains run side by side: most of a run is start-up and disk waits
        futures = [pool.submit(_chain, site, chain, tmp_path) for chain in range(CHAINS)]
        kills = sum(f.result() for f in futures)
    assert kills >= CHAINS * KILLS_PER_CHAIN
