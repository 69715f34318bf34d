"""The embedded default store: one DuckDB file, a versioned schema, one transaction per article."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from conflictwatch.errors import StoreError
from conflictwatch.records import Article, Event, Result, Skipped, content_id, to_json

SCHEMA_PACKAGE = "conflictwatch.store"


def _migrations() -> list[tuple[int, str]]:
    """The schema's SQL files, in version order (NNN_name.sql)."""
    folder = resources.files(SCHEMA_PACKAGE) / "schema"
    out = []
    for f in folder.iterdir():
        if f.name.endswith(".sql"):
            out.append((int(f.name.split("_", 1)[0]), f.read_text(encoding="utf-8")))
    return sorted(out)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


# Filters every query verb accepts: name -> (SQL with one placeholder, how to convert the value).
FILTERS: dict[str, str] = {
    "since": "event_date >= ?",
    "until": "event_date <= ?",
    "country": "lower(country) = lower(?)",
    "iso3": "upper(iso3) = upper(?)",
    "event_type": "event_type = ?",
    "sub_event_type": "sub_event_type = ?",
    "actor": "(lower(actor1) LIKE lower(?) OR lower(actor2) LIKE lower(?))",
    "min_fatalities": "coalesce(acled_fatalities, 0) >= ?",
    "contested": "contested = ?",
    "admin1": "lower(admin1) = lower(?)",
    "q": "lower(data) LIKE lower(?)",
}
# A bounding box is four numbers: west, south, east, north.
BBOX_SQL = "latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?"
SORTS = {
    "date": "event_date DESC NULLS LAST, event_id",
    "-date": "event_date ASC NULLS LAST, event_id",
    "fatalities": "acled_fatalities DESC, event_date DESC NULLS LAST, event_id",
}
STATS_BY = {
    "day": "event_date",
    "week": "strftime(date_trunc('week', try_cast(event_date AS DATE)), '%Y-%m-%d')",
    "type": "event_type",
    "sub_event_type": "sub_event_type",
    "country": "country",
}


