"""The HTTP API over a temp store of hand-made events: every endpoint, filter, cap and error."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

# Starlette's TestClient warns that it will move from httpx to httpx2; nothing to do here yet.
warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient

from conflictwatch.api import create_app
from conflictwatch.api.schemas import ErrorOut, EventDetail, EventPage, FeatureCollection, StatsOut
from conflictwatch.records import (
    Actor,
    Article,
    Claim,
    Document,
    Event,
    Evidence,
    Location,
    Range,
    Result,
    interaction_code,
)
from conflictwatch.settings import ApiSettings, Settings
from conflictwatch.store.duckdb import DuckDBStore

TOKEN = "s3cret-token"

ARM_TEXT = (
    "YEREVAN, Feb 13 (Reuters) - Four Armenian soldiers were killed and one was wounded on Tuesday "
    "when Azerbaijani forces opened fire on positions near Nerkin Hand, Armenia's defence ministry said. "
    "Azerbaijan's defence ministry denied the report, calling it disinformation."
)
UKR_TEXT = (
    "KYIV, March 2 (AP) - A Russian drone strike on an apartment block in Kharkiv killed seven people, "
    "the regional governor said on Saturday."
)
SDN_TEXT = (
    "Rapid Support Forces fighters attacked a displacement camp near El Fasher on Sunday, killing at "
    "least 12 civilians and perhaps as many as 20, according to local activists."
)
GEO_TEXT = (
    "Thousands of people protested peacefully in Tbilisi on Tuesday against the foreign agents bill."
)
HIST_TEXT = (
    "The 2020 war over Nagorno-Karabakh, which began on September 27, 2020, killed thousands of soldiers "
    "on both sides."
)
AGREEMENT_TEXT = "Armenia and Azerbaijan agreed on Tuesday to resume border demarcation talks."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _ev(
    key: str,
    text: str,
    *,
    event_type: str,
    sub_event_type: str,
    date: str,
    actor1: Actor | None,
    actor2: Actor | None = None,
    fatalities: Range | None = None,
    location: Location | None,
    claims: tuple[tuple[str, str, str], ...] = (),
    evidence: tuple[tuple[str, str], ...] = (),
    contested: bool = False,
    background: bool = False,
) -> Event:
    cl = []
    for source, stance, statement in claims:
        s, e = _span(text, statement)
        cl.append(Claim(source=source, stance=stance, statement=statement, start=s, end=e))
    evs = []
    for fld, part in evidence:
        s, e = _span(text, part)
        evs.append(Evidence(field=fld, start=s, end=e, text=part))
    return Event(
        event_id=key,
        event_type=event_type,
        sub_event_type=sub_event_type,
        event_date=date,
        time_precision=1,
        actor1=actor1,
        actor2=actor2,
        interaction=interaction_code(actor1.inter if actor1 else None, actor2.inter if actor2 else None),
        fatalities=fatalities,
        acled_fatalities=fatalities.low if fatalities else 0,
        injured=None,
        location=location,
        claims=tuple(cl),
        contested=contested,
        background=background,
        confidence=0.8,
        evidence=tuple(evs),
    )


ARM_FORCES = Actor("Military Forces of Armenia", 1, "Armenia", "ARM")
AZE_FORCES = Actor("Military Forces of Azerbaijan", 1, "Azerbaijan", "AZE")

# (article id, source, url, title, published, text, events)
SAMPLES: list[tuple[str, str, str, str, str, str, list[Event]]] = [
    (
        "arm-1", "Reuters", "https://example.org/arm-1", "Four Armenian soldiers killed on border",
        "2024-02-13", ARM_TEXT,
        [_ev("e1", ARM_TEXT, event_type="Battles", sub_event_type="Armed clash", date="2024-02-13",
             actor1=AZE_FORCES, actor2=ARM_FORCES, fatalities=Range(4, 4, 4),
             location=Location("Nerkin Hand", "Syunik", None, "Armenia", "ARM", 39.2, 46.4, 1),
             claims=(("Armenia's defence ministry", "asserts",
                      "Four Armenian soldiers were killed and one was wounded on Tuesday"),
                     ("Azerbaijan's defence ministry", "denies",
                      "Azerbaijan's defence ministry denied the report, calling it disinformation.")),
             evidence=(("fatalities", "Four Armenian soldiers were killed"),
                       ("location", "near Nerkin Hand")),
             contested=True)],
    ),
    (
        "ukr-1", "AP", "https://example.org/ukr-1", "Drone strike on Kharkiv kills seven", "2024-03-02",
        UKR_TEXT,
        [_ev("e1", UKR_TEXT, event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
             date="2024-03-02", actor1=Actor("Military Forces of Russia", 8, "Russia", "RUS"),
             actor2=Actor("Civilians (Ukraine)", 7, "Ukraine", "UKR"), fatalities=Range(7, 7, 7),
             location=Location("Kharkiv", "Kharkiv", None, "Ukraine", "UKR", 49.99, 36.23, 1),
             claims=(("the regional governor", "asserts", "killed seven people"),),
             evidence=(("fatalities", "killed seven people"),))],
    ),
    (
        "sdn-1", "Radio Dabanga", "https://example.org/sdn-1", "RSF attack camp near El Fasher", "2024-03-10",
        SDN_TEXT,
        [_ev("e1", SDN_TEXT, event_type="Violence against civilians", sub_event_type="Attack",
             date="2024-03-10", actor1=Actor("Rapid Support Forces", 2, "Sudan", "SDN"),
             actor2=Actor("Civilians (Sudan)", 7, "Sudan", "SDN"), fatalities=Range(12, 12, 20),
             location=Location("El Fasher", "North Darfur", None, "Sudan", "SDN", 13.63, 25.35, 2),
             claims=(("local activists", "asserts", "killing at least 12 civilians"),),
             evidence=(("fatalities", "at least 12 civilians"),))],
    ),
    (
        "geo-1", "Civil.ge", "https://example.org/geo-1", "Tbilisi protest", "2024-03-05", GEO_TEXT,
        [_ev("e1", GEO_TEXT, event_type="Protests", sub_event_type="Peaceful protest", date="2024-03-05",
             actor1=Actor("Protesters (Georgia)", 6, "Georgia", "GEO"),
             location=Location("Tbilisi", "Tbilisi", None, "Georgia", "GEO", 41.69, 44.8, 1),
             evidence=(("event_type", "protested peacefully"),))],
    ),
    (
        "hist-1", "DW", "https://example.org/hist-1", "Background: the 2020 war", "2024-02-14", HIST_TEXT,
        [_ev("e1", HIST_TEXT, event_type="Battles", sub_event_type="Armed clash", date="2020-09-27",
             actor1=AZE_FORCES, actor2=ARM_FORCES, fatalities=Range(1000, 1000, 7000),
             location=Location("Nagorno-Karabakh", None, None, "Azerbaijan", "AZE", 39.8, 46.75, 3),
             background=True)],
    ),
    (
        "agr-1", "DW", "https://example.org/agr-1", "Border talks", "2024-02-20", AGREEMENT_TEXT,
        [_ev("e1", AGREEMENT_TEXT, event_type="Strategic developments", sub_event_type="Agreement",
             date="2024-02-20", actor1=Actor("Government of Armenia", 1, "Armenia", "ARM"),
             actor2=Actor("Government of Azerbaijan", 1, "Azerbaijan", "AZE"),
             location=Location(None, None, None, "Armenia", "ARM", None, None, 3))],
    ),
]


def fill_store(path: Path, samples: list[Any] | None = None) -> dict[str, str]:
    """Store the sample articles; returns {article id: stored event id} (one event each)."""
    ids: dict[str, str] = {}
    with DuckDBStore(path) as store:
        for aid, source, url, title, published, text, events in samples or SAMPLES:
            art = Article(id=aid, text=text, published=published, title=title, url=url, source=source)
            doc = Document(title=title, text=text, published=published, url=url, source=source, language="en")
            store.add_result(art, Result(id=aid, document=doc, events=tuple(events)))
            ids[aid] = store.event_ids_for_article(art.content_hash)[0]
    return ids


def _settings(db: Path, token: str | None = None) -> Settings:
    return Settings(api=ApiSettings(token=token)).with_db(db)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "api.duckdb"


@pytest.fixture()
def ids(db: Path) -> dict[str, str]:
    return fill_store(db)


@pytest.fixture(scope="module")
def ro_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One filled store shared by the read-only tests of this module."""
    path = tmp_path_factory.mktemp("api-ro") / "ro.duckdb"
    return path, fill_store(path)


