"""One store contract, every backend: the bodies of test_store.py and test_merge.py, and more, run
against DuckDB always and against PostgreSQL when CONFLICTWATCH_TEST_PG_URL names a database.

CI starts one: `eval "$(bash scripts/ci_postgres.sh)"` exports the URL, and CONFLICTWATCH_REQUIRE_PG=1
turns a missing URL into a failure instead of a skip. Each test gets its own
PostgreSQL schema (one per store path the test opens), dropped afterwards.
"""

from __future__ import annotations

import json

import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import test_merge as merge_tests
import test_store as store_tests

from conflictwatch.errors import StoreError
from conflictwatch.records import Article, Document, Result, Skipped
from conflictwatch.store import DuckDBStore, open_store, store_target

PG_URL_ENV = "CONFLICTWATCH_TEST_PG_URL"
PG_MISSING = (
    f"PostgreSQL backend not tested: set {PG_URL_ENV} (`eval \"$(bash scripts/ci_postgres.sh)\"` starts "
    "a local server and exports it)"
)

# -- the backends ------------------------------------------------------------------------------


class PgSchemas:
    """Maps each store path a test opens to a fresh schema of the test database; drops them after."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: set[str] = set()

    def url_for(self, path: Path | str) -> str:
        schema = "t_" + hashlib.sha1(str(path).encode()).hexdigest()[:20]
        self.made.add(schema)
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}schema={schema}"

    def open(self, path: Path | str, *, read_only: bool = False) -> DuckDBStore:
        return open_store(self.url_for(path), read_only=read_only)

    def drop_all(self) -> None:
        import psycopg

        if not self.made:
            return
        with psycopg.connect(self.url, autocommit=True) as con:
            for schema in sorted(self.made):
                con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def _pg_url() -> str | None:
    url = os.environ.get(PG_URL_ENV) or None
    if url is None and os.environ.get("CONFLICTWATCH_REQUIRE_PG"):
        pytest.fail(PG_MISSING + "; CONFLICTWATCH_REQUIRE_PG is set, so this is a failure, not a skip")
    return url


@pytest.fixture(params=["duckdb", "postgres"])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., DuckDBStore]]:
    """``open(path, read_only=False)`` for this backend; also what test_store/test_merge's
    ``open_store`` calls while the test runs, so their bodies test this backend."""
    if request.param == "duckdb":
        yield open_store
        return
    url = _pg_url()
    if url is None:
        pytest.skip(PG_MISSING)
    schemas = PgSchemas(url)
    monkeypatch.setattr(store_tests, "open_store", schemas.open)
    monkeypatch.setattr(merge_tests, "open_store", schemas.open)
    try:
        yield schemas.open
    finally:
        schemas.drop_all()
    assert schemas.made, "the test opened no PostgreSQL store: its body did not go through open_store"


@pytest.fixture
def pg() -> Iterator[PgSchemas]:
    url = _pg_url()
    if url is None:
        pytest.skip(PG_MISSING)
    schemas = PgSchemas(url)
    yield schemas
    schemas.drop_all()


# -- the contract of test_store.py and test_merge.py, on each backend ---------------------------
# Each body runs as written; the `backend` fixture points its open_store at the backend.
STORE_TESTS = [
    "test_schema_is_versioned_and_migrations_run_once",
    "test_merge_keys_stored_before_version_5_gain_their_article_and_background",
    "test_same_article_twice_is_stored_once",
    "test_skips_are_recorded_once",
    "test_failed_write_leaves_nothing_half_written",
    "test_filters_and_background",
    "test_export_formats",
    "test_read_only_store_that_does_not_exist_is_a_clear_error",
]
MERGE_TESTS = [
    "test_reports_of_one_event_merge_and_distractors_do_not",
    "test_reingest_changes_nothing",
    "test_figures_become_a_range_and_acled_takes_the_lowest",
    "test_contested_propagates_from_any_report",
    "test_split_and_join_survive_reingest",
    "test_an_articles_news_and_its_background_stay_two_events_whatever_links_them",
    "test_splitting_the_report_that_bridged_two_others_keeps_every_report_in_an_event",
    "test_a_revised_article_supersedes_its_older_version",
    "test_an_event_told_by_one_page_keeps_its_history_through_the_pages_revision",
    "test_article_versions_give_the_same_events_in_any_order_when_their_dates_tell",
    "test_another_article_under_the_same_url_is_not_a_version",
]


@pytest.mark.parametrize("name", STORE_TESTS)
def test_store_contract(backend: Callable[..., DuckDBStore], name: str, tmp_path: Path) -> None:
    getattr(store_tests, name)(tmp_path)


@pytest.mark.parametrize("name", MERGE_TESTS)
def test_merge_contract(backend: Callable[..., DuckDBStore], name: str, tmp_path: Path) -> None:
    getattr(merge_tests, name)(tmp_path)


def test_merge_order_does_not_matter(backend: Callable[..., DuckDBStore], tmp_path_factory) -> None:
    # test_merge's hypothesis test, called from here so that the backend fixture is set up once for
    # all its examples (hypothesis refuses function-scoped fixtures on a @given test itself).
    merge_tests.test_order_does_not_matter(tmp_path_factory)


def test_the_reused_bodies_are_all_there() -> None:
    # A test added to test_store.py or test_merge.py that touches the store must be listed above.
    def store_tests_in(module: Any) -> set[str]:
        return {n for n in dir(module) if n.startswith("test_")}

    covered = set(STORE_TESTS) | set(MERGE_TESTS) | {"test_order_does_not_matter"}
    pure = {"test_link_components_and_aggregate_units", "test_link_is_symmetric",
            "test_a_country_level_report_does_not_chain_two_towns",
            "test_police_firing_on_a_crowd_told_as_an_attack_or_as_force_is_one_event",
            "test_a_country_level_report_that_names_the_town_scores_as_placed",
            "test_two_places_told_apart_never_link_however_alike_the_rest",
            "test_a_country_level_report_naming_one_of_two_towns_joins_that_one",
            "test_a_report_linked_to_an_articles_news_and_its_background_joins_the_news"}  # no store
    assert store_tests_in(store_tests) | store_tests_in(merge_tests) == covered | pure


# -- the rest of the store's public methods: same answers on every backend ---------------------


def _strip_clock(value: Any) -> Any:
    """Drop what the wall clock writes (revision times, last_updated): it differs run to run."""
    if isinstance(value, dict):
        out = {k: _strip_clock(v) for k, v in value.items() if k not in ("at", "last_updated")}
        if isinstance(out.get("revisions"), list):
            # Revisions are listed by time; two runs a second apart can order equal-time ones
            # differently, so compare them as a set.
            out["revisions"] = sorted(out["revisions"], key=lambda r: json.dumps(r, sort_keys=True))
        return out
    if isinstance(value, list):
        return [_strip_clock(v) for v in value]
    return value


def _snapshot(store: DuckDBStore) -> dict[str, Any]:
    events = list(store.events(include_background=True, limit=None))
    some = events[0]["event_id"]
    articles = sorted({r["article_id"] for e in events for r in e["reports"]})
    return _strip_clock({
        "counts": store.counts(),
        "events": events,
        "by_date_asc": [e["event_id"] for e in store.events(sort="-date", limit=3, offset=1)],
        "by_fatalities": [e["event_id"] for e in store.events(sort="fatalities", limit=None)],
        "count": store.count_events(),
        "filters": {
            "country": store.count_events(country="sudan"),
            "iso3": store.count_events(iso3="arm"),
            "type": store.count_events(event_type="Battles"),
            "sub": store.count_events(sub_event_type="Attack"),
            "actor": store.count_events(actor="rapid"),
            "min_fat": store.count_events(min_fatalities=10),
            "contested": store.count_events(contested=True),
            "admin1": store.count_events(admin1="northern darfur"),
            "q": store.count_events(q="hospital"),
            "bbox": store.count_events(bbox=(20, 10, 30, 20)),
            "since_until": store.count_events(since="2024-06-01", until="2024-06-30"),
            "pct": store.count_events(q="100%"),
        },
        "stats": {by: store.stats(by, include_background=True) for by in ("day", "week", "type",
                                                                          "sub_event_type", "country")},
        "get": store.get_event(some),
        "missing": store.get_event("nope"),
        "points": store.event_points(include_background=True),
        "points_limited": store.event_points(limit=2, sort="fatalities", iso3="SDN"),
        "evidence": {e["event_id"]: store.merge_evidence(e["event_id"]) for e in events},
        "report_evidence": store.report_evidence(some),
        "articles": store.articles_by_id(articles + ["nope"]),
        "no_articles": store.articles_by_id([]),
        "event_ids": {a: store.event_ids_for_article(a) for a in articles},
        "text": store.article_text(articles[0]),
        "has": (store.has_article(articles[0]), store.has_article("nope")),
        "skips": store.skips(),
    })


def _fill(store: DuckDBStore) -> None:
    for aid, source, published, ev in merge_tests.REPORTS:
        art = Article(id=aid, text=f"article {aid} 100% sure")
        doc = Document(title=aid, text=f"article {aid}", published=published, source=source)
        store.add_result(art, Result(id=aid, document=doc, events=(ev,)))
    store.add_skip("b.txt", Skipped("empty", "no text"))
    store.add_skip("a.txt", Skipped("language", "de"))
    ev = next(e for e in store.events(limit=None) if len(e["reports"]) == 3)
    store.split_report(next(r for r in ev["reports"] if r["source"] == "APA")["report_id"])


def test_backends_give_the_same_answers(backend: Callable[..., DuckDBStore], tmp_path: Path) -> None:
    with open_store(tmp_path / "reference.duckdb") as ref:
        _fill(ref)
        expected = _snapshot(ref)
    with backend(tmp_path / "s.duckdb") as s:
        _fill(s)
        got = _snapshot(s)
        with pytest.raises(StoreError):
            s.stats("colour")
        with pytest.raises(StoreError):
            list(s.events(sort="colour"))
        with pytest.raises(StoreError):
            s.split_report("nope")
        with pytest.raises(StoreError):
            s.join_events("nope", "nope")
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], key


def _feeds_run(store: DuckDBStore) -> dict[str, Any]:
    """The watcher's calls, in the order it makes them, and what the store answers."""
    out: dict[str, Any] = {"tables": store.has_feed_tables()}
    feeds = [{"name": "dw", "url": "http://dw/rss", "interval": 60, "language": "en", "country": None},
             {"name": "ap", "url": "http://ap/rss", "interval": 30.5}]
    store.sync_feeds(feeds)
    entries = [{"item_key": f"k{i}", "url": f"http://dw/{i % 2}", "fingerprint": f"f{i}",
                "entry": {"link": f"http://dw/{i % 2}", "title": f"t{i}"}} for i in range(3)]
    out["poll1"] = store.record_feed_poll("dw", at=100.0, next_poll=160.0, etag='"e1"', last_modified=None,
                                          title="DW", entries=entries)
    out["poll304"] = store.record_feed_poll("ap", at=101.0, next_poll=131.5, etag=None, last_modified="x",
                                            title=None, entries=None)
    store.record_feed_error("ap", at=140.0, next_poll=200.0, error="http: 503")
    out["pending"] = store.pending_feed_items(now=150.0)
    store.claim_feed_item("dw", "k0", content_hash="h0", fallback=False, page_error=None)
    store.finish_feed_item("dw", "k0", status="stored", at=151.0, events=2, content_hash="h0")
    store.retry_feed_item("dw", "k1", retry_at=300.0, page_error="timeout")
    store.record_page_error("dw", at=152.0, error="timeout: http://dw/1")
    out["pending_after"] = store.pending_feed_items(now=160.0, limit=10)
    out["next_retry"] = store.next_feed_item_retry()
    changed = [{**entries[0], "fingerprint": "f0b"}, {**entries[1], "fingerprint": "f1b"}]
    out["poll2"] = store.record_feed_poll("dw", at=200.0, next_poll=260.0, etag='"e2"', last_modified=None,
                                          title=None, entries=changed)
    store.sync_feeds(feeds[:1])  # ap left the feeds file
    out["states"] = store.feed_states()
    out["status"] = store.feed_status()
    out["rows"] = store.feed_item_rows()
    return out


