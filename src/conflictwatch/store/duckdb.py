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
        doc = result.document
        report_id = content_id(aid, ev.event_id)
        # Until reports are merged across articles, each report is its own canonical event.
        event_id = report_id
        report = {
            "article_id": aid,
            "url": doc.url if doc else None,
            "source": doc.source if doc else None,
            "published": doc.published if doc else None,
            "title": doc.title if doc else None,
            "fatalities": to_json(ev.fatalities),
            "claims": to_json(ev.claims),
        }
        data = to_json(ev)
        data["event_id"] = event_id
        data["reports"] = [report]
        data["first_reported"] = report["published"] or now.date().isoformat()
        data["last_updated"] = now.isoformat(timespec="seconds")
        data["revisions"] = [{"at": data["last_updated"], "article_id": aid, "change": "created"}]
        self.con.execute(
            "INSERT INTO reports VALUES (?, ?, ?, ?)", [report_id, aid, event_id, json.dumps(to_json(ev))]
        )
        loc, a1, a2, fat = ev.location, ev.actor1, ev.actor2, ev.fatalities
        self.con.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                event_id, ev.event_date, ev.time_precision, ev.event_type, ev.sub_event_type,
                a1.name if a1 else None, a2.name if a2 else None,
                a1.inter if a1 else None, a2.inter if a2 else None, ev.interaction,
                loc.country if loc else None, loc.iso3 if loc else None, loc.admin1 if loc else None,
                loc.name if loc else None, loc.latitude if loc else None, loc.longitude if loc else None,
                loc.geo_precision if loc else None,
                fat.low if fat else None, fat.best if fat else None, fat.high if fat else None,
                ev.acled_fatalities, ev.contested, ev.background, ev.confidence,
                data["first_reported"], data["last_updated"], json.dumps(data),
            ],
        )
        for n, c in enumerate(ev.claims):
            self.con.execute(
                "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [report_id, event_id, aid, n, c.source, c.stance, c.statement, c.start, c.end],
            )

    # -- reads ------------------------------------------------------------------------------
    def events(
        self,
        *,
        include_background: bool = False,
        limit: int | None = None,
        **filters: Any,
    ) -> Iterator[dict[str, Any]]:
        """Stored events as JSON records (interfaces.md), newest first; filters as in FILTERS."""
        where, params = [], []
        for name, value in filters.items():
            if value is None:
                continue
            if name not in FILTERS:
                raise StoreError(f"unknown filter {name!r}; use one of {', '.join(FILTERS)}")
            clause = FILTERS[name]
            if name == "actor":
                params += [f"%{value}%", f"%{value}%"]
            else:
                params.append(value)
            where.append(clause)
        if not include_background:
            where.append("NOT background")
        sql = "SELECT data FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_date DESC NULLS LAST, event_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        for (data,) in self.con.execute(sql, params).fetchall():
            yield json.loads(data)

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