@pytest.fixture()
def client(ro_db: tuple[Path, dict[str, str]]) -> TestClient:
    return TestClient(create_app(_settings(ro_db[0])))


def _fake_factory() -> Any:
    class FakePipeline:
        calls = 0

        def process(self, article: Article) -> Result:
            FakePipeline.calls += 1
            text = article.text or ""
            ev = _ev("fake", text, event_type="Riots", sub_event_type="Mob violence", date="2024-04-01",
                     actor1=Actor("Rioters (Kenya)", 5, "Kenya", "KEN"), fatalities=Range(2, 2, 2),
                     location=Location("Nairobi", "Nairobi", None, "Kenya", "KEN", -1.29, 36.82, 1),
                     evidence=(("fatalities", text[:10]),))
            doc = Document(title=article.title, text=text, published=article.published, source=article.source)
            return Result(id=article.id, document=doc, events=(ev,))

    return FakePipeline()


@pytest.fixture()
def writer(db: Path, ids: dict[str, str]) -> TestClient:
    return TestClient(create_app(_settings(db, TOKEN), pipeline_factory=_fake_factory))


def assert_error(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error", "detail", "status"}, body
    assert body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["detail"], str) and body["detail"]
    ErrorOut.model_validate(body)
    return body


def _dates(resp: Any) -> list[str]:
    return [e["event_date"] for e in resp.json()["events"]]


