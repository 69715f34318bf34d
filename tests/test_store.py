"""The store contract: schema versioning, idempotent writes, one transaction per article, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictwatch.errors import StoreError
from conflictwatch.export import ACLED_COLUMNS, OWN_COLUMNS, export
from conflictwatch.records import (
    Actor, Article, Claim, Document, Event, Location, Range, Result, Skipped, interaction_code,
)
from conflictwatch.store import open_store


def _event(n: int, *, country: str = "Armenia", killed: int | None = 4, background: bool = False) -> Event:
    iso3 = {"Armenia": "ARM", "Georgia": "GEO"}[country]
    a1 = Actor("Military Forces of Azerbaijan", 1, "Azerbaijan", "AZE")
    a2 = Actor("Military Forces of Armenia", 1, "Armenia", "ARM")
    return Event(
        event_id=f"e{n}", event_type="Battles", sub_event_type="Armed clash",
        event_date=f"2024-02-{10 + n:02d}", time_precision=1, actor1=a1, actor2=a2,
        interaction=interaction_code(1, 1),
        fatalities=Range(killed, killed, killed) if killed is not None else None,
        acled_fatalities=killed or 0, injured=None,
        location=Location(country, None, None, country, iso3, 40.25, 45.0, 3, 174982),
        claims=(Claim("Armenian defence ministry", "asserts", "Four were killed", 0, 16),),
        background=background,
    )


def _result(article: Article, events: tuple[Event, ...]) -> Result:
    doc = Document(title="t", text=article.text or "", published="2024-02-13", source="DW", credits=("AFP",))
    return Result(id=article.id, document=doc, events=events)


def test_schema_is_versioned_and_migrations_run_once(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db) as s:
        v = s.schema_version()
        assert v >= 1
    with open_store(db) as s:
        assert s.schema_version() == v
        rows = s.con.execute("SELECT count(*) FROM schema_version").fetchone()
        assert rows[0] == v  # one row per applied migration, none applied twice


def test_merge_keys_stored_before_version_5_gain_their_article_and_background(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    art = Article(id="a1", text="Four soldiers were killed.")
    with open_store(db) as s:
        s.add_result(art, _result(art, (_event(1), _event(2, background=True))))
        rows = s.con.execute("SELECT report_id, merge_sig FROM reports ORDER BY report_id").fetchall()
        assert all(json.loads(sig)["article_id"] == art.content_hash for _, sig in rows)
        assert sorted(json.loads(sig)["background"] for _, sig in rows) == [False, True]
        # The store as version 4 wrote it: keys without their article.
        for rid, sig in rows:
            old = {k: v for k, v in json.loads(sig).items() if k not in ("article_id", "background")}
            s.con.execute("UPDATE reports SET merge_sig = ? WHERE report_id = ?", [json.dumps(old), rid])
        s.con.execute("DELETE FROM schema_version WHERE version >= 5")
    with open_store(db) as s:
        assert s.schema_version() >= 5
        after = s.con.execute("SELECT report_id, merge_sig FROM reports ORDER BY report_id").fetchall()
    assert [(rid, json.loads(sig)) for rid, sig in after] == [(rid, json.loads(sig)) for rid, sig in rows]


def test_same_article_twice_is_stored_once(tmp_path: Path) -> None:
    art = Article(id="a1", text="Four soldiers were killed.")
    with open_store(tmp_path / "s.duckdb") as s:
        assert s.add_result(art, _result(art, (_event(1), _event(2))))
        before = s.counts()
        assert not s.add_result(art, _result(art, (_event(1), _event(2))))
        assert s.counts() == before
        assert before["articles"] == 1 and before["events"] == 2 and before["claims"] == 2


def test_skips_are_recorded_once(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.duckdb") as s:
        s.add_skip("x.txt", Skipped("empty", "no text"))
        s.add_skip("x.txt", Skipped("empty", "no text"))
        assert s.skips() == [{"origin": "x.txt", "reason": "empty", "detail": "no text"}]


def test_failed_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    art = Article(id="a1", text="text")
    bad = _event(1)
    object.__setattr__(bad, "claims", (Claim("x", "asserts", "s", 0, 1), Claim("x", "asserts", "s", 0, 1)))
    with open_store(tmp_path / "s.duckdb") as s:
        # Two identical reports in one article break the reports primary key mid-write.
        with pytest.raises(StoreError):
            s.add_result(art, _result(art, (bad, bad)))
        assert s.counts()["articles"] == 0 and s.counts()["claims"] == 0


def test_filters_and_background(tmp_path: Path) -> None:
    a, b = Article(id="a", text="a"), Article(id="b", text="b")
    with open_store(tmp_path / "s.duckdb") as s:
        s.add_result(a, _result(a, (_event(1, killed=None), _event(2, background=True))))
        s.add_result(b, _result(b, (_event(3, country="Georgia", killed=7),)))
        assert len(list(s.events())) == 2
        assert len(list(s.events(include_background=True))) == 3
        assert [e["location"]["country"] for e in s.events(country="georgia")] == ["Georgia"]
        assert len(list(s.events(min_fatalities=5))) == 1
        assert len(list(s.events(since="2024-02-12"))) == 1
        assert len(list(s.events(actor="azerbaijan"))) == 2
        with pytest.raises(StoreError):
            list(s.events(colour="red"))
        # A filter value is data, never SQL.
        assert list(s.events(country="x' OR '1'='1")) == []


def test_export_formats(tmp_path: Path) -> None:
    import csv
    import io

    import pyarrow.parquet as pq

    art = Article(id="a", text="a")
    with open_store(tmp_path / "s.duckdb") as s:
        s.add_result(art, _result(art, (_event(1),)))
        evs = list(s.events())
    buf = io.StringIO()
    assert export(evs, "acled-csv", buf) == 1
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert rows[0] == ACLED_COLUMNS + OWN_COLUMNS
    row = dict(zip(rows[0], rows[1]))
    assert row["actor1"] == "Military Forces of Azerbaijan" and row["fatalities"] == "4"
    assert row["interaction"] == "11" and row["source"] == "DW"
    buf = io.StringIO()
    export(evs, "geojson", buf)
    gj = json.loads(buf.getvalue())
    assert gj["features"][0]["geometry"]["coordinates"] == [45.0, 40.25]
    buf = io.StringIO()
    export(evs, "jsonl", buf)
    rec = json.loads(buf.getvalue().splitlines()[0])
    assert rec["reports"][0]["source"] == "DW" and "revisions" in rec and "first_reported" in rec
    export(evs, "parquet", tmp_path / "e.parquet")
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 1


def test_read_only_store_that_does_not_exist_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