def test_feed_state_is_the_same_on_every_backend(backend: Callable[..., DuckDBStore], tmp_path: Path) -> None:
    with open_store(tmp_path / "reference.duckdb") as ref:
        expected = _feeds_run(ref)
    with backend(tmp_path / "s.duckdb") as s:
        got = _feeds_run(s)
    for key in expected:
        assert got[key] == expected[key], key
    assert got["states"]["ap"]["active"] is False and got["poll2"] == {"new": 0, "changed": 2}


def test_schema_versions_match_across_backends(backend: Callable[..., DuckDBStore], tmp_path: Path) -> None:
    from conflictwatch.store.duckdb import _migrations

    with backend(tmp_path / "s.duckdb") as s:
        assert s.schema_version() == max(v for v, _ in _migrations())
        assert s.migrate() == s.schema_version()  # nothing left to apply
        rows = s.con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert [r[0] for r in rows] == [v for v, _ in _migrations()]


def test_read_only_store_refuses_writes(backend: Callable[..., DuckDBStore], tmp_path: Path) -> None:
    art = Article(id="a", text="a")
    with backend(tmp_path / "s.duckdb") as s:
        s.add_result(art, store_tests._result(art, (store_tests._event(1),)))
    with backend(tmp_path / "s.duckdb", read_only=True) as s:
        assert s.count_events() == 1
        with pytest.raises(Exception):  # noqa: B017 - each database raises its own read-only error
            s.add_skip("x", Skipped("empty", "no text"))