def _countries(resp: Any) -> set[str]:
    return {e["location"]["country"] for e in resp.json()["events"]}


# -- reads -----------------------------------------------------------------------------------
def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["store"] == "ok"
    assert body["counts"]["events"] == 6 and body["counts"]["articles"] == 6
    assert body["writes"] is False


def test_missing_store_reads_are_empty_not_500(tmp_path: Path) -> None:
    c = TestClient(create_app(_settings(tmp_path / "none.duckdb")))
    assert c.get("/health").json()["store"] == "missing"
    assert c.get("/events").json() == {"total": 0, "page": 1, "page_size": 100, "events": []}
    assert c.get("/events.geojson").json()["features"] == []
    assert c.get("/stats?by=country").json()["groups"] == []
    assert c.get("/export?format=jsonl").text == ""
    assert_error(c.get("/events/abc"), 404)
    assert not (tmp_path / "none.duckdb").exists(), "a read must not create the store"


def test_events_default_page(client: TestClient) -> None:
    resp = client.get("/events")
    body = resp.json()
    EventPage.model_validate(body)
    assert body["total"] == 5 and body["page"] == 1 and body["page_size"] == 100
    # Newest first; the background event (2020) is left out by default.
    assert _dates(resp) == ["2024-03-10", "2024-03-05", "2024-03-02", "2024-02-20", "2024-02-13"]


def test_background_flag(client: TestClient) -> None:
    resp = client.get("/events", params={"background": "true"})
    assert resp.json()["total"] == 6
    assert "2020-09-27" in _dates(resp)


@pytest.mark.parametrize(
    ("params", "expected_dates"),
    [
        ({"since": "2024-03-01"}, ["2024-03-10", "2024-03-05", "2024-03-02"]),
        ({"until": "2024-02-20"}, ["2024-02-20", "2024-02-13"]),
        ({"since": "2024-02-14", "until": "2024-03-04"}, ["2024-03-02", "2024-02-20"]),
        ({"country": "armenia"}, ["2024-02-20", "2024-02-13"]),
        ({"iso3": "ukr"}, ["2024-03-02"]),
        ({"admin1": "north darfur"}, ["2024-03-10"]),
        ({"event_type": "Protests"}, ["2024-03-05"]),
        ({"sub_event_type": "Air/drone strike"}, ["2024-03-02"]),
        ({"actor": "rapid support"}, ["2024-03-10"]),
        ({"actor": "Azerbaijan"}, ["2024-02-20", "2024-02-13"]),
        ({"min_fatalities": 5}, ["2024-03-10", "2024-03-02"]),
        ({"contested": "true"}, ["2024-02-13"]),
        ({"contested": "false"}, ["2024-03-10", "2024-03-05", "2024-03-02", "2024-02-20"]),
        ({"bbox": "44,38,47,42"}, ["2024-03-05", "2024-02-13"]),  # Caucasus: Tbilisi, Nerkin Hand
        ({"q": "disinformation"}, ["2024-02-13"]),
        ({"q": "Kharkiv"}, ["2024-03-02"]),
        ({"country": "Armenia", "contested": "true"}, ["2024-02-13"]),
        ({"country": "Atlantis"}, []),
        ({"background": "true", "event_type": "Battles"}, ["2024-02-13", "2020-09-27"]),
    ],
)
def test_event_filters(client: TestClient, params: dict[str, Any], expected_dates: list[str]) -> None:
    resp = client.get("/events", params=params)
    assert resp.status_code == 200, resp.text
    assert _dates(resp) == expected_dates
    assert resp.json()["total"] == len(expected_dates)


