"""Generated stores for benchmarks: N plausible events written in bulk by SQL, not one by one."""

from __future__ import annotations

import json
import math
import time
from typing import Any

from conflictwatch.records import (
    Actor,
    Article,
    Document,
    Event,
    Location,
    Range,
    Result,
    content_id,
    interaction_code,
)
from conflictwatch.store.duckdb import DuckDBStore

# (country, iso3, lat, lon) spread over the regions ACLED covers.
COUNTRIES = [
    ("Ukraine", "UKR", 49.0, 32.0), ("Sudan", "SDN", 15.0, 30.0), ("Nigeria", "NGA", 10.0, 8.0),
    ("Myanmar", "MMR", 21.0, 96.0), ("Syria", "SYR", 35.0, 38.0), ("Mexico", "MEX", 23.0, -102.0),
    ("India", "IND", 22.0, 79.0), ("Democratic Republic of the Congo", "COD", -2.5, 23.5),
    ("Somalia", "SOM", 6.0, 48.0), ("Burkina Faso", "BFA", 12.5, -1.7), ("Pakistan", "PAK", 30.0, 70.0),
    ("Colombia", "COL", 4.0, -72.0),
]
TYPES = [
    ("Battles", "Armed clash", 1, 2), ("Explosions/Remote violence", "Air/drone strike", 1, 7),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 1, 1),
    ("Violence against civilians", "Attack", 2, 7), ("Protests", "Peaceful protest", 6, 0),
    ("Riots", "Violent demonstration", 5, 1), ("Strategic developments", "Arrests", 1, 6),
]
DAYS = 3650  # ten years of events


