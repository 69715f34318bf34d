"""The embedded store keeps what its merges read (store.duckdb._Kept: candidates, report rows and
neighbour lists, event records): the same events, links and neighbours as reading them every time,
whoever else writes and whatever fails."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from conflictwatch.errors import StoreError
from conflictwatch.records import Actor, Article, Document, Event, Location, Range, Result, interaction_code
from conflictwatch.store import open_store
from conflictwatch.store.duckdb import DuckDBStore

PLACES = [
    ("Sudan", "SDN", [("El Fasher", "Northern Darfur", 13.63, 25.35), ("Nyala", "Southern Darfur", 12.05, 24.88)]),
    ("Ukraine", "UKR", [("Kharkiv", "Kharkiv", 49.99, 36.23), ("Avdiivka", "Donetsk", 48.14, 37.74)]),
]
KINDS = [("Battles", "Armed clash", 1, 3), ("Violence against civilians", "Attack", 2, 7),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack", 1, 7)]


def _event(n: int, *, country: int, place: int | None, day: str, prec: int, kind: int, killed: int) -> Event:
    name, iso3, towns = PLACES[country]
    if place is None:  # placed only in the country
        loc = Location(name, None, None, name, iso3, towns[0][2] + 1, towns[0][3] + 1, 3, None)
    else:
        town, admin1, lat, lon = towns[place]
        loc = Location(town, admin1, None, name, iso3, lat, lon, 1, None)
    etype, sub, i1, i2 = KINDS[kind]
    a1 = Actor(f"Military Forces of {name}", i1, name, iso3)
    a2 = Actor(f"Civilians ({name})", i2, name, iso3)
    date = day if prec == 1 else day[:7] + "-01"
    return Event(event_id=f"e{n}", event_type=etype, sub_event_type=sub, event_date=date, time_precision=prec,
                 actor1=a1, actor2=a2, interaction=interaction_code(i1, i2),
                 fatalities=Range(killed, killed, killed), acled_fatalities=killed, injured=None, location=loc)


def _articles(seed: int, n: int = 60) -> list[tuple[Article, Result]]:
    """n articles of one to two reports over two countries, two towns each, six days, some placed
    only in the country, some dated only to the week or month: many of them the same events."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        events = []
        for j in range(1 + (rnd.random() < 0.2)):
            events.append(_event(
                10 * i + j, country=rnd.randrange(2), place=rnd.choice([0, 1, None]),
                day=f"2024-03-{10 + rnd.randrange(6):02d}", prec=rnd.choice([1, 1, 1, 1, 2, 3]),
                kind=rnd.randrange(len(KINDS)), killed=rnd.randrange(1, 9)))
        art = Article(id=f"a{i}", text=f"article {i}")
        doc = Document(title=f"a{i}", text=art.text or "", published="2024-03-20", source=f"Outlet {i % 5}")
        out.append((art, Result(id=art.id, document=doc, events=tuple(events))))
    return out