def test_sorting(client: TestClient) -> None:
    assert _dates(client.get("/events", params={"sort": "-date"}))[0] == "2024-02-13"
    fat = [e["acled_fatalities"] for e in client.get("/events", params={"sort": "fatalities"}).json()["events"]]
    assert fat == sorted(fat, reverse=True) and fat[0] == 12
    assert_error(client.get("/events", params={"sort": "random"}), 422)


def test_pagination_and_caps(client: TestClient) -> None:
    p1 = client.get("/events", params={"page_size": 2}).json()
    p2 = client.get("/events", params={"page_size": 2, "page": 2}).json()
    p3 = client.get("/events", params={"page_size": 2, "page": 3}).json()
    assert (p1["total"], p1["page"], p1["page_size"]) == (5, 1, 2)
    assert [len(p["events"]) for p in (p1, p2, p3)] == [2, 2, 1]
    seen = [e["event_id"] for p in (p1, p2, p3) for e in p["events"]]
    assert len(set(seen)) == 5
    beyond = client.get("/events", params={"page_size": 2, "page": 99}).json()
    assert beyond["events"] == [] and beyond["total"] == 5
    assert client.get("/events", params={"page_size": 500}).status_code == 200
    body = assert_error(client.get("/events", params={"page_size": 501}), 422)
    assert "page_size" in body["detail"]
    assert_error(client.get("/events", params={"page": 0}), 422)
    assert_error(client.get("/events", params={"page_size": 0}), 422)
    assert_error(client.get("/events.geojson", params={"limit": 50_001}), 422)


@pytest.mark.parametrize(
    "params",
    [
        {"since": "yesterday"},
        {"until": "2024-13-45"},
        {"min_fatalities": -1},
        {"min_fatalities": "many"},
        {"contested": "perhaps"},
        {"event_type": "Skirmish"},
        {"sub_event_type": "Duel"},
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "10,0,5,1"},  # west > east
        {"bbox": "0,0,1,100"},  # north > 90
        {"bbox": "nan,0,1,1"},
        {"q": "x" * 201},
    ],
)
def test_bad_params_are_422_in_the_error_shape(client: TestClient, params: dict[str, Any]) -> None:
    for path in ("/events", "/events.geojson", "/stats", "/export?format=jsonl"):
        assert_error(client.get(path, params=params), 422)


def test_event_detail(client: TestClient, ro_db: tuple[Path, dict[str, str]]) -> None:
    ids = ro_db[1]
    resp = client.get(f"/events/{ids['arm-1']}")
    assert resp.status_code == 200
    ev = resp.json()
    EventDetail.model_validate(ev)
    assert ev["event_id"] == ids["arm-1"] and ev["contested"] is True
    assert [c["stance"] for c in ev["claims"]] == ["asserts", "denies"]
    assert len(ev["reports"]) == 1 and ev["reports"][0]["source"] == "Reuters"
    assert ev["revisions"] and ev["revisions"][0]["article_id"] == ev["reports"][0]["article_id"]
    aid = ev["reports"][0]["article_id"]
    art = ev["articles"][aid]
    assert art["text"] == ARM_TEXT and art["title"].startswith("Four Armenian")
    assert art["source"] == "Reuters" and art["url"] == "https://example.org/arm-1"
    # Evidence and claim spans index into the article text, so the dashboard can mark them.
    assert [e["text"] for e in art["evidence"]] == [e["text"] for e in ev["evidence"]]
    for e in art["evidence"]:
        assert art["text"][e["start"]:e["end"]] == e["text"]
    for c in ev["claims"]:
        assert art["text"][c["start"]:c["end"]] == c["statement"]