class DuckDBStore:
    """Articles, skips, reports, events, claims and places in one DuckDB file."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        import duckdb

        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `conflictwatch ingest` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}".splitlines()[0]) from exc
        if not read_only:
            self.migrate()

    # -- schema -----------------------------------------------------------------------------
    def schema_version(self) -> int:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> int:
        current = self.schema_version()
        for version, sql in _migrations():
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_version VALUES (?)", [version])
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise
            current = version
        return current

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "DuckDBStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -----------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        return row is not None

    def add_skip(self, origin: str | None, skipped: Skipped, *, article_id: str | None = None) -> None:
        """Record an input that could not be read or coded; recording it twice adds nothing."""
        key = content_id(origin or "", article_id or "", skipped.reason, skipped.detail)
        self.con.execute(
            "INSERT OR IGNORE INTO skips VALUES (?, ?, ?, ?, ?, ?)",
            [key, article_id, origin, skipped.reason, skipped.detail, _now()],
        )

    def add_result(self, article: Article, result: Result) -> bool:
        """Store one article's result in one transaction; False when it was already stored."""
        aid = article.content_hash
        if self.has_article(aid):
            return False
        doc = result.document
        now = _now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    aid,
                    article.id,
                    article.origin,
                    doc.url if doc else article.url,
                    doc.title if doc else article.title,
                    doc.source if doc else article.source,
                    doc.published if doc else article.published,
                    doc.language if doc else article.language,
                    json.dumps(list(doc.credits) if doc else []),
                    doc.author if doc else None,
                    doc.text if doc else None,
                    "skipped" if result.skipped else "coded",
                    now,
                ],
            )
            if result.skipped:
                self.add_skip(article.origin, result.skipped, article_id=aid)
            for n, p in enumerate(result.places):
                self.con.execute(
                    "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [aid, n, p.text, p.start, p.end, p.name, p.latitude, p.longitude,
                     p.geonameid, p.feature_code, p.country, p.iso3, p.admin1],
                )
            for ev in result.events:
                self._add_report(aid, article, result, ev, now)
            self.con.execute("COMMIT")
        except Exception as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"could not store article {article.id}: {exc}") from exc
        return True

    def _add_report(self, aid: str, article: Article, result: Result, ev: Event, now: datetime) -> None:
        """Store one coded report and merge it into the canonical event it belongs to."""
        doc = result.document
        report_id = content_id(aid, ev.event_id)
        meta = {
            "article_id": aid,
            "url": doc.url if doc else article.url,
            "source": doc.source if doc else article.source,
            "published": doc.published if doc else article.published,
            "title": doc.title if doc else article.title,
        }
        data = to_json(ev)
        loc = ev.location
        self.con.execute(
            "INSERT INTO reports (report_id, article_id, event_id, data, meta, event_date, iso3) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [report_id, aid, report_id, json.dumps(data), json.dumps(meta), ev.event_date,
             loc.iso3 if loc else None],
        )
        self._link_new_report(report_id, data, article_id=aid)
        self._rebuild_component(report_id, article_id=aid, now=now)

    # -- merge ------------------------------------------------------------------------------
    def _candidates(self, article_id: str, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """Reports of other articles that could be the same event: same country (or unknown) within
        the widest window. Reports of one article are never merged: the coder already split them."""
        from datetime import date, timedelta

        from conflictwatch.merge import DATE_WINDOW

        iso3 = (data.get("location") or {}).get("iso3")
        day = data.get("event_date")
        sql = "SELECT report_id, data FROM reports WHERE article_id <> ?"
        params: list[Any] = [article_id]
        if iso3:
            sql += " AND (iso3 = ? OR iso3 IS NULL)"
            params.append(iso3)
        if day:
            try:
                d = date.fromisoformat(day[:10])
            except ValueError:
                d = None
            if d is not None:
                w = timedelta(days=max(DATE_WINDOW.values()))
                sql += " AND (event_date IS NULL OR event_date BETWEEN ? AND ?)"
                params += [(d - w).isoformat(), (d + w).isoformat()]
        return [(rid, json.loads(d)) for rid, d in self.con.execute(sql, params).fetchall()]

    def _link_new_report(self, report_id: str, data: dict[str, Any], *, article_id: str) -> None:
        from conflictwatch.merge import link, report_key

        me = report_key(report_id, data)
        for other_id, other in self._candidates(article_id, data):
            score, parts, linked = link(me, report_key(other_id, other))
            a, b = sorted((report_id, other_id))
            self.con.execute(
                "INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?)", [a, b, score, json.dumps(parts), linked]
            )

    def _neighbours(self, report_id: str) -> set[str]:
        rows = self.con.execute(
            "SELECT report_a, report_b FROM links l WHERE (report_a = ? OR report_b = ?) AND linked "
            "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.report_a = l.report_a "
            "AND d.report_b = l.report_b AND d.decision = 'split') "
            "UNION SELECT report_a, report_b FROM decisions WHERE (report_a = ? OR report_b = ?) "
            "AND decision = 'join'",
            [report_id, report_id, report_id, report_id],
        ).fetchall()
        return {b if a == report_id else a for a, b in rows}

    def _component(self, report_id: str) -> list[str]:
        seen, todo = {report_id}, [report_id]
        while todo:
            for n in self._neighbours(todo.pop()):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return sorted(seen)

    def _rebuild_component(self, report_id: str, *, article_id: str | None, now: datetime) -> None:
        """Recompute the canonical event of the component holding report_id (and drop stale ones)."""
        from conflictwatch.merge import aggregate, canonical_id, changes

        members = self._component(report_id)
        marks = ", ".join("?" for _ in members)
        rows = self.con.execute(
            f"SELECT report_id, event_id, data, meta FROM reports WHERE report_id IN ({marks})", members
        ).fetchall()
        old_ids = sorted({r[1] for r in rows})
        reports = [{"report_id": r[0], "event": json.loads(r[2]), "meta": json.loads(r[3] or "{}")} for r in rows]
        new_id = canonical_id(members)
        merged = aggregate(reports)
        merged["event_id"] = new_id
        old_events = [self.get_event(i) for i in old_ids]
        old_events = [e for e in old_events if e is not None]
        previous = next((e for e in old_events if e["event_id"] == new_id), None)
        revisions = sorted(
            (r for e in old_events for r in e.get("revisions", [])), key=lambda r: (r.get("at", ""), json.dumps(r))
        )
        diff = changes(previous, {**merged})
        if diff:
            revisions.append({"at": now.isoformat(timespec="seconds"), "article_id": article_id,
                              "reports": len(members), "changes": diff})
        merged["revisions"] = revisions
        merged["last_updated"] = now.isoformat(timespec="seconds") if diff else (previous or {}).get("last_updated")
        for old in old_ids:
            self.con.execute("DELETE FROM events WHERE event_id = ?", [old])
            self.con.execute("DELETE FROM claims WHERE event_id = ?", [old])
        self.con.execute(f"UPDATE reports SET event_id = ? WHERE report_id IN ({marks})", [new_id, *members])
        self._write_event(merged)

    def _write_event(self, ev: dict[str, Any]) -> None:
        loc, a1, a2, fat = ev.get("location") or {}, ev.get("actor1") or {}, ev.get("actor2") or {}, ev.get("fatalities") or {}
        self.con.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ev["event_id"], ev.get("event_date"), ev.get("time_precision"), ev.get("event_type"),
                ev.get("sub_event_type"), a1.get("name"), a2.get("name"), a1.get("inter"), a2.get("inter"),
                ev.get("interaction"), loc.get("country"), loc.get("iso3"), loc.get("admin1"), loc.get("name"),
                loc.get("latitude"), loc.get("longitude"), loc.get("geo_precision"),
                fat.get("low"), fat.get("best"), fat.get("high"), ev.get("acled_fatalities") or 0,
                bool(ev.get("contested")), bool(ev.get("background")), ev.get("confidence"),
                ev.get("first_reported"), ev.get("last_updated"), json.dumps(ev),
            ],
        )
        for n, c in enumerate(ev.get("claims", [])):
            self.con.execute(
                "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [ev["event_id"] + f":{n}", ev["event_id"], c.get("article_id"), n, c.get("source"),
                 c.get("stance"), c.get("statement"), c.get("start"), c.get("end")],
            )

    def _decide(self, a: str, b: str, decision: str) -> None:
        x, y = sorted((a, b))
        self.con.execute("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?)", [x, y, decision, _now()])

    def split_report(self, report_id: str) -> list[str]:
        """Split a report off its event; recorded, so re-ingest keeps it apart. Returns the event ids."""
        row = self.con.execute("SELECT event_id FROM reports WHERE report_id = ?", [report_id]).fetchone()
        if row is None:
            raise StoreError(f"no report {report_id}; `conflictwatch events show EVENT_ID` lists report ids")
        others = [r[0] for r in self.con.execute(
            "SELECT report_id FROM reports WHERE event_id = ? AND report_id <> ?", [row[0], report_id]).fetchall()]
        self.con.execute("BEGIN TRANSACTION")
        try:
            for o in others:
                self._decide(report_id, o, "split")
            now = _now()
            self._rebuild_component(report_id, article_id=None, now=now)
            if others:
                self._rebuild_component(others[0], article_id=None, now=now)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return sorted({self._event_of(report_id)} | ({self._event_of(others[0])} if others else set()))

    def join_events(self, event_a: str, event_b: str) -> str:
        """Join two events into one; recorded, so re-ingest keeps them together. Returns the event id."""
        ra = self.con.execute("SELECT min(report_id) FROM reports WHERE event_id = ?", [event_a]).fetchone()
        rb = self.con.execute("SELECT min(report_id) FROM reports WHERE event_id = ?", [event_b]).fetchone()
        if not ra or ra[0] is None or not rb or rb[0] is None:
            raise StoreError(f"no event {event_a if not ra or ra[0] is None else event_b}")
        self.con.execute("BEGIN TRANSACTION")
        try:
            # A join overrides earlier splits between the two events' reports.
            self.con.execute(
                "DELETE FROM decisions WHERE decision = 'split' AND report_a IN (SELECT report_id FROM reports "
                "WHERE event_id IN (?, ?)) AND report_b IN (SELECT report_id FROM reports WHERE event_id IN (?, ?))",
                [event_a, event_b, event_a, event_b],
            )
            self._decide(ra[0], rb[0], "join")
            self._rebuild_component(ra[0], article_id=None, now=_now())
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return self._event_of(ra[0])

    def _event_of(self, report_id: str) -> str:
        row = self.con.execute("SELECT event_id FROM reports WHERE report_id = ?", [report_id]).fetchone()
        return str(row[0]) if row else ""

    def merge_evidence(self, event_id: str) -> list[dict[str, Any]]:
        """Why the reports of an event were merged: each scored pair among them."""
        rows = self.con.execute(
            "SELECT l.report_a, l.report_b, l.score, l.parts, l.linked, d.decision FROM links l "
            "LEFT JOIN decisions d ON d.report_a = l.report_a AND d.report_b = l.report_b "
            "WHERE l.report_a IN (SELECT report_id FROM reports WHERE event_id = ?) "
            "AND l.report_b IN (SELECT report_id FROM reports WHERE event_id = ?) ORDER BY l.score DESC",
            [event_id, event_id],
        ).fetchall()
        return [{"report_a": a, "report_b": b, "score": s, "parts": json.loads(p), "linked": bool(k),
                 "decision": d} for a, b, s, p, k, d in rows]

    # -- reads ------------------------------------------------------------------------------
    @staticmethod
    def _where(include_background: bool, filters: dict[str, Any]) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for name, value in filters.items():
            if value is None:
                continue
            if name == "bbox":
                west, south, east, north = (float(x) for x in value)
                where.append(BBOX_SQL)
                params += [south, north, west, east]
                continue
            if name not in FILTERS:
                raise StoreError(f"unknown filter {name!r}; use one of {', '.join(FILTERS)}, bbox")
            if name == "actor":
                params += [f"%{value}%", f"%{value}%"]
            elif name == "q":
                params.append(f"%{value}%")
            else:
                params.append(value)
            where.append(FILTERS[name])
        if not include_background:
            where.append("NOT background")
        return (" WHERE " + " AND ".join(where)) if where else "", params

    def events(
        self,
        *,
        include_background: bool = False,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "date",
        **filters: Any,
    ) -> Iterator[dict[str, Any]]:
        """Stored events as JSON records (interfaces.md), newest first; filters as in FILTERS."""
        if sort not in SORTS:
            raise StoreError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        where, params = self._where(include_background, filters)
        sql = "SELECT data FROM events" + where + " ORDER BY " + SORTS[sort]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        for (data,) in self.con.execute(sql, params).fetchall():
            yield json.loads(data)

    def count_events(self, *, include_background: bool = False, **filters: Any) -> int:
        where, params = self._where(include_background, filters)
        row = self.con.execute("SELECT count(*) FROM events" + where, params).fetchone()
        return int(row[0]) if row else 0

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        row = self.con.execute("SELECT data FROM events WHERE event_id = ?", [event_id]).fetchone()
        return json.loads(row[0]) if row else None

    def article_text(self, article_id: str) -> str | None:
        row = self.con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def stats(self, by: str, *, include_background: bool = False, **filters: Any) -> list[dict[str, Any]]:
        """Event counts and fatalities grouped by day, week, type, sub-event type or country."""
        if by not in STATS_BY:
            raise StoreError(f"unknown grouping {by!r}; use one of {', '.join(STATS_BY)}")
        where, params = self._where(include_background, filters)
        key = STATS_BY[by]
        sql = (
            f"SELECT {key} AS k, count(*), coalesce(sum(acled_fatalities), 0) FROM events{where} "
            "GROUP BY k ORDER BY k NULLS LAST"
        )
        return [{"key": k, "events": int(n), "fatalities": int(f)} for k, n, f in self.con.execute(sql, params).fetchall()]

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "events", "reports", "claims", "places", "skips"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - fixed names
            out[table] = int(row[0]) if row else 0
        return out

    def skips(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT origin, reason, detail FROM skips ORDER BY skipped_at, origin"
        ).fetchall()
        return [{"origin": o, "reason": r, "detail": d} for o, r, d in rows]