# -- choosing the backend ----------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [
    ("conflictwatch.duckdb", "conflictwatch.duckdb"),
    (Path("data/cw.duckdb"), "data/cw.duckdb"),
    ("duckdb:///srv/cw.duckdb", "/srv/cw.duckdb"),
    (Path("duckdb:///srv/cw.duckdb"), "/srv/cw.duckdb"),
    ("duckdb:cw.duckdb", "cw.duckdb"),
    ("postgresql://cw:pw@db:5432/cw", "postgresql://cw:pw@db:5432/cw"),
    (Path("postgresql://cw:pw@db:5432/cw?schema=x"), "postgresql://cw:pw@db:5432/cw?schema=x"),
    ("postgres://db/cw", "postgres://db/cw"),
])
def test_store_target_reads_paths_and_urls(given: Path | str, expected: str) -> None:
    assert store_target(given) == expected


def test_duckdb_url_opens_a_duckdb_store(tmp_path: Path) -> None:
    with open_store(f"duckdb://{tmp_path}/s.duckdb") as s:
        assert type(s) is DuckDBStore and s.path == tmp_path / "s.duckdb"


def test_translate_spells_duckdb_as_postgresql() -> None:
    from conflictwatch.store.postgres import translate, translate_ddl

    assert translate("SELECT 1 FROM t WHERE a = ? AND b LIKE '%x?'") == "SELECT 1 FROM t WHERE a = %s AND b LIKE '%%x?'"
    assert translate("INSERT OR IGNORE INTO t VALUES (?)") == "INSERT INTO t VALUES (%s) ON CONFLICT DO NOTHING"
    assert translate("SELECT try_cast(? AS DATE)") == "SELECT cw_try_date(%s)"
    assert translate("SELECT count(*) FILTER (status = 'x') FROM t", params=False) == \
        "SELECT count(*) FILTER (WHERE status = 'x') FROM t"
    assert translate("SELECT 1 WHERE NOT list_contains(?::VARCHAR[], name)") == \
        "SELECT 1 WHERE NOT (name = ANY(%s::VARCHAR[]))"
    assert translate("SELECT a FROM (SELECT a FROM t) WHERE a > 1", params=False) == \
        "SELECT a FROM (SELECT a FROM t) AS _sub1 WHERE a > 1"
    assert translate("SELECT a FROM (SELECT a FROM t) x", params=False) == "SELECT a FROM (SELECT a FROM t) x"
    assert translate_ddl("x DOUBLE, y DOUBLE PRECISION, z VARCHAR") == \
        'x DOUBLE PRECISION, y DOUBLE PRECISION, z VARCHAR COLLATE "C"'