def test_unknown_event_is_404(client: TestClient) -> None:
    body = assert_error(client.get("/events/0123456789abcdef"), 404)
    assert body["error"] == "not_found"
    assert_error(client.get("/events/" + "x" * 201), 422)


def test_unknown_route_and_method_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/no/such/thing"), 404)
    assert_error(client.put("/events"), 405)


def test_geojson(client: TestClient, ro_db: tuple[Path, dict[str, str]]) -> None:
    ids = ro_db[1]
    resp = client.get("/events.geojson")
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/geo+json")
    fc = resp.json()
    FeatureCollection.model_validate(fc)
    assert fc["type"] == "FeatureCollection" and fc["total"] == 5 and len(fc["features"]) == 5
    by_id = {f["id"]: f for f in fc["features"]}
    arm = by_id[ids["arm-1"]]
    assert arm["geometry"] == {"type": "Point", "coordinates": [46.4, 39.2]}
    props = arm["properties"]
    assert props["contested"] is True and props["fatalities"] == 4 and props["sources"] == "Reuters"
    assert props["event_type"] == "Battles" and props["country"] == "Armenia" and props["n_reports"] == 1
    assert by_id[ids["agr-1"]]["geometry"] is None  # no coordinates: kept, without geometry
    sdn = client.get("/events.geojson", params={"country": "Sudan"}).json()
    assert [f["properties"]["location"] for f in sdn["features"]] == ["El Fasher"]
    limited = client.get("/events.geojson", params={"limit": 2}).json()
    assert len(limited["features"]) == 2 and limited["total"] == 5


def test_stats(client: TestClient) -> None:
    day = client.get("/stats").json()
    StatsOut.model_validate(day)
    assert day["by"] == "day" and day["events"] == 5 and day["fatalities"] == 4 + 7 + 12
    assert {g["key"]: g["events"] for g in day["groups"]}["2024-03-10"] == 1
    country = {g["key"]: g for g in client.get("/stats", params={"by": "country"}).json()["groups"]}
    assert country["Armenia"]["events"] == 2 and country["Armenia"]["fatalities"] == 4
    types = {g["key"]: g["events"] for g in client.get("/stats", params={"by": "type"}).json()["groups"]}
    assert types == {"Battles": 1, "Explosions/Remote violence": 1, "Violence against civilians": 1,
                     "Protests": 1, "Strategic developments": 1}
    week = client.get("/stats", params={"by": "week"}).json()["groups"]
    assert sum(g["events"] for g in week) == 5 and all(g["key"] for g in week)
    sub = client.get("/stats", params={"by": "sub_event_type", "country": "Armenia"}).json()
    assert {g["key"] for g in sub["groups"]} == {"Armed clash", "Agreement"}
    bg = client.get("/stats", params={"by": "country", "background": "true"}).json()
    assert bg["events"] == 6
    assert_error(client.get("/stats", params={"by": "month"}), 422)


def test_export_csv(client: TestClient, ro_db: tuple[Path, dict[str, str]]) -> None:
    ids = ro_db[1]
    resp = client.get("/export", params={"format": "acled-csv"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/csv")
    assert 'filename="conflictwatch-events.csv"' in resp.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 5
    assert list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]
    arm = next(r for r in rows if r["event_id_cnty"] == ids["arm-1"])
    assert arm["fatalities"] == "4" and arm["contested"] == "True" and arm["iso"] == "ARM"
    only = client.get("/export", params={"format": "acled-csv", "country": "Ukraine"})
    assert len(list(csv.DictReader(io.StringIO(only.text)))) == 1


def test_export_jsonl_and_geojson(client: TestClient) -> None:
    resp = client.get("/export", params={"format": "jsonl", "background": "true"})
    assert resp.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(x) for x in resp.text.splitlines()]
    assert len(lines) == 6 and all("reports" in e for e in lines)
    gj = client.get("/export", params={"format": "geojson", "contested": "true"}).json()
    assert len(gj["features"]) == 1 and gj["features"][0]["properties"]["claims"]