def _dump(store: DuckDBStore) -> dict[str, Any]:
    """Everything the merge writes, without the wall clock."""
    con = store.con
    events = []
    for (data,) in con.execute("SELECT data FROM events ORDER BY event_id").fetchall():
        ev = json.loads(data)
        ev.pop("last_updated", None)
        ev["revisions"] = sorted(json.dumps({k: v for k, v in r.items() if k != "at"}, sort_keys=True)
                                 for r in ev.get("revisions", []))
        events.append(ev)
    return {
        "events": events,
        "reports": con.execute("SELECT report_id, event_id FROM reports ORDER BY report_id").fetchall(),
        "links": con.execute("SELECT report_a, report_b, score, linked FROM links ORDER BY 1, 2").fetchall(),
        "neighbours": con.execute("SELECT report_id, neighbours FROM neighbours ORDER BY 1").fetchall(),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cached_candidates_merge_as_reading_them_every_time(tmp_path: Path, seed: int) -> None:
    articles = _articles(seed)
    dumps = []
    for cached in (True, False):
        with open_store(tmp_path / f"{cached}.duckdb") as s:
            if not cached:
                s._kept = None
            for art, res in articles:
                s.add_result(art, res)
            if cached:
                kept = s._kept
                assert kept is not None and kept.keys and kept.members and kept.events, "the cache was never filled"
            dumps.append(_dump(s))
    assert dumps[0]["links"], "the articles never linked: the test would prove nothing"
    assert len(dumps[0]["events"]) < sum(len(r.events) for _, r in articles)
    assert dumps[0] == dumps[1]


def _one(aid: str, ev: Event) -> tuple[Article, Result]:
    art = Article(id=aid, text=f"article {aid}")
    doc = Document(title=aid, text=art.text or "", published="2024-03-20", source=aid)
    return art, Result(id=aid, document=doc, events=(ev,))


def test_a_report_another_connection_stored_is_still_a_candidate(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    other_event = _event(1, country=0, place=1, day="2024-03-12", prec=1, kind=2, killed=2)  # Nyala
    same = [_event(n, country=0, place=0, day="2024-03-12", prec=1, kind=1, killed=5) for n in (2, 3)]
    with open_store(db) as a:
        a.add_result(*_one("nyala", other_event))  # a now holds SDN 2024-03-12's candidates
        with open_store(db) as b:  # a second connection to the same file, in this process
            b.add_result(*_one("fasher-1", same[0]))
        a.add_result(*_one("fasher-2", same[1]))
        groups = sorted(sorted(r["source"] for r in e["reports"]) for e in a.events(limit=None))
    assert groups == [["fasher-1", "fasher-2"], ["nyala"]]


def test_a_report_whose_article_failed_is_never_a_candidate(tmp_path: Path) -> None:
    fasher = _event(1, country=0, place=0, day="2024-03-12", prec=1, kind=1, killed=5)
    with open_store(tmp_path / "s.duckdb") as s:
        s.add_result(*_one("first", _event(9, country=0, place=1, day="2024-03-12", prec=1, kind=2, killed=1)))
        bad_art, _ = _one("bad", fasher)
        # Two identical reports in one article break the reports' primary key after the first is written.
        with pytest.raises(StoreError):
            s.add_result(bad_art, Result(id="bad", document=None, events=(fasher, fasher)))
        s.add_result(*_one("later", fasher))
        assert s.counts()["articles"] == 2
        groups = sorted(sorted(r["source"] for r in e["reports"]) for e in s.events(limit=None))
    assert groups == [["first"], ["later"]]


def _edit(store: DuckDBStore, step: int) -> None:
    """A user's decision, chosen from what the store holds: split the first report of the first
    event of several reports (even steps), or join the first two events of one country (odd)."""
    con = store.con
    if step % 2 == 0:
        row = con.execute(
            "SELECT min(report_id) FROM reports WHERE event_id = (SELECT min(event_id) FROM reports "
            "GROUP BY event_id HAVING count(*) > 1 ORDER BY 1 LIMIT 1)").fetchone()
        if row and row[0]:
            store.split_report(row[0])
    else:
        ids = [e for (e,) in con.execute(
            "SELECT event_id FROM events WHERE iso3 = 'SDN' ORDER BY event_id LIMIT 2").fetchall()]
        if len(ids) == 2:
            store.join_events(*ids)


@pytest.mark.parametrize("by_other", [False, True])
def test_splits_and_joins_between_merges_leave_nothing_stale(tmp_path: Path, by_other: bool) -> None:
    """Decisions made between merges, by this store or by a second connection to its file, change
    event ids and neighbour lists the store kept: later merges must see the changes."""
    articles = _articles(4, n=48)
    dumps = []
    for cached in (True, False):
        db = tmp_path / f"{cached}.duckdb"
        with open_store(db) as s:
            if not cached:
                s._kept = None
            for i, (art, res) in enumerate(articles):
                s.add_result(art, res)
                if i % 8 == 7:
                    if by_other and cached:
                        with open_store(db) as other:
                            _edit(other, i // 8)
                    else:
                        _edit(s, i // 8)
            dumps.append(_dump(s))
    decided = dumps[0]
    assert len(decided["events"]) < sum(len(r.events) for _, r in articles)
    assert dumps[0] == dumps[1]


def test_a_rolled_back_merge_leaves_nothing_kept(tmp_path: Path) -> None:
    """An article that fails after its first report merged: what the failed transaction wrote and
    read is not kept, and the next report merges as the store holds it."""
    fasher = [_event(n, country=0, place=0, day="2024-03-12", prec=1, kind=1, killed=5) for n in (1, 2)]
    with open_store(tmp_path / "s.duckdb") as s:
        s.add_result(*_one("first", fasher[0]))
        bad_art, _ = _one("bad", fasher[1])
        with pytest.raises(StoreError):
            s.add_result(bad_art, Result(id="bad", document=None, events=(fasher[1], fasher[1])))
        kept = s._kept
        assert kept is not None and kept.members, "nothing kept: the test would prove nothing"
        stored = dict(s.con.execute("SELECT report_id, event_id FROM reports").fetchall())
        assert {r: m.event_id for r, m in kept.members.items()} == {r: stored[r] for r in kept.members}
        events = dict(s.con.execute("SELECT event_id, data FROM events").fetchall())
        assert {e: d for e, d in kept.events.items()} == {e: events.get(e) for e in kept.events}
        s.add_result(*_one("later", fasher[1]))
        (event,) = s.events(limit=None)
        assert sorted(r["source"] for r in event["reports"]) == ["first", "later"]
        assert s.con.execute("SELECT count(*) FROM reports").fetchone() == (2,)


def test_what_a_transaction_read_while_another_connection_committed_is_not_kept(tmp_path: Path) -> None:
    """A transaction reads a snapshot: when a second connection commits a merge while it runs, what
    it read may miss that merge, so nothing of it is kept (and the next merge reads the store)."""
    db = tmp_path / "s.duckdb"
    fasher = [_event(n, country=0, place=0, day="2024-03-12", prec=1, kind=1, killed=5) for n in (1, 2, 3)]
    with open_store(db) as a, open_store(db) as b:
        a.add_result(*_one("first", fasher[0]))
        kept = a._kept
        assert kept is not None and kept.members
        a._begin()
        b.add_result(*_one("second", fasher[1]))  # commits while a's transaction is open
        a._commit()
        assert not kept.members and kept.generation is None
        a.add_result(*_one("third", fasher[2]))
        (event,) = a.events(limit=None)
        assert sorted(r["source"] for r in event["reports"]) == ["first", "second", "third"]