# -- PostgreSQL only: a server store has several clients at once --------------------------------


def test_env_url_selects_postgres(pg: PgSchemas, monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictwatch.settings import StoreSettings
    from conflictwatch.store.postgres import PostgresStore

    url = pg.url_for("env")
    monkeypatch.setenv("CONFLICTWATCH_DB", url)
    with open_store(StoreSettings().db) as s:  # the path setting mangles the URL: open_store mends it
        assert isinstance(s, PostgresStore) and "***" in str(s.path) and s.schema_version() >= 1


def test_bad_url_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot open the store postgresql://cw:\\*\\*\\*@127.0.0.1:9/"):
        open_store("postgresql://cw:secret@127.0.0.1:9/cw?connect_timeout=2")
    with pytest.raises(StoreError, match="bad schema name"):
        open_store("postgresql://127.0.0.1:9/cw?schema=Robert');DROP")


def test_concurrent_openers_migrate_once(pg: PgSchemas) -> None:
    errors: list[BaseException] = []
    stores: list[DuckDBStore] = []

    def opener() -> None:
        try:
            stores.append(pg.open("fresh"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    rows = stores[0].con.execute("SELECT count(*), count(DISTINCT version) FROM schema_version").fetchone()
    assert rows[0] == rows[1] == stores[0].schema_version()
    for s in stores:
        s.close()


def test_concurrent_writers_build_the_same_events(pg: PgSchemas, tmp_path: Path) -> None:
    # Two processes (watch on one machine, load on another) write one store at once: the merge must
    # come out as if the articles had arrived one by one. Every article is sent by both writers too.
    merge_tests._ingest(tmp_path / "serial.duckdb", list(range(len(merge_tests.REPORTS))))
    expected = merge_tests._events(tmp_path / "serial.duckdb")
    stored: list[bool] = []
    errors: list[BaseException] = []

    def writer(order: list[int]) -> None:
        try:
            with pg.open("shared") as s:
                for i in order:
                    aid, source, published, ev = merge_tests.REPORTS[i]
                    art = Article(id=aid, text=f"article {aid}")
                    doc = Document(title=aid, text=f"article {aid}", published=published, source=source)
                    stored.append(s.add_result(art, Result(id=aid, document=doc, events=(ev,))))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    pg.open("shared").close()  # migrate first: here the race under test is the merge
    n = len(merge_tests.REPORTS)
    threads = [threading.Thread(target=writer, args=(order,))
               for order in (list(range(n)), list(reversed(range(n))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(stored) == [False] * n + [True] * n
    with pg.open("shared") as s:
        got = sorted((e["event_id"], tuple(sorted(r["source"] for r in e["reports"])), e["fatalities"],
                      e["contested"]) for e in s.events(include_background=True, limit=None))
    assert got == expected