def test_export_parquet(client: TestClient, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    resp = client.get("/export", params={"format": "parquet", "min_fatalities": 1})
    assert resp.status_code == 200
    assert resp.content[:4] == b"PAR1"
    out = tmp_path / "x.parquet"
    out.write_bytes(resp.content)
    table = pq.read_table(out)
    assert table.num_rows == 3
    assert {"event_id_cnty", "fatalities", "data"} <= set(table.column_names)


def test_export_needs_a_known_format(client: TestClient) -> None:
    assert_error(client.get("/export"), 422)
    assert_error(client.get("/export", params={"format": "xls"}), 422)


# -- writes ----------------------------------------------------------------------------------
RECORD = {"id": "ken-1", "text": "Two people were killed in riots in Nairobi on Monday.",
          "published": "2024-04-01", "title": "Riots in Nairobi", "source": "Nation"}


def test_writes_refused_without_a_configured_token(client: TestClient) -> None:
    body = assert_error(client.post("/articles", json=RECORD), 403)
    assert "token" in body["detail"].lower()
    # Even a client that sends a token cannot write when the server has none.
    assert_error(client.post("/articles", json=RECORD, headers={"Authorization": "Bearer x"}), 403)


def test_write_without_or_with_a_wrong_token_is_401(writer: TestClient) -> None:
    assert_error(writer.post("/articles", json=RECORD), 401)
    assert_error(writer.post("/articles", json=RECORD, headers={"Authorization": "Bearer nope"}), 401)
    assert_error(writer.post("/articles", json=RECORD, headers={"X-Token": "nope"}), 401)
    assert_error(writer.post("/articles", json=RECORD, headers={"Authorization": f"Basic {TOKEN}"}), 401)
    assert writer.get("/health").json()["counts"]["articles"] == 6


def test_post_article_with_token_stores_it(writer: TestClient) -> None:
    resp = writer.post("/articles", json=RECORD, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["stored"] == 1
    (item,) = body["results"]
    assert item["id"] == "ken-1" and item["status"] == "stored" and len(item["events"]) == 1
    ev = writer.get(f"/events/{item['events'][0]}").json()
    assert ev["location"]["country"] == "Kenya"
    assert ev["articles"][item["article_id"]]["text"] == RECORD["text"]
    assert writer.get("/events", params={"country": "Kenya"}).json()["total"] == 1
    assert writer.get("/health").json()["counts"]["articles"] == 7
    # The same article again is stored once.
    again = writer.post("/articles", json=RECORD, headers={"X-Token": TOKEN})
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "duplicate"
    assert writer.get("/health").json()["counts"]["articles"] == 7


def test_post_a_list_of_records(writer: TestClient) -> None:
    recs = [dict(RECORD, id="a", text="First riot report."), dict(RECORD, id="b", text="Second riot report.")]
    resp = writer.post("/articles", json=recs, headers={"X-Token": TOKEN})
    assert resp.status_code == 201
    assert [r["id"] for r in resp.json()["results"]] == ["a", "b"]
    assert writer.get("/health").json()["counts"]["articles"] == 8


def test_post_creates_a_missing_store(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "new.duckdb"
    c = TestClient(create_app(_settings(db, TOKEN), pipeline_factory=_fake_factory))
    assert c.post("/articles", json=RECORD, headers={"X-Token": TOKEN}).status_code == 201
    assert db.exists() and c.get("/events").json()["total"] == 1


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b"{not json", "JSON"),
        (b"[]", "no records"),
        (b"42", "JSON object"),
        (json.dumps({"id": "x"}).encode(), "text"),
        (json.dumps([RECORD, {"id": "y", "text": 5}]).encode(), "record 2"),
        (json.dumps([dict(RECORD, id=str(i)) for i in range(101)]).encode(), "at most 100"),
    ],
)
def test_bad_bodies_are_422(writer: TestClient, body: bytes, needle: str) -> None:
    resp = writer.post("/articles", content=body, headers={"X-Token": TOKEN, "Content-Type": "application/json"})
    assert needle in assert_error(resp, 422)["detail"]


def test_big_body_is_413(writer: TestClient) -> None:
    big = json.dumps({"id": "big", "text": "x" * (5 * 1024 * 1024 + 10)}).encode()
    body = assert_error(writer.post("/articles", content=big, headers={"X-Token": TOKEN}), 413)
    assert "MB" in body["detail"]

    def chunks():  # no Content-Length: counted as it streams in
        for _ in range(6):
            yield b"x" * (1024 * 1024)

    assert_error(writer.post("/articles", content=chunks(), headers={"X-Token": TOKEN}), 413)
    assert writer.get("/health").json()["counts"]["articles"] == 6


