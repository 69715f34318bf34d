"""`conflictwatch watch`: feeds file, conditional polls, dedup, changed items, time limit, SIGTERM,
watch + serve on one store, the real pipeline on a few items, and a tiny soak run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conflictwatch.errors import InputError, StoreError
from conflictwatch.store import open_store
from conflictwatch.watch import FakeClock, FeedConfig, Monitor, WatchOptions, backoff_seconds, load_feeds
from conflictwatch.watch.fake import FakePipeline
from conflictwatch.watch.localsite import LocalSite, rss, static

REPO = Path(__file__).resolve().parents[1]
OPTS = WatchOptions(timeout=1.0, max_page_bytes=1_000_000, max_feed_bytes=1_000_000, time_limit=5.0,
                    item_retry=1.0, lock_wait=10.0)


def story(n: int, town: str = "Goma") -> str:
    return (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            f"<p>Gunmen killed {n + 2} villagers near {town} on Monday, officials said. Report {n}.</p>"
            "</article></body></html>")


def item(site: LocalSite, path: str, n: int, **extra: str) -> dict[str, str]:
    return {"title": f"Story {n}", "link": site.url(path), "guid": path,
            "description": f"Gunmen killed {n + 2} villagers near Goma (summary {n}).", **extra}


def monitor(feeds: list[FeedConfig], db: Path, *, pipeline: object | None = None,
            clock: FakeClock | None = None, options: WatchOptions = OPTS) -> Monitor:
    return Monitor(feeds, db=db, pipeline=pipeline or FakePipeline(), clock=clock or FakeClock(), options=options)


def items_of(db: Path) -> dict[str, dict]:
    with open_store(db) as s:
        return {r["item_key"]: r for r in s.feed_item_rows()}


# -- the feeds file -------------------------------------------------------------------------------
def test_feeds_file_reads_entries_and_rejects_bad_ones(tmp_path: Path) -> None:
    good = tmp_path / "f.toml"
    good.write_text('[[feed]]\nname = "a"\nurl = "https://example.org/rss"\ninterval = 600\nlanguage = "en"\n'
                    '[[feed]]\nname = "b"\nurl = "http://example.org/atom"\ncountry = "Sudan"\n')
    feeds = load_feeds(good)
    assert [(f.name, f.interval, f.language, f.country) for f in feeds] == [
        ("a", 600.0, "en", None), ("b", 900.0, None, "Sudan")]
    for body, words in [
        ('[[feed]]\nname = "a"\nurl = "ftp://x"\n', "http"),
        ('[[feed]]\nurl = "http://x"\n', "name"),
        ('[[feed]]\nname = "a"\nurl = "http://x"\n[[feed]]\nname = "a"\nurl = "http://y"\n', "twice"),
        ('[[feed]]\nname = "a"\nurl = "http://x"\ninterval = "soon"\n', "interval"),
        ('[[feed]]\nname = "a"\nurl = "http://x"\nspeed = 3\n', "unknown"),
        ("feed = [", "TOML"),
        ("", "no ..feed.. entries"),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(body)
        with pytest.raises(InputError, match=words):
            load_feeds(bad)
    with pytest.raises(InputError, match="no such"):
        load_feeds(tmp_path / "missing.toml")


def test_example_feeds_file_is_valid() -> None:
    feeds = load_feeds(REPO / "examples" / "feeds.toml")
    assert feeds and all("example.org" in f.url for f in feeds)


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_seconds(60, n) for n in (1, 2, 3)] == [120, 240, 480]
    assert backoff_seconds(60, 50) == 6 * 3600
    assert backoff_seconds(10 * 3600, 3) == 10 * 3600  # never below the feed's own interval


# -- polling and dedup ----------------------------------------------------------------------------
def test_conditional_polls_and_dedup_by_url_and_content(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with LocalSite() as site:
        for n in range(3):
            site.route(f"/a{n}.html", static(story(n)))
        site.route("/copy.html", static(story(0)))  # another URL, the same page
        site.route("/one.xml", static(rss([item(site, f"/a{n}.html", n) for n in range(3)]),
                                      ctype="application/rss+xml"))
        site.route("/two.xml", static(rss([item(site, "/a1.html", 1, guid="two-1"),
                                           item(site, "/copy.html", 0, guid="two-copy")]),
                                      ctype="application/rss+xml"))
        feeds = [FeedConfig("one", site.url("/one.xml"), 60), FeedConfig("two", site.url("/two.xml"), 60)]
        clock = FakeClock()
        stats = monitor(feeds, db, clock=clock).run(max_cycles=3)
        assert site.hits["/one.xml"] == 3 and site.hits["/a0.html"] == 1
        assert site.hits["/a1.html"] == 1  # the second feed's copy of the URL was never fetched
    assert stats["stored"] == 3 and stats["duplicate"] == 2 and stats["not_modified"] == 4
    rows = items_of(db)
    assert (rows["two-1"]["status"], rows["two-1"]["reason"]) == ("duplicate", "url")
    assert (rows["two-copy"]["status"], rows["two-copy"]["reason"]) == ("duplicate", "content")
    with open_store(db) as s:
        assert s.counts()["articles"] == 3
        status = {r["name"]: r for r in s.feed_status()}
    assert status["one"]["not_modified"] == 2 and status["one"]["etag"]
    assert status["two"]["items"]["duplicates"] == 2


def test_changed_and_deleted_items(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with LocalSite() as site:
        for n in range(3):
            site.route(f"/a{n}.html", static(story(n)))
        feed = [item(site, f"/a{n}.html", n) for n in range(3)]
        site.route("/f.xml", static(rss(feed), ctype="application/rss+xml"))
        feeds = [FeedConfig("f", site.url("/f.xml"), 60)]
        clock = FakeClock()
        monitor(feeds, db, clock=clock).run(once=True)
        # Story 0 is rewritten (title and page), story 1 leaves the feed, the page of story 2 is
        # deleted after it was stored, story 3 arrives with its page already gone (the entry
        # carries the text), story 4 arrives normally.
        site.route("/a0.html", static(story(0).replace("Report 0", "Report 0, updated: 3 more died")))
        site.remove("/a2.html")
        site.route("/a4.html", static(story(4)))
        feed2 = [item(site, "/a0.html", 0, title="Story 0 (updated)"), feed[2],
                 item(site, "/a3.html", 3), item(site, "/a4.html", 4)]
        site.route("/f.xml", static(rss(feed2), ctype="application/rss+xml"))
        clock.advance(61)
        stats = monitor(feeds, db, clock=clock).run(once=True)
        assert stats["changed_items"] == 1 and stats["new_items"] == 2
        rows = items_of(db)
        assert rows["/a0.html"]["revisions"] == 1 and rows["/a0.html"]["status"] == "stored"
        assert rows["/a1.html"]["status"] == "stored"  # left the feed; its article stays
        assert rows["/a3.html"]["fallback"] and rows["/a3.html"]["page_error"].startswith("http_error: 404")
        with open_store(db) as s:
            assert s.counts()["articles"] == 6  # 3 + the revision of story 0 + stories 3 and 4
            st = s.feed_status()[0]
        assert st["last_page_error"].endswith("404 Not Found") and st["items"]["fallbacks"] == 1
        # The entry changes again but the page does not: nothing new is stored.
        site.route("/f.xml", static(rss([item(site, "/a0.html", 0, title="Story 0 (typo fixed)")] + feed2[1:]),
                                    ctype="application/rss+xml"))
        clock.advance(61)
        monitor(feeds, db, clock=clock).run(once=True)
    rows = items_of(db)
    assert rows["/a0.html"]["revisions"] == 2 and rows["/a0.html"]["reason"] == "unchanged"
    with open_store(db) as s:
        assert s.counts()["articles"] == 6


def test_time_limit_skips_a_hanging_document_and_a_crash_is_a_skip(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with LocalSite() as site:
        site.route("/hang.html", static("<html><body><p>This page makes the coder HANG forever.</p></body></html>"))
        site.route("/crash.html", static("<html><body><p>This page makes the coder CRASH.</p></body></html>"))
        site.route("/ok.html", static(story(7)))
        entries = [item(site, p, n) for n, p in enumerate(("/hang.html", "/crash.html", "/ok.html"))]
        site.route("/f.xml", static(rss(entries), ctype="application/rss+xml"))
        opts = WatchOptions(timeout=1.0, time_limit=0.5)
        t0 = time.monotonic()
        stats = monitor([FeedConfig("f", site.url("/f.xml"), 60)], db,
                        pipeline=FakePipeline(hang_seconds=3), options=opts).run(once=True)
        assert time.monotonic() - t0 < 2.5  # did not wait for the hanging document
    rows = items_of(db)
    assert (rows["/hang.html"]["status"], rows["/hang.html"]["reason"]) == ("skipped", "timeout")
    assert (rows["/crash.html"]["status"], rows["/crash.html"]["reason"]) == ("skipped", "error")
    assert rows["/ok.html"]["status"] == "stored" and stats["timeouts"] == 1
    with open_store(db) as s:
        reasons = {k["reason"] for k in s.skips()}
        faults = s.feed_status()[0]["recent_faults"]
    assert {"timeout", "error"} <= reasons and any(f["reason"] == "timeout" for f in faults)


# -- the real pipeline ----------------------------------------------------------------------------
def test_real_pipeline_on_two_items(tmp_path: Path, pipeline: object) -> None:
    db = tmp_path / "w.duckdb"
    pages = {
        "/kano.html": "<html><head><title>Clash in Kano</title></head><body><article><h1>Clash in Kano</h1>"
                      "<p>KANO, Nigeria, March 4 (Reuters) - Gunmen killed 12 villagers in an attack on a "
                      "village near Kano on Monday, police said on Tuesday.</p><p>The attackers arrived on "
                      "motorcycles and set fire to homes, a police spokesman said.</p></article></body></html>",
        "/council.html": "<html><head><title>Budget</title></head><body><article><h1>Budget</h1><p>The city "
                         "council of Lagos approved a new budget on Monday after a long debate about roads "
                         "and schools.</p></article></body></html>",
    }
    with LocalSite() as site:
        for path, body in pages.items():
            site.route(path, static(body))
        site.route("/f.xml", static(rss([{"title": "Clash", "link": site.url("/kano.html"),
                                          "pubDate": "Tue, 05 Mar 2024 10:00:00 +0000"},
                                         {"title": "Budget", "link": site.url("/council.html"),
                                          "pubDate": "Tue, 05 Mar 2024 11:00:00 +0000"}]),
                                    ctype="application/rss+xml"))
        opts = WatchOptions(timeout=2.0, time_limit=120.0)
        stats = monitor([FeedConfig("real", site.url("/f.xml"), 60, language="en")], db,
                        pipeline=pipeline, options=opts).run(once=True)
    assert stats["stored"] + stats.get("skipped", 0) == 2
    with open_store(db) as s:
        events = list(s.events())
        assert s.counts()["articles"] == 2
    assert any(e["event_type"] == "Violence against civilians" or e["acled_fatalities"] == 12 for e in events)
    rows = items_of(db)
    assert sum(r["events"] for r in rows.values()) >= 1


# -- the command line: SIGTERM, status, watch + serve -----------------------------------------------
def _feeds_toml(path: Path, feeds: list[tuple[str, str, float]]) -> Path:
    path.write_text("".join(f'[[feed]]\nname = "{n}"\nurl = "{u}"\ninterval = {i}\n' for n, u, i in feeds))
    return path


def _one_feed_of_stories(site: LocalSite, n_stories: int, tmp_path: Path) -> Path:
    """Serve stories 0..n-1 and one RSS feed of them; the feeds file a `watch` process reads."""
    for n in range(n_stories):
        site.route(f"/a{n}.html", static(story(n)))
    site.route("/f.xml", static(rss([item(site, f"/a{n}.html", n) for n in range(n_stories)]),
                                ctype="application/rss+xml"))
    return _feeds_toml(tmp_path / "f.toml", [("f", site.url("/f.xml"), 3600)])


def _watch_cmd(feeds: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "conflictwatch", "watch", str(feeds), "--db", str(db), "-v", *extra]


def _env(delay: float) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", "CONFLICTWATCH_FAKE_PIPELINE": "1",
            "CONFLICTWATCH_FAKE_DELAY": str(delay)}


def test_sigterm_finishes_the_current_article_and_exits_0(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with LocalSite() as site:
        feeds = _one_feed_of_stories(site, 8, tmp_path)
        proc = subprocess.Popen(_watch_cmd(feeds, db), stderr=subprocess.PIPE, text=True, env=_env(0.4))
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("watch: item stored"):
                break
        proc.send_signal(signal.SIGTERM)
        rest = proc.stderr.read()
        assert proc.wait(timeout=30) == 0, rest
        rows = items_of(db)
        done = [r for r in rows.values() if r["status"] != "pending"]
        assert 1 <= len(done) < 8
        # nothing half done: every claimed article is stored and its item marked
        assert all(r["content_hash"] is None for r in rows.values() if r["status"] == "pending")
        out = subprocess.run(_watch_cmd(feeds, db, "--once", "--json"), check=False, capture_output=True, text=True,
                             env=_env(0.0), timeout=60)
        assert out.returncode == 0, out.stderr
    with open_store(db) as s:
        assert s.counts()["articles"] == 8
    assert all(r["status"] == "stored" for r in items_of(db).values())


def test_watch_and_serve_share_the_store(tmp_path: Path) -> None:
    """A watcher works while a reader opens the same file request after request, as `serve` does
    (a short-lived read-only connection per request, retried while the watcher writes)."""
    from conflictwatch.watch.monitor import StoreBusy, open_store_waiting

    db = tmp_path / "w.duckdb"
    with LocalSite() as site:
        feeds = _one_feed_of_stories(site, 6, tmp_path)
        proc = subprocess.Popen(_watch_cmd(feeds, db, "--once"), stderr=subprocess.PIPE, text=True,
                                env=_env(0.1))
        reads = busy = 0
        while proc.poll() is None:
            if db.exists():
                try:
                    with open_store_waiting(db, wait=1.5, read_only=True) as store:
                        store.count_events()
                        reads += 1
                except StoreBusy:  # the API would answer 503 here
                    busy += 1
                except StoreError:  # the file exists but the watcher is still creating its schema
                    busy += 1
            time.sleep(0.1)
        assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert reads >= 3 and busy <= reads  # now and then a read waits past 1.5 s on a loaded machine
    with open_store(db) as s:
        assert s.counts()["articles"] == 6


def test_watcher_waits_while_another_process_holds_the_store(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    open_store(db).close()
    hold = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(1.5)"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with LocalSite() as site:
        site.route("/a0.html", static(story(0)))
        site.route("/f.xml", static(rss([item(site, "/a0.html", 0)]), ctype="application/rss+xml"))
        t0 = time.monotonic()
        stats = monitor([FeedConfig("f", site.url("/f.xml"), 60)], db).run(once=True)
    holder.wait()
    assert stats["stored"] == 1 and time.monotonic() - t0 >= 0.5


def test_feeds_status_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from conflictwatch.cli import app

    db = tmp_path / "w.duckdb"
    with LocalSite() as site:
        site.route("/a0.html", static(story(0)))
        site.route("/ok.xml", static(rss([item(site, "/a0.html", 0)]), ctype="application/rss+xml"))
        site.route("/bad.xml", static("boom", ctype="text/plain", status=500, etag=False))
        monitor([FeedConfig("ok", site.url("/ok.xml"), 60), FeedConfig("bad", site.url("/bad.xml"), 60)],
                db).run(once=True)
    runner = CliRunner()
    out = runner.invoke(app, ["feeds", "status", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    rows = {r["name"]: r for r in map(json.loads, out.stdout.splitlines())}
    assert rows["ok"]["health"] == "ok" and rows["ok"]["items"]["stored"] == 1
    assert rows["ok"]["last_success"].endswith("Z")
    assert rows["bad"]["health"] == "failing" and "500" in rows["bad"]["last_error"]
    table = runner.invoke(app, ["feeds", "status", "--db", str(db)], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "failing" in table.stdout


# -- soak -----------------------------------------------------------------------------------------
def test_tiny_soak_accounts_for_every_item(tmp_path: Path) -> None:
    from conflictwatch.watch.soak import run_soak

    report = run_soak(1.0, feeds=2, items_per_hour=10, db=tmp_path / "soak.duckdb", trace=False)
    assert report["accounted"] and report["missing"] == 0 and report["pending"] == 0
    assert report["published"] == report["seen"] >= 20
    assert report["duplicates"] == report["expected_duplicates"] >= 1
    assert report["fallbacks"] >= 1 and report["stored"] >= 10 and report["memory"]


def test_stop_wakes_an_idle_watcher() -> None:
    from conflictwatch.watch.clock import SystemClock

    wake = threading.Event()
    threading.Timer(0.2, wake.set).start()
    t0 = time.monotonic()
    SystemClock().sleep(30, wake=wake)
    assert time.monotonic() - t0 < 5