def fill(store: DuckDBStore, n: int, *, seed: int = 7, days: int = DAYS) -> float:
    """Insert n canonical events, each with one report, in bulk; returns the seconds it took.

    Each event is the one the store would build from its report (merge.aggregate over it, its id
    merge.canonical_id, its report with the meta an ingested report has, no links): a merge that
    touches it finds it as an ingested store would hold it.

    The store is one the merge could have built: no two of its events are linked. The events of a
    country and day are spread over its regions (admin1), one event a region, and a region used
    on one day is not used on the next or the one before, so two events of one country within a
    day of each other are always in two regions, which the merge tells apart. (Drawn at random,
    one new report would link many one-report events that ingest would have merged long before,
    and its merge would rebuild them all.)"""
    t0 = time.perf_counter()
    nc = len(COUNTRIES)
    slots = -(-n // (days * nc))  # events of one country on one day
    grid = math.isqrt(3 * slots - 1) + 1  # regions per row of the grid: 3 * slots regions in all
    countries = json.dumps(COUNTRIES)
    types = json.dumps(TYPES)
    con = store.con
    con.execute("BEGIN TRANSACTION")
    con.execute(f"SELECT setseed({(seed % 100) / 100.0})")
    con.execute(
        """
        CREATE TEMP TABLE gen AS
        WITH cells AS (
            -- cell: a country and a day; slot: the event's place among that cell's events
            SELECT i, i % (? * ?) AS cell, i // (? * ?) AS slot FROM range(?) r(i)
        ), placed AS (
            -- region: slot k of a day takes region k + slots * (day mod 3) of its country, so
            -- adjacent days use disjoint regions; regions lie on a grid half a degree apart
            SELECT *, cell // ? AS d, (cell % ?)::INTEGER AS c,
                   (slot + ? * ((cell // ?) % 3))::INTEGER AS region
            FROM cells
        )
        SELECT i,
               'syn' || lpad(i::VARCHAR, 9, '0') AS report_id,
               -- the id the store gives an event of one report (merge.canonical_id)
               left(sha256('event' || chr(0) || 'syn' || lpad(i::VARCHAR, 9, '0') || chr(0)), 16) AS event_id,
               (DATE '2015-01-01' + d::INTEGER)::VARCHAR AS event_date,
               c,
               (hash(i, 3) % ?)::INTEGER AS t,
               (hash(i, 4) % 40)::INTEGER AS killed,
               'Region ' || (region + 1) AS admin1,
               0.5 * (region % ?) - 0.25 * (? - 1) AS dlat,
               0.5 * (region // ?) - 0.25 * (? - 1) AS dlon
        FROM placed
        """,
        [days, nc, days, nc, n, nc, nc, slots, nc, len(TYPES), grid, grid, grid, grid],
    )
    con.execute(
        """
        CREATE TEMP TABLE gen2 AS
        SELECT g.*, json_extract_string(?::JSON, '$[' || c || '][0]') AS country,
               json_extract_string(?::JSON, '$[' || c || '][1]') AS iso3,
               json_extract(?::JSON, '$[' || c || '][2]')::DOUBLE + dlat AS lat,
               json_extract(?::JSON, '$[' || c || '][3]')::DOUBLE + dlon AS lon,
               json_extract_string(?::JSON, '$[' || t || '][0]') AS etype,
               json_extract_string(?::JSON, '$[' || t || '][1]') AS sub
        FROM gen g
        """,
        [countries, countries, countries, countries, types, types],
    )
    con.execute(
        """
        INSERT INTO events
        SELECT event_id, event_date, 1, etype, sub, 'Military Forces of ' || country, 'Civilians (' || country || ')',
               1, 7, 17, country, iso3, admin1, admin1, lat, lon, 2, killed, killed, killed, killed,
               (i % 50 = 0), false, 0.7, event_date, event_date,
               json_object('event_id', event_id, 'event_type', etype, 'sub_event_type', sub,
                           'event_date', event_date, 'time_precision', 1,
                           'actor1', json_object('name', 'Military Forces of ' || country, 'inter', 1,
                                                 'country', country, 'iso3', iso3),
                           'actor2', json_object('name', 'Civilians (' || country || ')', 'inter', 7,
                                                 'country', country, 'iso3', iso3),
                           'interaction', 17,
                           'fatalities', json_object('low', killed, 'best', killed, 'high', killed),
                           'acled_fatalities', killed, 'injured', NULL,
                           'location', json_object('name', admin1, 'admin1', admin1, 'admin2', NULL,
                                                   'country', country, 'iso3', iso3, 'latitude', lat,
                                                   'longitude', lon, 'geo_precision', 2, 'geonameid', NULL),
                           'claims', json_array(), 'contested', (i % 50 = 0), 'background', false,
                           'confidence', 0.7, 'evidence', json_array(),
                           -- as merge.aggregate lists a report: its meta, id, figures and claims
                           'reports', json_array(json_object('article_id', 'a' || report_id, 'url', NULL,
                                                             'source', 'Generated', 'published', event_date,
                                                             'title', NULL, 'report_id', report_id,
                                                             'fatalities', json_object('low', killed, 'best', killed,
                                                                                       'high', killed),
                                                             'claims', json_array())),
                           'first_reported', event_date, 'last_updated', event_date,
                           'revisions', json_array())::VARCHAR
        FROM gen2
        """
    )
    con.execute(
        """
        INSERT INTO reports (report_id, article_id, event_id, data, meta, event_date, iso3, time_precision, event_day,
                             day_key, coarse_key, month_key, merge_sig)
        SELECT g.report_id, 'a' || g.report_id, e.event_id, e.data,
               json_object('article_id', 'a' || g.report_id, 'url', NULL, 'source', 'Generated',
                           'published', e.event_date, 'title', NULL)::VARCHAR,
               e.event_date, e.iso3, 1, e.event_date::DATE,
               e.iso3 || ':' || e.event_date, NULL, e.iso3 || ':' || left(e.event_date, 7),
               json_object('report_id', g.report_id, 'article_id', 'a' || g.report_id, 'background', false,
                           'event_date', e.event_date, 'time_precision', 1,
                           'event_type', e.event_type, 'sub_event_type', e.sub_event_type, 'iso3', e.iso3,
                           'admin1', e.admin1, 'latitude', e.latitude, 'longitude', e.longitude, 'geo_precision', 2,
                           'place', lower(e.admin1), 'names', json_array(),
                           'actors', json_array(lower(e.actor2), lower(e.actor1)), 'words', json_array())::VARCHAR
        FROM events e JOIN gen2 g ON g.event_id = e.event_id
        """
    )
    con.execute("DROP TABLE gen")
    con.execute("DROP TABLE gen2")
    con.execute("COMMIT")
    store.written_outside()
    return time.perf_counter() - t0


def sample_report(i: int, *, day: str = "2020-06-15") -> tuple[Article, Result]:
    """A new article with one coded event, in a country and on a day the generated store covers."""
    country, iso3, lat, lon = COUNTRIES[i % len(COUNTRIES)]
    ev = Event(
        event_id=f"bench{i}", event_type="Battles", sub_event_type="Armed clash", event_date=day,
        time_precision=1, actor1=Actor(f"Military Forces of {country}", 1, country, iso3),
        actor2=Actor(f"Unidentified Armed Group ({country})", 3, country, iso3), interaction=interaction_code(1, 3),
        fatalities=Range(3, 3, 3), acled_fatalities=3, injured=None,
        location=Location(country, None, None, country, iso3, lat, lon, 2, None),
    )
    # With a URL, as articles have: storing one looks for earlier versions of its page.
    url = f"https://bench.example/{day}/{i}"
    art = Article(id=f"bench{i}", text=f"benchmark article {i}", url=url)
    doc = Document(title=None, text=art.text or "", published=day, source="Bench", url=url)
    return art, Result(id=art.id, document=doc, events=(ev,))


def time_merges(store: DuckDBStore, k: int = 20) -> dict[str, Any]:
    """Time add_result of k new one-event articles into the store: the merge's cost per report.
    Also counts (untimed) the stored reports each new report was linked to, and the reports of the
    component its merge read: what the merge had to do."""
    times, linked, component = [], [], []
    for i in range(k):
        art, res = sample_report(i)
        t0 = time.perf_counter()
        store.add_result(art, res)
        times.append(time.perf_counter() - t0)
        rid = content_id(art.content_hash, res.events[0].event_id)
        row = store.con.execute(
            "SELECT count(*) FROM links WHERE linked AND (report_a = ? OR report_b = ?)", [rid, rid]).fetchone()
        linked.append(int(row[0]) if row else 0)
        component.append(_component_size(store, rid))
    # The first report of each country reads its candidates from disk and joins generated events
    # never merged before; later ones find the candidates the store kept and the events merged.
    opening = times[0]  # the first merge after the store was filled: DuckDB's first use of its indexes
    first = sorted(times[: len(COUNTRIES)])
    later = sorted(times[len(COUNTRIES):])
    times.sort()
    return {"reports": k, "median_ms": 1000 * times[len(times) // 2],
            "p95_ms": 1000 * times[min(len(times) - 1, int(0.95 * len(times)))], "max_ms": 1000 * times[-1],
            "opening_ms": 1000 * opening,
            "first_median_ms": 1000 * first[len(first) // 2] if first else None,
            "later_median_ms": 1000 * later[len(later) // 2] if later else None,
            "linked_mean": sum(linked) / k, "component_mean": sum(component) / k}


def _component_size(store: DuckDBStore, report_id: str) -> int:
    """Reports in the linked component of a report, walked through the links and decisions tables."""
    seen, todo = {report_id}, [report_id]
    while todo:
        r = todo.pop()
        for other in store._neighbours_from_links([r])[r]:
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return len(seen)