def test_real_pipeline_ingest(db: Path, ids: dict[str, str], request: pytest.FixtureRequest) -> None:
    pytest.importorskip("conflictwatch.coding")
    pytest.importorskip("conflictwatch.geo")
    # The session's shared Pipeline (conftest.py): its model and gazetteer are loaded once per run.
    pipeline = request.getfixturevalue("pipeline")
    c = TestClient(create_app(_settings(db, TOKEN), pipeline_factory=lambda: pipeline))
    rec = {"id": "real-1", "published": "2024-02-13", "source": "Test",
           "text": ("Four Armenian soldiers were killed on Tuesday when Azerbaijani forces opened fire "
                    "on positions near the village of Nerkin Hand, Armenia's defence ministry said.")}
    resp = c.post("/articles", json=rec, headers={"X-Token": TOKEN})
    assert resp.status_code == 201, resp.text
    (item,) = resp.json()["results"]
    assert item["status"] in {"stored", "skipped"}
    assert c.get("/health").json()["counts"]["articles"] == 7


def test_an_unexpected_fault_is_500_in_the_error_shape(db: Path, ids: dict[str, str]) -> None:
    class Broken:
        def process(self, article: Article) -> Result:
            raise RuntimeError("boom")

    c = TestClient(create_app(_settings(db, TOKEN), pipeline_factory=Broken), raise_server_exceptions=False)
    body = assert_error(c.post("/articles", json=RECORD, headers={"X-Token": TOKEN}), 500)
    assert "boom" not in body["detail"]  # internals stay in the server log


# -- the store held by another process ------------------------------------------------------
def test_store_locked_by_another_process_is_503(db: Path, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from conflictwatch.api import storage

    monkeypatch.setattr(storage, "RETRY_DELAYS", (0.01, 0.01))
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()",
         str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        c = TestClient(create_app(_settings(db)))
        resp = c.get("/events")
        body = assert_error(resp, 503)
        assert "another process" in body["detail"] and resp.headers.get("retry-after")
        assert c.get("/health").json()["store"] == "busy"
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert c.get("/events").json()["total"] == 5


# -- docs, schema, dashboard, CORS -----------------------------------------------------------
def test_openapi_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/events", "/events.geojson", "/events/{event_id}", "/stats", "/export", "/articles",
            "/health"} <= set(schema["paths"])
    post = schema["paths"]["/articles"]["post"]
    assert "requestBody" in post and post.get("security")
    assert "HTTPValidationError" not in json.dumps(schema)  # 422 is documented with the one error shape


def test_docs_work_offline(client: TestClient) -> None:
    resp = client.get("/docs")
    assert resp.status_code == 200
    html = resp.text
    assert "http://" not in html and "https://" not in html and "cdn" not in html.lower()
    assert "/static/vendor/swagger-ui-bundle.js" in html and "/static/vendor/swagger-ui.css" in html
    for asset in ("/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css",
                  "/static/vendor/favicon-32x32.png"):
        assert client.get(asset).status_code == 200, asset


def test_dashboard_and_its_assets_are_served_locally(client: TestClient) -> None:
    resp = client.get("/")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    html = resp.text
    assert "http://" not in html and "https://" not in html
    assert "default-src 'self'" in resp.headers["content-security-policy"]
    for asset in ("/static/app.js", "/static/style.css", "/static/vendor/d3-geo.min.js",
                  "/static/vendor/d3-array.min.js", "/static/vendor/topojson-client.min.js",
                  "/static/vendor/countries-50m.json"):
        assert asset in html or asset.endswith(".json"), asset
        assert client.get(asset).status_code == 200, asset
    assert "countries-50m.json" in client.get("/static/app.js").text
    assert_error(client.get("/static/nope.js"), 404)


def test_cors_closed_by_default(client: TestClient) -> None:
    resp = client.get("/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in resp.headers
    pre = client.options("/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in pre.headers


def test_cors_open_to_configured_origins(db: Path, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFLICTWATCH_CORS_ORIGINS", "https://maps.example, https://other.example")
    c = TestClient(create_app(_settings(db)))
    ok = c.get("/events", headers={"Origin": "https://maps.example"})
    assert ok.headers["access-control-allow-origin"] == "https://maps.example"
    bad = c.get("/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in bad.headers
